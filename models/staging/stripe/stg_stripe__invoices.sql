{#- Stripe invoices as the contract's billing invoices: amounts from minor units, drafts and deleted invoices
    dropped, currency upper case. -#}
with invoices as (
    select * from {{ source('stripe', 'invoice') }}
    where not coalesce({{ parse_boolean('is_deleted') }}, false)
        and coalesce({{ parse_enum('status') }}, '') <> 'draft'
)

select
    {{ parse_id('id') }} as invoice_id,
    {{ parse_id('customer_id') }} as billing_customer_id,
    {{ parse_id('subscription_id') }} as subscription_id,
    {{ parse_timestamp('created') }} as issued_at,
    cast({{ parse_timestamp('due_date') }} as date) as due_date,
    {{ parse_timestamp('status_transitions_paid_at') }} as paid_at,
    {{ parse_money('amount_due') }} / {{ stripe_minor_units_per_major('currency') }} as amount_due,
    {{ parse_money('amount_paid') }} / {{ stripe_minor_units_per_major('currency') }} as amount_paid,
    {{ parse_currency('currency') }} as currency,
    {{ parse_enum('status') }} as status
from invoices
