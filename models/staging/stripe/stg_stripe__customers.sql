{#- Stripe customers as the contract's billing customers: the CRM account id from the customer's metadata
    key var('stripe').crm_account_key; deleted customers dropped; currency upper case. -#}
select
    {{ parse_id('id') }} as billing_customer_id,
    {{ parse_text('name') }} as customer_name,
    {{ parse_id(tenure_json_text(parse_text('metadata'), var('stripe').crm_account_key)) }} as crm_account_id,
    {{ parse_currency('currency') }} as currency,
    {{ parse_timestamp('created') }} as created_at
from {{ source('stripe', 'customer') }}
where not coalesce({{ parse_boolean('is_deleted') }}, false)
