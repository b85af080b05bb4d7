{#- Salesforce Task and Event as the contract's crm activities: soft-deleted rows dropped; the activity type
    through seed salesforce_activity_types (a value not listed: lower case, spaces as underscores); a task
    happens on its activity_date, an event at its start; attendees, materials and competitor from the custom
    fields var('salesforce') names. -#}
{%- set fields = var('salesforce') -%}

with activities as (
    {{ salesforce_activities(source('salesforce', 'task'), 'activity_date', fields) }}
    union all
    {{ salesforce_activities(source('salesforce', 'event'), 'start_date_time', fields) }}
)

select
    activities.activity_id,
    activities.account_id,
    coalesce(types.activity_type, replace(activities.salesforce_type, ' ', '_')) as activity_type,
    activities.occurred_at,
    activities.subject,
    activities.owner_user_id,
    activities.internal_attendee_user_ids,
    activities.customer_attendee_contact_ids,
    activities.materials_shared,
    activities.competitor_mentioned,
    activities.notes
from activities
left join {{ ref('salesforce_activity_types') }} as types
    on types.salesforce_type = activities.salesforce_type
