{#- The board's ARR bridge: the company's MRR bridge (rpt_mrr_bridge) added up by calendar quarter and by
    calendar year, in ARR (12 × MRR). Starting ARR is the period's first month's start, ending ARR its last
    month's end (the month of as_of for the period still running, which is_complete says). ending_arr =
    starting_arr + new + reactivation + expansion − contraction − churn (tested). -#}
with as_of as (
    select as_of from {{ ref('stg_extract__metadata') }}
),

months as (
    select * from {{ ref('rpt_mrr_bridge') }} where segment_type = 'company'
),

periods as (
    {% for period in ['quarter', 'year'] %}
    select
        '{{ period }}' as period_type,
        cast({{ dbt.date_trunc(period, 'months.month') }} as date) as period_start,
        months.*
    from months
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

ranked as (
    select
        periods.*,
        row_number() over (partition by period_type, period_start order by month) as first_rank,
        row_number() over (partition by period_type, period_start order by month desc) as last_rank
    from periods
),

totals as (
    select
        period_type,
        period_start,
        round(12 * max(case when first_rank = 1 then starting_mrr end), 2) as starting_arr,
        round(12 * sum(new_mrr), 2) as new_arr,
        round(12 * sum(reactivation_mrr), 2) as reactivation_arr,
        round(12 * sum(expansion_mrr), 2) as expansion_arr,
        round(12 * sum(contraction_mrr), 2) as contraction_arr,
        round(12 * sum(churn_mrr), 2) as churn_arr,
        round(12 * max(case when last_rank = 1 then ending_mrr end), 2) as ending_arr,
        cast(sum(new_accounts) as {{ dbt.type_bigint() }}) as new_accounts,
        cast(sum(churned_accounts) as {{ dbt.type_bigint() }}) as churned_accounts,
        cast(max(case when last_rank = 1 then active_accounts end) as {{ dbt.type_bigint() }}) as ending_accounts
    from ranked
    group by period_type, period_start
)

select
    totals.*,
    case
        when totals.period_type = 'quarter'
            then {{ dbt.dateadd('month', 3, 'totals.period_start') }}
        else {{ dbt.dateadd('month', 12, 'totals.period_start') }}
    end <= {{ dbt.dateadd('day', 1, 'as_of.as_of') }} as is_complete
from totals
cross join as_of
