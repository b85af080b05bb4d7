{#- The crm system in another layout reads through that layout's adapter (models/staging/<layout>/). -#}
{% if var('source_layouts')['crm'] == 'salesforce' %}
select * from {{ ref('stg_salesforce__opportunities') }}
{% else %}
with source as (
    select * from {{ source('crm', 'opportunities') }}
)

select
    {{ parse_id('opportunity_id') }} as opportunity_id,
    {{ parse_id('account_id') }} as account_id,
    {{ parse_enum('opportunity_type') }} as opportunity_type,
    {{ parse_enum('stage') }} as stage,
    {{ parse_money('amount') }} as amount,
    {{ parse_currency('currency') }} as currency,
    {{ parse_timestamp('created_at') }} as created_at,
    {{ parse_date('close_date') }} as close_date,
    {{ parse_enum('forecast_category') }} as forecast_category,
    {{ parse_id('owner_user_id') }} as owner_user_id,
    {{ parse_text('primary_competitor') }} as primary_competitor,
    {{ parse_text('loss_reason') }} as loss_reason
from source
{% endif %}
