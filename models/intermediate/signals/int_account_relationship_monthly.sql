{#- Relationship signals of each customer month, on the day the month is measured on. Among the contacts
    active that day (created by then, not left by then) who attended an activity in the trailing
    var relationship_window_days days: the distinct high seniority levels (var three_high_seniorities) and
    the distinct departments ("three high, three wide", targets in vars). Champion present: an active
    is_champion contact. Champion loss: a champion left in the trailing var champion_loss_window_days days and
    no champion is active that day. -#}
with customer_months as (
    select account_id, month, measured_on from {{ ref('int_customer_months_listed') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

customer_attendance as (
    select account_id, attendee_id as contact_id, occurred_at
    from {{ ref('int_activity_attendees_unnested') }}
    where attendee_side = 'customer'
),

day_bounds as (
    select
        account_id,
        month,
        {{ dbt.dateadd('day', 1, 'measured_on') }} as day_after,
        {{ dbt.dateadd('day', 1 - var('relationship_window_days'), 'measured_on') }} as engagement_start,
        {{ dbt.dateadd('day', 1 - var('champion_loss_window_days'), 'measured_on') }} as champion_loss_start
    from customer_months
),

contact_days as (
    select
        day_bounds.account_id,
        day_bounds.month,
        contacts.contact_id,
        contacts.seniority,
        contacts.department,
        coalesce(contacts.is_champion, false) as is_champion,
        contacts.left_at,
        (contacts.left_at is null or contacts.left_at >= day_bounds.day_after) as is_active,
        contacts.left_at >= day_bounds.champion_loss_start and contacts.left_at < day_bounds.day_after
            as left_in_champion_window,
        exists(
            select 1
            from customer_attendance
            where customer_attendance.contact_id = contacts.contact_id
                and customer_attendance.account_id = contacts.account_id
                and customer_attendance.occurred_at >= day_bounds.engagement_start
                and customer_attendance.occurred_at < day_bounds.day_after
        ) as met_in_window
    from day_bounds
    inner join contacts
        on contacts.account_id = day_bounds.account_id
        and (contacts.created_at is null or contacts.created_at < day_bounds.day_after)
),

summarised as (
    select
        account_id,
        month,
        sum(case when is_active then 1 else 0 end) as active_contacts,
        sum(case when is_active and met_in_window then 1 else 0 end) as engaged_contacts,
        count(distinct case
            when is_active and met_in_window
                and seniority in ({{ tenure_sql_string_list(var('three_high_seniorities')) }})
                then seniority
        end) as engaged_high_levels,
        count(distinct case when is_active and met_in_window then department end) as engaged_departments,
        {{ dbt.bool_or('is_active and is_champion') }} as has_champion,
        {{ dbt.bool_or('is_champion and left_in_champion_window') }} as champion_left_in_window,
        max(case when is_champion and left_in_champion_window then left_at end) as champion_left_at
    from contact_days
    group by account_id, month
)

select
    customer_months.account_id,
    customer_months.month,
    coalesce(summarised.active_contacts, 0) as active_contacts,
    coalesce(summarised.engaged_contacts, 0) as engaged_contacts,
    coalesce(summarised.engaged_high_levels, 0) as engaged_high_levels,
    coalesce(summarised.engaged_departments, 0) as engaged_departments,
    coalesce(summarised.engaged_high_levels, 0) >= {{ var('relationship_target_levels') }}
    and coalesce(summarised.engaged_departments, 0) >= {{ var('relationship_target_departments') }}
        as meets_three_by_three,
    coalesce(summarised.has_champion, false) as has_champion,
    coalesce(summarised.champion_left_in_window, false) and not coalesce(summarised.has_champion, false)
        as has_champion_loss,
    case when not coalesce(summarised.has_champion, false) then summarised.champion_left_at end as champion_left_at
from customer_months
left join summarised
    on summarised.account_id = customer_months.account_id
    and summarised.month = customer_months.month
