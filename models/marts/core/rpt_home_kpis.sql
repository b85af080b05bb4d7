{#- The home page's signal KPIs at as_of, one row. ARR at risk is the ARR of the paying accounts in the
    lowest band of var health_bands, plus those of the band above it whose health is declining (both are
    reasons of the risk model, fct_account_risks); renewals in the window are the accounts renewing within
    var lxl_renewal_window_days days, with the ARR up for renewal. -#}
{%- set bands = var('health_bands') | sort(attribute='min_score') -%}
{%- set lowest_band = bands[0].name -%}
{%- set declining_band = bands[1].name if bands | length > 1 else bands[0].name -%}
with at_risk as (
    select distinct risks.account_id
    from {{ ref('fct_account_risks') }} as risks
    where risks.risk_reason = 'red_health'
        or (risks.risk_reason = 'declining_health' and risks.measure_text = {{ tenure_sql_string(declining_band) }})
),

at_risk_totals as (
    select count(*) as at_risk_accounts, coalesce(sum(accounts.current_arr), 0) as at_risk_arr
    from at_risk
    inner join {{ ref('dim_accounts') }} as accounts on accounts.account_id = at_risk.account_id
),

renewing as (
    select count(*) as renewing_accounts, coalesce(sum(arr_up_for_renewal), 0) as renewing_arr
    from {{ ref('fct_renewals') }}
    where days_to_renewal is not null and days_to_renewal <= {{ var('lxl_renewal_window_days') }}
)

select
    {{ tenure_sql_string(lowest_band) }} as at_risk_band,
    {{ tenure_sql_string(declining_band) }} as at_risk_declining_band,
    at_risk_totals.at_risk_accounts,
    at_risk_totals.at_risk_arr,
    {{ var('lxl_renewal_window_days') }} as renewal_window_days,
    renewing.renewing_accounts,
    renewing.renewing_arr
from at_risk_totals
cross join renewing
