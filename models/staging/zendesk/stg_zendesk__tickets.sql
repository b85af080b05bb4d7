{#- Zendesk tickets as the contract's support tickets. Deleted tickets (status deleted, or deleted at the
    source) are dropped. first_response_at: the first public comment, after the ticket was created, by an
    agent or admin (without a user table: by anyone but the requester). solved_at: the last change of status
    to solved, for a ticket now solved or closed. topic: the ticket field var('zendesk').topic_field names,
    or the first tag (alphabetically, underscores as spaces). satisfaction: the latest rating (unoffered is
    none). Status hold is on_hold. -#}
{%- set ticket = source('zendesk', 'ticket') -%}
{%- set fields = var('zendesk') -%}

with tickets as (
    select
        {{ parse_id('id') }} as ticket_id,
        {{ parse_id('organization_id') }} as organization_id,
        {{ parse_id('requester_id') }} as requester_id,
        {{ parse_timestamp('created_at') }} as created_at,
        {{ parse_enum('status') }} as status,
        {{ parse_enum('priority') }} as priority,
        {{ parse_enum('type') }} as ticket_type,
        {{ parse_text(tenure_source_column(ticket, fields.topic_field)) }} as topic_field,
        {{ parse_enum('via_channel') }} as channel
    from {{ ticket }}
    where not coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
        and coalesce({{ parse_enum('status') }}, '') <> 'deleted'
),

users as (
    select {{ parse_id('id') }} as user_id, {{ parse_text('email') }} as email, {{ parse_enum('role') }} as role
    from {{ source('zendesk', 'user') }}
),

first_responses as (
    select tickets.ticket_id, min(comments.created_at) as first_response_at
    from tickets
    inner join (
        select
            {{ parse_id('ticket_id') }} as ticket_id,
            {{ parse_id('user_id') }} as user_id,
            {{ parse_timestamp('created') }} as created_at
        from {{ source('zendesk', 'ticket_comment') }}
        where coalesce({{ parse_boolean('public') }}, true)
    ) as comments
        on comments.ticket_id = tickets.ticket_id and comments.created_at > tickets.created_at
    left join users on users.user_id = comments.user_id
    where users.role in ('agent', 'admin')
        or (users.role is null and comments.user_id <> coalesce(tickets.requester_id, ''))
    group by tickets.ticket_id
),

solves as (
    select {{ parse_id('ticket_id') }} as ticket_id, max({{ parse_timestamp('updated') }}) as solved_at
    from {{ source('zendesk', 'ticket_field_history') }}
    where {{ parse_enum('field_name') }} = 'status' and {{ parse_enum('value') }} = 'solved'
    group by 1
),

first_tags as (
    select {{ parse_id('ticket_id') }} as ticket_id, min({{ parse_text('tag') }}) as tag
    from {{ source('zendesk', 'ticket_tag') }}
    group by 1
),

ratings as (
    select ticket_id, score
    from (
        select
            {{ parse_id('ticket_id') }} as ticket_id,
            {{ parse_enum('score') }} as score,
            row_number() over (
                partition by {{ parse_id('ticket_id') }}
                order by {{ parse_timestamp('updated_at') }} desc, {{ parse_id('id') }} desc
            ) as recency
        from {{ source('zendesk', 'satisfaction_rating') }}
    ) as rated
    where recency = 1
)

select
    tickets.ticket_id,
    tickets.organization_id,
    users.email as requester_email,
    tickets.created_at,
    first_responses.first_response_at,
    case when tickets.status in ('solved', 'closed') then solves.solved_at end as solved_at,
    case when tickets.status = 'hold' then 'on_hold' else tickets.status end as status,
    tickets.priority,
    tickets.ticket_type,
    coalesce(tickets.topic_field, replace(first_tags.tag, '_', ' ')) as topic,
    case when ratings.score in ('good', 'bad', 'offered') then ratings.score end as satisfaction,
    tickets.channel
from tickets
left join users on users.user_id = tickets.requester_id
left join first_responses on first_responses.ticket_id = tickets.ticket_id
left join solves on solves.ticket_id = tickets.ticket_id
left join first_tags on first_tags.ticket_id = tickets.ticket_id
left join ratings on ratings.ticket_id = tickets.ticket_id
