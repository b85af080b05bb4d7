{#- Onboarding of every customer from its first won new_business deal (signature = its close date): the
    first kickoff on or after signature and the business days to it (on time within
    var onboarding_kickoff_business_days), status meetings in the first var onboarding_window_days days
    (at least var onboarding_min_status_meetings: weekly), the SOW milestones of the deal on time, late,
    overdue and open, and the days from signature to the first completed value milestone (time to value). -#}
with as_of as (
    select as_of from {{ ref('stg_extract__metadata') }}
),

first_deals as (
    select account_id, opportunity_id, close_date as signed_on, amount, owner_user_id
    from (
        select
            *,
            row_number() over (partition by account_id order by close_date, opportunity_id) as deal_rank
        from {{ ref('stg_crm__opportunities') }}
        where opportunity_type = 'new_business' and stage = 'closed_won' and close_date is not null
    ) as ranked
    where deal_rank = 1
),

activities as (
    select account_id, activity_type, cast(occurred_at as date) as occurred_on
    from {{ ref('stg_crm__activities') }}
    where activity_type in ('kickoff', 'status_meeting')
),

kickoffs as (
    select first_deals.account_id, min(activities.occurred_on) as kickoff_on
    from first_deals
    inner join activities
        on activities.account_id = first_deals.account_id
        and activities.activity_type = 'kickoff'
        and activities.occurred_on >= first_deals.signed_on
    group by first_deals.account_id
),

status_meetings as (
    select first_deals.account_id, count(*) as status_meetings
    from first_deals
    inner join activities
        on activities.account_id = first_deals.account_id
        and activities.activity_type = 'status_meeting'
        and activities.occurred_on >= first_deals.signed_on
        and activities.occurred_on <= {{ dbt.dateadd('day', var('onboarding_window_days'), 'first_deals.signed_on') }}
    group by first_deals.account_id
),

milestones as (
    select
        first_deals.account_id,
        sum(case when ms.completed_date <= ms.committed_date then 1 else 0 end) as milestones_on_time,
        sum(case when ms.completed_date > ms.committed_date then 1 else 0 end) as milestones_late,
        sum(case when ms.completed_date is null and ms.committed_date < as_of.as_of then 1 else 0 end)
            as milestones_overdue,
        sum(case when ms.completed_date is null and ms.committed_date >= as_of.as_of then 1 else 0 end)
            as milestones_open,
        min(case when coalesce(ms.is_value_milestone, false) then ms.completed_date end) as first_value_on
    from first_deals
    cross join as_of
    inner join {{ ref('stg_crm__sow_milestones') }} as ms
        on ms.account_id = first_deals.account_id
        and (ms.opportunity_id = first_deals.opportunity_id or ms.opportunity_id is null)
    group by first_deals.account_id
)

select
    first_deals.account_id,
    accounts.account_name,
    accounts.csm_name,
    first_deals.opportunity_id,
    first_deals.signed_on,
    kickoffs.kickoff_on,
    case
        when kickoffs.kickoff_on is not null
            then {{ business_days_between('first_deals.signed_on', 'kickoffs.kickoff_on') }}
    end as business_days_to_kickoff,
    kickoffs.kickoff_on is not null
    and {{ business_days_between('first_deals.signed_on', 'kickoffs.kickoff_on') }}
        <= {{ var('onboarding_kickoff_business_days') }} as is_kickoff_on_time,
    coalesce(status_meetings.status_meetings, 0) as status_meetings_first_window,
    coalesce(status_meetings.status_meetings, 0) >= {{ var('onboarding_min_status_meetings') }}
        as has_weekly_status_meetings,
    {{ dbt.datediff('first_deals.signed_on', 'as_of.as_of', 'day') }} < {{ var('onboarding_window_days') }}
        as is_in_first_window,
    cast(coalesce(milestones.milestones_on_time, 0) as {{ dbt.type_bigint() }}) as milestones_on_time,
    cast(coalesce(milestones.milestones_late, 0) as {{ dbt.type_bigint() }}) as milestones_late,
    cast(coalesce(milestones.milestones_overdue, 0) as {{ dbt.type_bigint() }}) as milestones_overdue,
    cast(coalesce(milestones.milestones_open, 0) as {{ dbt.type_bigint() }}) as milestones_open,
    milestones.first_value_on,
    {{ dbt.datediff('first_deals.signed_on', 'milestones.first_value_on', 'day') }} as days_to_value
from first_deals
cross join as_of
left join {{ ref('dim_accounts') }} as accounts on accounts.account_id = first_deals.account_id
left join kickoffs on kickoffs.account_id = first_deals.account_id
left join status_meetings on status_meetings.account_id = first_deals.account_id
left join milestones on milestones.account_id = first_deals.account_id
where first_deals.signed_on <= as_of.as_of
