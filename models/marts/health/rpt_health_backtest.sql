{#- Does the health score predict anything? For each health band at each month end whose following
    var health_backtest_months months have all happened (up to the month of as_of), the accounts in the band
    and the share that churned or contracted in those months (a churn or contraction movement in
    fct_mrr_movements). Also one row per band over all those months together (month NULL). -#}
with health as (
    select account_id, month, health_band
    from {{ ref('fct_account_health_monthly') }}
    where health_band is not null
),

as_of_month as (
    select month from {{ ref('int_calendar_months') }} where is_as_of_month
),

losses as (
    select account_id, month
    from {{ ref('fct_mrr_movements') }}
    where movement in ('churn', 'contraction')
),

outcomes as (
    select
        health.account_id,
        health.month,
        health.health_band,
        exists (
            select 1
            from losses
            where losses.account_id = health.account_id
                and losses.month > health.month
                and losses.month <= {{ dbt.dateadd('month', var('health_backtest_months'), 'health.month') }}
        ) as churned_or_contracted
    from health
    cross join as_of_month
    where {{ dbt.dateadd('month', var('health_backtest_months'), 'health.month') }} <= as_of_month.month
),

by_month as (
    select
        month,
        health_band,
        count(*) as accounts,
        sum(case when churned_or_contracted then 1 else 0 end) as churned_or_contracted_accounts
    from outcomes
    group by month, health_band
),

overall as (
    select
        cast(null as date) as month,
        health_band,
        count(*) as accounts,
        sum(case when churned_or_contracted then 1 else 0 end) as churned_or_contracted_accounts
    from outcomes
    group by health_band
)

select
    month,
    health_band,
    accounts,
    churned_or_contracted_accounts,
    cast(churned_or_contracted_accounts as {{ tenure_type_double() }}) / accounts as churned_or_contracted_share
from (
    select * from by_month
    union all
    select * from overall
) as combined
