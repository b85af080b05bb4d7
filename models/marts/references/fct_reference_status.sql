{#- The current reference status of every account and reference type: the latest row of the references
    log per account and type (changed_at up to as_of; the latest wins, ties by status severity), with its
    next step and owner. Types not in the log are "not started" (no row). -#}
with as_of as (
    select as_of from {{ ref('stg_extract__metadata') }}
),

ranked as (
    select
        log.*,
        row_number() over (
            partition by log.account_id, log.reference_type
            order by log.changed_at desc, case log.status when 'red' then 0 when 'amber' then 1 else 2 end
        ) as recency
    from {{ ref('stg_crm__references') }} as log
    cross join as_of
    where log.changed_at < {{ dbt.dateadd('day', 1, 'as_of.as_of') }}
)

select
    ranked.account_id,
    ranked.reference_type,
    types.scope as reference_scope,
    ranked.status,
    ranked.changed_at,
    ranked.next_step,
    ranked.owner_user_id,
    owners.full_name as owner_name
from ranked
left join {{ config_rows(var('reference_types'), {'code': 'text', 'scope': 'text'}) }} as types
    on types.code = ranked.reference_type
left join {{ ref('stg_crm__users') }} as owners on owners.user_id = ranked.owner_user_id
where ranked.recency = 1
