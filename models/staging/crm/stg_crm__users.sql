{#- The crm system in another layout reads through that layout's adapter (models/staging/<layout>/). -#}
{% if var('source_layouts')['crm'] == 'salesforce' %}
select * from {{ ref('stg_salesforce__users') }}
{% else %}
with source as (
    select * from {{ source('crm', 'users') }}
)

select
    {{ parse_id('user_id') }} as user_id,
    {{ parse_text('full_name') }} as full_name,
    {{ parse_enum('role') }} as role,
    {{ parse_text('title') }} as title,
    {{ parse_id('manager_user_id') }} as manager_user_id,
    {{ parse_boolean('is_active') }} as is_active
from source
{% endif %}
