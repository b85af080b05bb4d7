{#- Support organizations whose tickets cannot be tied to a CRM account: no external_id, an external_id that
    names no CRM account, or an organization id that tickets use but the organizations file lacks. Their
    tickets are left out of every account's support signals; this lists them with the tickets they carry. -#}
with organizations as (
    select * from {{ ref('stg_support__organizations') }}
),

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

accounts as (
    select account_id from {{ ref('stg_crm__accounts') }}
),

extract as (
    select as_of from {{ ref('stg_extract__metadata') }}
),

ticket_counts as (
    select
        tickets.organization_id,
        count(*) as ticket_count,
        sum(
            case
                when tickets.created_at >= {{ dbt.dateadd('day', 1 - var('support_window_days'), 'extract.as_of') }}
                    then 1 else 0
            end
        ) as recent_tickets,
        sum(case when tickets.status not in ('solved', 'closed') then 1 else 0 end) as open_tickets
    from tickets
    cross join extract
    group by tickets.organization_id
),

all_organizations as (
    select organization_id, organization_name, external_id, true as is_in_organization_file
    from organizations

    union all

    select
        ticket_counts.organization_id,
        cast(null as {{ dbt.type_string() }}) as organization_name,
        cast(null as {{ dbt.type_string() }}) as external_id,
        false as is_in_organization_file
    from ticket_counts
    where ticket_counts.organization_id is not null
        and not exists (
            select 1 from organizations where organizations.organization_id = ticket_counts.organization_id
        )
)

select
    all_organizations.organization_id,
    all_organizations.organization_name,
    all_organizations.external_id,
    case
        when not all_organizations.is_in_organization_file then 'unknown_organization'
        when all_organizations.external_id is null then 'no_external_id'
        else 'crm_account_not_found'
    end as match_status,
    coalesce(ticket_counts.ticket_count, 0) as ticket_count,
    cast(coalesce(ticket_counts.recent_tickets, 0) as {{ dbt.type_bigint() }}) as recent_tickets,
    cast(coalesce(ticket_counts.open_tickets, 0) as {{ dbt.type_bigint() }}) as open_tickets
from all_organizations
left join accounts
    on accounts.account_id = all_organizations.external_id
left join ticket_counts
    on ticket_counts.organization_id = all_organizations.organization_id
where accounts.account_id is null
