{#- What happened to each customer month's account in the following var health_backtest_months months: a churn
    and/or a contraction movement (fct_mrr_movements), and whether that window is over by the month of as_of
    (only then is the outcome known; the health backtest and the fitted weights use complete windows only). -#}
with customer_months as (
    select account_id, month, arr
    from {{ ref('int_account_health_components_monthly') }}
),

as_of_month as (
    select month from {{ ref('int_calendar_months') }} where is_as_of_month
),

losses as (
    select account_id, month, movement
    from {{ ref('fct_mrr_movements') }}
    where movement in ('churn', 'contraction')
),

following as (
    select
        customer_months.account_id,
        customer_months.month,
        max(case when losses.movement = 'churn' then 1 else 0 end) as churned,
        max(case when losses.movement = 'contraction' then 1 else 0 end) as contracted
    from customer_months
    inner join losses
        on losses.account_id = customer_months.account_id
        and losses.month > customer_months.month
        and losses.month <= {{ dbt.dateadd('month', var('health_backtest_months'), 'customer_months.month') }}
    group by customer_months.account_id, customer_months.month
)

select
    customer_months.account_id,
    customer_months.month,
    customer_months.arr,
    {{ dbt.dateadd('month', var('health_backtest_months'), 'customer_months.month') }} <= as_of_month.month
        as is_window_complete,
    coalesce(following.churned, 0) = 1 as churned_within_window,
    coalesce(following.contracted, 0) = 1 as contracted_within_window
from customer_months
cross join as_of_month
left join following
    on following.account_id = customer_months.account_id
    and following.month = customer_months.month
