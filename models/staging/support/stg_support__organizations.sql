with source as (
    select * from {{ source('support', 'organizations') }}
)

select
    {{ parse_id('organization_id') }} as organization_id,
    {{ parse_text('organization_name') }} as organization_name,
    {{ parse_id('external_id') }} as external_id
from source
