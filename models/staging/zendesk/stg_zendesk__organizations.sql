{#- Zendesk organizations as the contract's support organizations; external_id is the CRM account id;
    organizations deleted at the source dropped. -#}
select
    {{ parse_id('id') }} as organization_id,
    {{ parse_text('name') }} as organization_name,
    {{ parse_id('external_id') }} as external_id
from {{ source('zendesk', 'organization') }}
where not coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
