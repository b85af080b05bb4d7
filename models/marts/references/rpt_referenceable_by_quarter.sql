{#- The closing reference-able customer count: at each quarter end (the last var reference_history_quarters
    quarters, and as_of for the current one), the paying accounts (MRR above zero in that month) whose latest
    var reference_trigger_type status logged by then is green; amber ones are the forecast. -#}
with as_of as (
    select as_of, cast({{ dbt.date_trunc('quarter', 'as_of') }} as date) as current_quarter
    from {{ ref('stg_extract__metadata') }}
),

quarter_ends as (
    {%- for n in range(0, var('reference_history_quarters') + 1) %}
    select
        cast({{ dbt.dateadd('month', -3 * n, 'as_of.current_quarter') }} as date) as quarter_start,
        {%- if n == 0 %}
        as_of.as_of as counted_on
        {%- else %}
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 3 - 3 * n, 'as_of.current_quarter')) }} as date) as counted_on
        {%- endif %}
    from as_of
    {{ "union all" if not loop.last }}
    {%- endfor %}
),

trigger_log as (
    select account_id, status, changed_at
    from {{ ref('stg_crm__references') }}
    where reference_type = {{ tenure_sql_string(var('reference_trigger_type')) }}
),

latest as (
    select
        quarter_ends.quarter_start,
        quarter_ends.counted_on,
        trigger_log.account_id,
        trigger_log.status,
        row_number() over (
            partition by quarter_ends.quarter_start, trigger_log.account_id
            order by trigger_log.changed_at desc, case trigger_log.status when 'red' then 0 when 'amber' then 1 else 2 end
        ) as recency
    from quarter_ends
    inner join trigger_log on trigger_log.changed_at < {{ dbt.dateadd('day', 1, 'quarter_ends.counted_on') }}
),

paying as (
    select account_id, month
    from {{ ref('fct_account_mrr_monthly') }}
    where mrr > 0
)

select
    quarter_ends.quarter_start,
    quarter_ends.counted_on,
    cast(
        sum(case when latest.status = 'green' and paying.account_id is not null then 1 else 0 end)
        as {{ dbt.type_bigint() }}
    ) as referenceable_accounts,
    cast(
        sum(case when latest.status = 'amber' and paying.account_id is not null then 1 else 0 end)
        as {{ dbt.type_bigint() }}
    ) as forecast_accounts
from quarter_ends
left join latest on latest.quarter_start = quarter_ends.quarter_start and latest.recency = 1
left join paying
    on paying.account_id = latest.account_id
    and paying.month = cast({{ dbt.date_trunc('month', 'quarter_ends.counted_on') }} as date)
group by quarter_ends.quarter_start, quarter_ends.counted_on
