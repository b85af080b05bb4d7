{#- The billing system in another layout reads through that layout's adapter (models/staging/<layout>/). -#}
{% if var('source_layouts')['billing'] == 'stripe' %}
select * from {{ ref('stg_stripe__customers') }}
{% else %}
with source as (
    select * from {{ source('billing', 'customers') }}
)

select
    {{ parse_id('billing_customer_id') }} as billing_customer_id,
    {{ parse_text('customer_name') }} as customer_name,
    {{ parse_id('crm_account_id') }} as crm_account_id,
    {{ parse_currency('currency') }} as currency,
    {{ parse_timestamp('created_at') }} as created_at
from source
{% endif %}
