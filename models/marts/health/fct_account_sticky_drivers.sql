{#- Each configured sticky driver (var sticky_drivers) for every account with usage, in the account's latest
    usage month up to as_of: the value against the threshold, or "not in the extract" (value NULL, measured
    false) when the usage file has no such column. Under-used drivers are what a QBR recommends. -#}
with latest_usage as (
    select account_id, max(month) as usage_month
    from {{ ref('stg_product__usage_monthly') }}
    where month <= (select month from {{ ref('int_calendar_months') }} where is_as_of_month)
    group by account_id
),

drivers as (
    select * from {{ config_rows(var('sticky_drivers'), {'measure': 'text', 'threshold': 'number'}) }} as configured
)

select
    latest_usage.account_id,
    latest_usage.usage_month,
    drivers.measure,
    drivers.threshold,
    measures.measure_value,
    measures.measure_value is not null as is_measured,
    coalesce(measures.measure_value >= drivers.threshold, false) as is_met
from latest_usage
cross join drivers
left join {{ ref('int_usage_measures_unpivoted') }} as measures
    on measures.account_id = latest_usage.account_id
    and measures.month = latest_usage.usage_month
    and measures.measure = drivers.measure
