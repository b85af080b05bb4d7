{#- The support system in another layout reads through that layout's adapter (models/staging/<layout>/). -#}
{% if var('source_layouts')['support'] == 'zendesk' %}
select * from {{ ref('stg_zendesk__tickets') }}
{% else %}
with source as (
    select * from {{ source('support', 'tickets') }}
)

select
    {{ parse_id('ticket_id') }} as ticket_id,
    {{ parse_id('organization_id') }} as organization_id,
    {{ parse_text('requester_email') }} as requester_email,
    {{ parse_timestamp('created_at') }} as created_at,
    {{ parse_timestamp('first_response_at') }} as first_response_at,
    {{ parse_timestamp('solved_at') }} as solved_at,
    {{ parse_enum('status') }} as status,
    {{ parse_enum('priority') }} as priority,
    {{ parse_enum('ticket_type') }} as ticket_type,
    {{ parse_text('topic') }} as topic,
    {{ parse_enum('satisfaction') }} as satisfaction,
    {{ parse_enum('channel') }} as channel
from source
{% endif %}
