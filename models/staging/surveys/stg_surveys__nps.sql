with source as (
    select * from {{ source('surveys', 'nps') }}
)

select
    {{ parse_id('invitation_id') }} as invitation_id,
    {{ parse_id('account_id') }} as account_id,
    {{ parse_id('contact_id') }} as contact_id,
    {{ parse_timestamp('sent_at') }} as sent_at,
    {{ parse_timestamp('responded_at') }} as responded_at,
    {{ parse_integer('score') }} as score,
    {{ parse_text('comment') }} as comment
from source
