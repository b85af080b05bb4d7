{#- Adoption at each customer month end: the latest usage month not after it (and at most
    var usage_max_age_months older), seat utilization = active_users / licensed_seats, the 3-month trend of
    active users, and how many configured sticky drivers reached their threshold that month. -#}
with customer_months as (
    select account_id, month from {{ ref('int_customer_months_listed') }}
),

usage as (
    select * from {{ ref('stg_product__usage_monthly') }}
),

drivers as (
    select * from {{ config_rows(var('sticky_drivers'), {'measure': 'text', 'threshold': 'number'}) }} as configured
),

latest_usage as (
    select
        customer_months.account_id,
        customer_months.month,
        usage.month as usage_month,
        usage.licensed_seats,
        usage.active_users,
        row_number() over (
            partition by customer_months.account_id, customer_months.month order by usage.month desc
        ) as recency
    from customer_months
    inner join usage
        on usage.account_id = customer_months.account_id
        and usage.month <= customer_months.month
        and usage.month >= {{ dbt.dateadd('month', -var('usage_max_age_months'), 'customer_months.month') }}
),

driver_results as (
    select
        measures.account_id,
        measures.month as usage_month,
        count(*) as sticky_drivers_measured,
        sum(case when measures.measure_value >= drivers.threshold then 1 else 0 end) as sticky_drivers_met
    from {{ ref('int_usage_measures_unpivoted') }} as measures
    inner join drivers on drivers.measure = measures.measure
    group by measures.account_id, measures.month
)

select
    customer_months.account_id,
    customer_months.month,
    latest_usage.usage_month,
    latest_usage.licensed_seats,
    latest_usage.active_users,
    case
        when latest_usage.licensed_seats > 0
            then cast(latest_usage.active_users as {{ tenure_type_double() }}) / latest_usage.licensed_seats
    end as seat_utilization,
    three_months_before.active_users as active_users_3_months_before,
    case
        when three_months_before.active_users > 0
            then cast(latest_usage.active_users as {{ tenure_type_double() }}) / three_months_before.active_users - 1
    end as active_users_trend_3_months,
    coalesce(driver_results.sticky_drivers_measured, 0) as sticky_drivers_measured,
    coalesce(driver_results.sticky_drivers_met, 0) as sticky_drivers_met
from customer_months
left join latest_usage
    on latest_usage.account_id = customer_months.account_id
    and latest_usage.month = customer_months.month
    and latest_usage.recency = 1
left join usage as three_months_before
    on three_months_before.account_id = latest_usage.account_id
    and three_months_before.month = {{ dbt.dateadd('month', -3, 'latest_usage.usage_month') }}
left join driver_results
    on driver_results.account_id = latest_usage.account_id
    and driver_results.usage_month = latest_usage.usage_month
