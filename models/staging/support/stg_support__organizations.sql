{#- The support system in another layout reads through that layout's adapter (models/staging/<layout>/). -#}
{% if var('source_layouts')['support'] == 'zendesk' %}
select * from {{ ref('stg_zendesk__organizations') }}
{% else %}
with source as (
    select * from {{ source('support', 'organizations') }}
)

select
    {{ parse_id('organization_id') }} as organization_id,
    {{ parse_text('organization_name') }} as organization_name,
    {{ parse_id('external_id') }} as external_id
from source
{% endif %}
