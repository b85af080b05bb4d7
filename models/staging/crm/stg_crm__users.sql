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
