{#- Recent events of every CRM account, for the account page's timeline and the churn retrospectives: in
    the var churn_retrospective_months months up to as_of, its activities (QBRs, visits, calls, …), high and
    urgent tickets, NPS answers, champions arriving and leaving, value-plan items achieved or missed, MRR
    movements other than flat, and opportunities won or lost. One row per event; `title` may hold untrusted
    text (an activity's subject). -#}
with as_of as (
    select
        as_of,
        {{ dbt.dateadd('day', 1, 'as_of') }} as day_after,
        {{ dbt.dateadd('month', -var('churn_retrospective_months'), dbt.dateadd('day', 1, 'as_of')) }} as window_start
    from {{ ref('stg_extract__metadata') }}
),

events as (
    select account_id, occurred_at as event_at, 'activity' as event_type, activity_type as event_kind,
           coalesce(subject, replace(activity_type, '_', ' ')) as title, cast(null as {{ dbt.type_float() }}) as event_value
    from {{ ref('stg_crm__activities') }}
    union all
    select account_id, created_at, 'ticket', priority, coalesce(topic, 'ticket') || ' (' || priority || ')',
           cast(null as {{ dbt.type_float() }})
    from {{ ref('int_support_tickets_mapped') }}
    where is_escalation and account_id is not null
    union all
    select account_id, responded_at, 'nps', nps_category, 'NPS ' || cast(score as {{ dbt.type_string() }}) || ' (' || nps_category || ')',
           cast(score as {{ dbt.type_float() }})
    from {{ ref('int_nps_responses_classified') }}
    union all
    select account_id, left_at, 'champion', 'champion_left', 'champion left: ' || full_name, cast(null as {{ dbt.type_float() }})
    from {{ ref('stg_crm__contacts') }}
    where coalesce(is_champion, false) and left_at is not null
    union all
    select account_id, created_at, 'champion', 'champion_added', 'new champion: ' || full_name, cast(null as {{ dbt.type_float() }})
    from {{ ref('stg_crm__contacts') }}
    where coalesce(is_champion, false) and created_at is not null
    union all
    select account_id, coalesce(updated_at, cast(due_date as timestamp)), 'value_plan', status,
           'value-plan item ' || status || ': ' || objective, cast(null as {{ dbt.type_float() }})
    from {{ ref('stg_crm__value_plans') }}
    where status in ('achieved', 'missed')
    union all
    -- The amount is event_value (the page formats it as money); the title says what moved.
    select account_id, cast(month as timestamp), 'mrr', movement, 'MRR ' || movement,
           round(mrr_change, 2)
    from {{ ref('fct_mrr_movements') }}
    where movement in ('new', 'expansion', 'contraction', 'churn', 'reactivation') and not is_unmatched_billing
    union all
    select account_id, cast(close_date as timestamp), 'opportunity', stage,
           replace(opportunity_type, '_', ' ') || ' deal ' || case when stage = 'closed_won' then 'won' else 'lost' end,
           cast(null as {{ dbt.type_float() }})
    from {{ ref('stg_crm__opportunities') }}
    where stage in ('closed_won', 'closed_lost') and close_date is not null
)

select
    events.account_id,
    events.event_at,
    events.event_type,
    events.event_kind,
    events.title,
    events.event_value,
    cast(row_number() over (
        partition by events.account_id
        order by events.event_at desc, events.event_type, events.event_kind, events.title
    ) as {{ dbt.type_bigint() }}) as recency_rank
from events
cross join as_of
where events.account_id is not null
    and events.event_at >= as_of.window_start
    and events.event_at < as_of.day_after
