{#- Invoices with their CRM account (through the billing customer) and amounts in the reporting currency
    at the rate of the month they were issued; void invoices are left out (they were never owed). -#}
with invoices as (
    select * from {{ ref('stg_billing__invoices') }}
    where status <> 'void'
),

customers as (
    select billing_customer_id, account_id from {{ ref('int_billing_customers_mapped') }}
),

rates as (
    select currency, month, rate_to_reporting from {{ ref('int_fx_rates_monthly') }}
),

reporting as (
    select reporting_currency from {{ ref('stg_extract__metadata') }}
)

select
    invoices.invoice_id,
    customers.account_id,
    invoices.billing_customer_id,
    invoices.subscription_id,
    invoices.issued_at,
    invoices.due_date,
    invoices.paid_at,
    invoices.status,
    invoices.currency,
    invoices.amount_due,
    coalesce(invoices.amount_paid, 0) as amount_paid,
    round(
        invoices.amount_due * case when invoices.currency = reporting.reporting_currency then 1 else rates.rate_to_reporting end,
        2
    ) as amount_due_reporting,
    round(
        (invoices.amount_due - coalesce(invoices.amount_paid, 0))
        * case when invoices.currency = reporting.reporting_currency then 1 else rates.rate_to_reporting end,
        2
    ) as amount_outstanding_reporting
from invoices
cross join reporting
left join customers on customers.billing_customer_id = invoices.billing_customer_id
left join rates
    on rates.currency = invoices.currency
    and rates.month = cast({{ dbt.date_trunc('month', 'invoices.issued_at') }} as date)
