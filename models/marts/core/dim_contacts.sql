{#- Every CRM contact with what the relationship review needs: active at as_of (not left by then), seniority,
    department, champion / sponsor / evangelist flags, and the last activity they attended (and whether that
    was within the trailing var relationship_window_days days, i.e. counts for "three high, three wide").
    The e-mail address is kept for analysts; the site publishes it only when configured to. -#}
with as_of as (
    select as_of from {{ ref('stg_extract__metadata') }}
),

attendance as (
    select attendee_id as contact_id, account_id, max(occurred_at) as last_attended_at, count(*) as activities_attended
    from {{ ref('int_activity_attendees_unnested') }}
    where attendee_side = 'customer'
    group by attendee_id, account_id
)

select
    contacts.contact_id,
    contacts.account_id,
    contacts.full_name,
    contacts.title,
    contacts.seniority,
    contacts.department,
    contacts.email,
    coalesce(contacts.is_champion, false) as is_champion,
    coalesce(contacts.is_customer_sponsor, false) as is_customer_sponsor,
    coalesce(contacts.is_evangelist, false) as is_evangelist,
    contacts.referral_mode,
    contacts.referral_scope,
    contacts.created_at,
    contacts.left_at,
    (contacts.left_at is null or contacts.left_at >= {{ dbt.dateadd('day', 1, 'as_of.as_of') }}) as is_active,
    attendance.last_attended_at,
    coalesce(attendance.activities_attended, 0) as activities_attended,
    coalesce(
        attendance.last_attended_at >= {{ dbt.dateadd('day', 1 - var('relationship_window_days'), 'as_of.as_of') }}
        and attendance.last_attended_at < {{ dbt.dateadd('day', 1, 'as_of.as_of') }},
        false
    ) as attended_in_window
from {{ ref('stg_crm__contacts') }} as contacts
cross join as_of
left join attendance
    on attendance.contact_id = contacts.contact_id
    and attendance.account_id = contacts.account_id
