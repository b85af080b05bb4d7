{#- The billing system in another layout reads through that layout's adapter (models/staging/<layout>/). -#}
{% if var('source_layouts')['billing'] == 'stripe' %}
select * from {{ ref('stg_stripe__subscription_periods') }}
{% else %}
with source as (
    select * from {{ source('billing', 'subscription_periods') }}
)

select
    {{ parse_id('period_id') }} as period_id,
    {{ parse_id('subscription_id') }} as subscription_id,
    {{ parse_id('billing_customer_id') }} as billing_customer_id,
    {{ parse_text('plan_name') }} as plan_name,
    {{ parse_date('start_date') }} as start_date,
    {{ parse_date('end_date') }} as end_date,
    {{ parse_number('quantity') }} as quantity,
    {{ parse_money('unit_amount') }} as unit_amount,
    {{ parse_integer('billing_period_months') }} as billing_period_months,
    {{ parse_number('discount_percent') }} as discount_percent,
    {{ parse_currency('currency') }} as currency
from source
{% endif %}
