{#- The crm system in another layout reads through that layout's adapter (models/staging/<layout>/). -#}
{% if var('source_layouts')['crm'] == 'salesforce' %}
select * from {{ ref('stg_salesforce__activities') }}
{% else %}
with source as (
    select * from {{ source('crm', 'activities') }}
)

select
    {{ parse_id('activity_id') }} as activity_id,
    {{ parse_id('account_id') }} as account_id,
    {{ parse_enum('activity_type') }} as activity_type,
    {{ parse_timestamp('occurred_at') }} as occurred_at,
    {{ parse_text('subject') }} as subject,
    {{ parse_id('owner_user_id') }} as owner_user_id,
    {{ parse_id_list('internal_attendee_user_ids') }} as internal_attendee_user_ids,
    {{ parse_id_list('customer_attendee_contact_ids') }} as customer_attendee_contact_ids,
    {{ parse_boolean('materials_shared') }} as materials_shared,
    {{ parse_text('competitor_mentioned') }} as competitor_mentioned,
    {{ parse_text('notes') }} as notes
from source
{% endif %}
