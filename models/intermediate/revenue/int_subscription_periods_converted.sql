{#- One row per subscription period and calendar month in which the period is active on the month's
    measurement day (start_date <= measured_on < coalesce(end_date, infinity); measured_on is the month end,
    or as_of in the month of as_of), with its MRR:
    quantity * unit_amount * (1 - discount_percent / 100) / billing_period_months in the period's currency,
    times that month's rate to the reporting currency. -#}
with periods as (
    select * from {{ ref('stg_billing__subscription_periods') }}
),

customers as (
    select * from {{ ref('int_billing_customers_mapped') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

fx as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

priced as (
    select
        periods.period_id,
        periods.subscription_id,
        periods.billing_customer_id,
        customers.account_id,
        customers.is_unmatched_billing,
        periods.plan_name,
        periods.start_date,
        periods.end_date,
        coalesce(periods.currency, customers.currency) as currency,
        periods.quantity * periods.unit_amount
            * (1 - coalesce(periods.discount_percent, 0) / 100.0)
            / periods.billing_period_months as mrr_in_currency
    from periods
    inner join customers
        on customers.billing_customer_id = periods.billing_customer_id
)

select
    priced.period_id,
    months.month,
    months.measured_on,
    priced.subscription_id,
    priced.billing_customer_id,
    priced.account_id,
    priced.is_unmatched_billing,
    priced.plan_name,
    priced.currency,
    priced.mrr_in_currency,
    fx.rate_to_reporting as fx_rate,
    fx.rate_source as fx_rate_source,
    priced.mrr_in_currency * fx.rate_to_reporting as mrr
from priced
inner join months
    on priced.start_date <= months.measured_on
    and (priced.end_date is null or months.measured_on < priced.end_date)
left join fx
    on fx.currency = priced.currency
    and fx.month = months.month
