with source as (
    select * from {{ source('crm', 'references') }}
)

select
    {{ parse_id('account_id') }} as account_id,
    {{ parse_enum('reference_type') }} as reference_type,
    {{ parse_enum('status') }} as status,
    {{ parse_timestamp('changed_at') }} as changed_at,
    {{ parse_text('next_step') }} as next_step,
    {{ parse_id('owner_user_id') }} as owner_user_id
from source
