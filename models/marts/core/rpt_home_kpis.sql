{#- The home page's signal KPIs at as_of, one row: ARR at risk (paying accounts in the worst band of var
    health_bands) and renewals in the LxL window (accounts renewing within var lxl_renewal_window_days days,
    with the ARR up for renewal). -#}
with worst_band as (
    select health_band, accounts, arr
    from {{ ref('rpt_health_band_mix') }}
    where band_order = (select max(band_order) from {{ ref('rpt_health_band_mix') }} where health_band is not null)
),

renewing as (
    select count(*) as renewing_accounts, coalesce(sum(arr_up_for_renewal), 0) as renewing_arr
    from {{ ref('fct_renewals') }}
    where days_to_renewal is not null and days_to_renewal <= {{ var('lxl_renewal_window_days') }}
)

select
    worst_band.health_band as at_risk_band,
    worst_band.accounts as at_risk_accounts,
    worst_band.arr as at_risk_arr,
    {{ var('lxl_renewal_window_days') }} as renewal_window_days,
    renewing.renewing_accounts,
    renewing.renewing_arr
from worst_band
cross join renewing
