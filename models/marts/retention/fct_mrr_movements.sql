{#- The MRR movement of every revenue account in every month, against the month before:
    new (no MRR the month before and never before), reactivation (MRR again after a gap; a gap longer than
    var('reactivation_window_months') counts as new), expansion, contraction, churn (MRR to zero), flat (same
    positive MRR), inactive (zero both months). An account still paying at as_of has no churn row: churn is
    only ever a month in which MRR is zero. MRR is rounded to the cent before comparing, so float noise and
    sub-cent differences are never a movement. -#}
with monthly as (
    select * from {{ ref('fct_account_mrr_monthly') }}
),

segments as (
    select account_id, segment_type, segment_value
    from {{ ref('int_account_segments_assigned') }}
    where segment_type <> 'company'
),

compared as (
    select
        account_id,
        month,
        round(mrr, 2) as mrr,
        is_unmatched_billing,
        coalesce(round(lag(mrr) over (partition by account_id order by month), 2), 0) as previous_mrr,
        max(case when round(mrr, 2) > 0 then month end) over (
            partition by account_id order by month rows between unbounded preceding and 1 preceding
        ) as last_paid_month
    from monthly
),

classified as (
    select
        *,
        case
            when previous_mrr = 0 and mrr > 0 and last_paid_month is null then 'new'
            {% if var('reactivation_window_months') is not none %}
            when previous_mrr = 0 and mrr > 0
                and {{ dbt.datediff('last_paid_month', 'month', 'month') }} - 1 > {{ var('reactivation_window_months') }}
                then 'new'
            {% endif %}
            when previous_mrr = 0 and mrr > 0 then 'reactivation'
            when previous_mrr > 0 and mrr = 0 then 'churn'
            when mrr > previous_mrr then 'expansion'
            when mrr < previous_mrr then 'contraction'
            when mrr > 0 then 'flat'
            else 'inactive'
        end as movement
    from compared
),

segment_columns as (
    select
        account_id,
        max(case when segment_type = 'industry' then segment_value end) as industry,
        max(case when segment_type = 'employee_band' then segment_value end) as employee_band,
        max(case when segment_type = 'arr_band' then segment_value end) as arr_band,
        max(case when segment_type = 'region' then segment_value end) as region,
        max(case when segment_type = 'csm' then segment_value end) as csm_name,
        max(case when segment_type = 'plan' then segment_value end) as plan_name,
        max(case when segment_type = 'tier' then segment_value end) as tier
    from segments
    group by account_id
)

select
    classified.account_id,
    classified.month,
    classified.mrr,
    classified.previous_mrr,
    classified.movement,
    round(classified.mrr - classified.previous_mrr, 2) as mrr_change,
    case when classified.movement = 'new' then classified.mrr else 0 end as new_mrr,
    case when classified.movement = 'reactivation' then classified.mrr else 0 end as reactivation_mrr,
    case when classified.movement = 'expansion' then round(classified.mrr - classified.previous_mrr, 2) else 0 end
        as expansion_mrr,
    case when classified.movement = 'contraction' then round(classified.previous_mrr - classified.mrr, 2) else 0 end
        as contraction_mrr,
    case when classified.movement = 'churn' then classified.previous_mrr else 0 end as churn_mrr,
    classified.is_unmatched_billing,
    segment_columns.industry,
    segment_columns.employee_band,
    segment_columns.arr_band,
    segment_columns.region,
    segment_columns.csm_name,
    segment_columns.plan_name,
    segment_columns.tier
from classified
left join segment_columns on segment_columns.account_id = classified.account_id
