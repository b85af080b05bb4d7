{#- Every QBR and executive visit with who attended: whether one of our executives (role exec or ceo) and
    the CEO were there, and whether it was meaningful — a customer contact of seniority in
    var qbr_meaningful_seniorities, or the customer's sponsor (is_customer_sponsor), attended, and
    materials were shared afterwards. -#}
with meetings as (
    select *
    from {{ ref('stg_crm__activities') }}
    where activity_type in ('qbr', 'exec_visit')
),

attendees as (
    select * from {{ ref('int_activity_attendees_unnested') }}
    where activity_type in ('qbr', 'exec_visit')
),

by_meeting as (
    select
        attendees.activity_id,
        {{ dbt.bool_or("attendees.attendee_side = 'internal' and users.role in ('exec', 'ceo')") }} as has_exec_attendee,
        {{ dbt.bool_or("attendees.attendee_side = 'internal' and users.role = 'ceo'") }} as has_ceo_attendee,
        {{ dbt.bool_or(
            "attendees.attendee_side = 'customer' and (contacts.seniority in ("
            ~ tenure_sql_string_list(var('qbr_meaningful_seniorities'))
            ~ ") or coalesce(contacts.is_customer_sponsor, false))") }} as has_senior_customer_attendee,
        sum(case when attendees.attendee_side = 'customer' then 1 else 0 end) as customer_attendees,
        sum(case when attendees.attendee_side = 'internal' then 1 else 0 end) as internal_attendees
    from attendees
    {#- Joined on the id alone (an equality join is a hash join; adding the side to the condition made it a
        nested loop): ids are unique, and each flag above checks the side itself. #}
    left join {{ ref('stg_crm__users') }} as users
        on users.user_id = attendees.attendee_id
    left join {{ ref('stg_crm__contacts') }} as contacts
        on contacts.contact_id = attendees.attendee_id
    group by attendees.activity_id
)

select
    meetings.activity_id,
    meetings.account_id,
    meetings.activity_type,
    meetings.occurred_at,
    cast({{ dbt.date_trunc('quarter', 'meetings.occurred_at') }} as date) as quarter_start,
    meetings.owner_user_id,
    meetings.subject,
    meetings.notes,
    coalesce(meetings.materials_shared, false) as materials_shared,
    coalesce(by_meeting.customer_attendees, 0) as customer_attendees,
    coalesce(by_meeting.internal_attendees, 0) as internal_attendees,
    coalesce(by_meeting.has_exec_attendee, false) as has_exec_attendee,
    coalesce(by_meeting.has_ceo_attendee, false) as has_ceo_attendee,
    coalesce(by_meeting.has_senior_customer_attendee, false) as has_senior_customer_attendee,
    coalesce(by_meeting.has_senior_customer_attendee, false) and coalesce(meetings.materials_shared, false)
        as is_meaningful
from meetings
left join by_meeting on by_meeting.activity_id = meetings.activity_id
