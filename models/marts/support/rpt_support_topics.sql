{#- The most frequent ticket topics company-wide (deflection candidates): tickets created in the trailing
    var support_window_days days ending on as_of, per topic, with the share of all those tickets, the
    escalations, the accounts affected, the tickets of the window before (for the trend) and the rank. -#}
with as_of as (
    select as_of from {{ ref('stg_extract__metadata') }}
),

tickets as (
    select
        coalesce(tickets.topic, '(no topic)') as topic,
        tickets.account_id,
        tickets.is_escalation,
        tickets.created_at >= {{ dbt.dateadd('day', 1 - var('support_window_days'), 'as_of.as_of') }} as is_current_window
    from {{ ref('int_support_tickets_mapped') }} as tickets
    cross join as_of
    where tickets.created_at < {{ dbt.dateadd('day', 1, 'as_of.as_of') }}
        and tickets.created_at >= {{ dbt.dateadd('day', 1 - 2 * var('support_window_days'), 'as_of.as_of') }}
),

by_topic as (
    select
        topic,
        cast(sum(case when is_current_window then 1 else 0 end) as {{ dbt.type_bigint() }}) as tickets,
        cast(sum(case when is_current_window and is_escalation then 1 else 0 end) as {{ dbt.type_bigint() }})
            as escalated_tickets,
        count(distinct case when is_current_window then account_id end) as accounts_affected,
        cast(sum(case when not is_current_window then 1 else 0 end) as {{ dbt.type_bigint() }})
            as tickets_previous_window
    from tickets
    group by topic
)

select
    topic,
    tickets,
    cast(tickets as {{ tenure_type_double() }}) / nullif(sum(tickets) over (), 0) as share_of_tickets,
    escalated_tickets,
    accounts_affected,
    tickets_previous_window,
    cast(row_number() over (order by tickets desc, topic) as {{ dbt.type_bigint() }}) as topic_rank
from by_topic
where tickets > 0
