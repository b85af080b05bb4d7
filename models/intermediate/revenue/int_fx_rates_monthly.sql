{#- The rate to the reporting currency for every currency in billing/fx_rates (and the reporting currency) and
    every calendar month: that month's rate, else the latest earlier month's rate, else (months before the
    first rate given) the earliest rate, flagged 'later_month' so a warning test lists it. The reporting
    currency is always 1, whatever fx_rates says about it. -#}
with months as (
    select month from {{ ref('int_calendar_months') }}
),

reporting as (
    select reporting_currency from {{ ref('stg_extract__metadata') }}
),

rates as (
    select
        fx.currency,
        cast({{ dbt.date_trunc('month', 'fx.month') }} as date) as rate_month,
        fx.rate_to_reporting
    from {{ ref('stg_billing__fx_rates') }} as fx
    cross join reporting
    where fx.currency <> reporting.reporting_currency
),

ranked as (
    select
        months.month,
        rates.currency,
        rates.rate_month,
        rates.rate_to_reporting,
        row_number() over (
            partition by rates.currency, months.month
            order by
                case when rates.rate_month <= months.month then 0 else 1 end,
                case when rates.rate_month <= months.month then rates.rate_month end desc,
                rates.rate_month
        ) as preference
    from months
    cross join rates
)

select
    currency,
    month,
    rate_to_reporting,
    rate_month,
    case
        when rate_month = month then 'same_month'
        when rate_month < month then 'earlier_month'
        else 'later_month'
    end as rate_source
from ranked
where preference = 1

union all

select
    reporting.reporting_currency as currency,
    months.month,
    cast(1 as {{ tenure_type_double() }}) as rate_to_reporting,
    months.month as rate_month,
    'reporting_currency' as rate_source
from months
cross join reporting
