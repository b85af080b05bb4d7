{#- Does the health score predict anything? For each weight set (fct_health_weights), each health band and each
    month end whose following var health_backtest_months months are over by the month of as_of: the accounts
    scored in the band and their ARR then, and of those the ones that churned, and separately the ones that
    contracted, in those months (fct_account_outcomes_monthly), by count and by ARR. Also one row per weight set
    and band over all those months together (month NULL). Scores and outcomes are both point in time. -#}
with observed as (
    select
        scores.weight_set,
        scores.is_in_force,
        scores.month,
        scores.health_band,
        coalesce(outcomes.arr, 0) as arr,
        outcomes.churned_within_window,
        outcomes.contracted_within_window
    from {{ ref('fct_account_health_scores_monthly') }} as scores
    inner join {{ ref('fct_account_outcomes_monthly') }} as outcomes
        on outcomes.account_id = scores.account_id
        and outcomes.month = scores.month
    where outcomes.is_window_complete
        and scores.health_band is not null
),

combined as (
    select weight_set, is_in_force, month, health_band, arr, churned_within_window, contracted_within_window
    from observed
    union all
    select
        weight_set, is_in_force, cast(null as date) as month, health_band, arr, churned_within_window,
        contracted_within_window
    from observed
),

counted as (
    select
        weight_set,
        is_in_force,
        month,
        health_band,
        count(*) as accounts,
        -- rounded to the cent so that the order a parallel sum adds in never shows in the result
        round(sum(arr), 2) as arr,
        cast(sum(case when churned_within_window then 1 else 0 end) as {{ dbt.type_bigint() }}) as churned_accounts,
        round(sum(case when churned_within_window then arr else 0 end), 2) as churned_arr,
        cast(sum(case when contracted_within_window then 1 else 0 end) as {{ dbt.type_bigint() }}) as contracted_accounts,
        round(sum(case when contracted_within_window then arr else 0 end), 2) as contracted_arr
    from combined
    group by weight_set, is_in_force, month, health_band
)

select
    weight_set,
    is_in_force,
    month,
    health_band,
    accounts,
    arr,
    churned_accounts,
    churned_arr,
    contracted_accounts,
    contracted_arr,
    cast(churned_accounts as {{ tenure_type_double() }}) / accounts as churned_share,
    case when arr > 0 then churned_arr / arr end as churned_arr_share,
    cast(contracted_accounts as {{ tenure_type_double() }}) / accounts as contracted_share,
    case when arr > 0 then contracted_arr / arr end as contracted_arr_share
from counted
