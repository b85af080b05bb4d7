{#- The billing system in another layout reads through that layout's adapter (models/staging/<layout>/). -#}
{% if var('source_layouts')['billing'] == 'stripe' %}
select * from {{ ref('stg_stripe__invoices') }}
{% else %}
with source as (
    select * from {{ source('billing', 'invoices') }}
)

select
    {{ parse_id('invoice_id') }} as invoice_id,
    {{ parse_id('billing_customer_id') }} as billing_customer_id,
    {{ parse_id('subscription_id') }} as subscription_id,
    {{ parse_timestamp('issued_at') }} as issued_at,
    {{ parse_date('due_date') }} as due_date,
    {{ parse_timestamp('paid_at') }} as paid_at,
    {{ parse_money('amount_due') }} as amount_due,
    {{ parse_money('amount_paid') }} as amount_paid,
    {{ parse_currency('currency') }} as currency,
    {{ parse_enum('status') }} as status
from source
{% endif %}
