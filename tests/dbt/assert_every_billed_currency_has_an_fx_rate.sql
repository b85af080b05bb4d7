{#- Fails when a subscription period is billed in a currency other than the reporting currency that
    billing/fx_rates gives no rate for: its MRR cannot be converted, so company MRR would be wrong. Each row
    names the currency, the first and last month needing a rate, and how many periods are affected. -#}
select
    currency as currency_without_fx_rate,
    min(month) as first_month_without_rate,
    max(month) as last_month_without_rate,
    count(distinct period_id) as subscription_periods_affected,
    'add rows for this currency to billing/fx_rates (currency, month, rate_to_reporting)' as fix
from {{ ref('int_subscription_periods_converted') }}
where fx_rate is null
group by currency
