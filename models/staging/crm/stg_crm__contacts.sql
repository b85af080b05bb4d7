{#- The crm system in another layout reads through that layout's adapter (models/staging/<layout>/). -#}
{% if var('source_layouts')['crm'] == 'salesforce' %}
select * from {{ ref('stg_salesforce__contacts') }}
{% else %}
with source as (
    select * from {{ source('crm', 'contacts') }}
)

select
    {{ parse_id('contact_id') }} as contact_id,
    {{ parse_id('account_id') }} as account_id,
    {{ parse_text('full_name') }} as full_name,
    {{ parse_text('title') }} as title,
    {{ parse_enum('seniority') }} as seniority,
    {{ parse_text('department') }} as department,
    {{ parse_text('email') }} as email,
    {{ parse_boolean('is_champion') }} as is_champion,
    {{ parse_boolean('is_customer_sponsor') }} as is_customer_sponsor,
    {{ parse_boolean('is_evangelist') }} as is_evangelist,
    {{ parse_enum('referral_mode') }} as referral_mode,
    {{ parse_enum('referral_scope') }} as referral_scope,
    {{ parse_timestamp('created_at') }} as created_at,
    {{ parse_timestamp('left_at') }} as left_at
from source
{% endif %}
