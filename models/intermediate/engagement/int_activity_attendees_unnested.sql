{#- One row per attendee of a CRM activity: the customer contacts and our users listed in the activity's
    ';'-separated attendee columns, with the activity's account, type and time. -#}
with activities as (
    select * from {{ ref('stg_crm__activities') }}
),

customer_attendees as (
    select activity_id, listed_id as attendee_id
    from {{ id_list_rows('activities', ['activity_id'], 'customer_attendee_contact_ids') }}
),

internal_attendees as (
    select activity_id, listed_id as attendee_id
    from {{ id_list_rows('activities', ['activity_id'], 'internal_attendee_user_ids') }}
),

attendees as (
    select distinct activity_id, 'customer' as attendee_side, attendee_id from customer_attendees
    union all
    select distinct activity_id, 'internal' as attendee_side, attendee_id from internal_attendees
)

select
    activities.activity_id,
    activities.account_id,
    activities.activity_type,
    activities.occurred_at,
    attendees.attendee_side,
    attendees.attendee_id
from attendees
inner join activities on activities.activity_id = attendees.activity_id
