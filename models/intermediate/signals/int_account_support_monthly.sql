{#- Support signals of each customer month over the trailing var support_window_days days ending on the day
    the month is measured on: tickets created, escalations (share high/urgent), median first-response and
    resolution hours of those tickets, CSAT = good / (good + bad); and the tickets open on that day (created
    by then, not solved by then; a ticket marked solved/closed without a solved time counts as solved).
    Point in time: a first response or a solve after that day does not count (nor the rating of a ticket
    not solved by then), so a past month never changes when later facts arrive. -#}
with customer_months as (
    select account_id, month, measured_on from {{ ref('int_customer_months_listed') }}
),

tickets as (
    select * from {{ ref('int_support_tickets_mapped') }} where account_id is not null
),

windowed as (
    select
        customer_months.account_id,
        customer_months.month,
        tickets.ticket_id,
        tickets.is_escalation,
        case
            when tickets.first_response_at < {{ dbt.dateadd('day', 1, 'customer_months.measured_on') }}
                then tickets.first_response_hours
        end as first_response_hours,
        case
            when tickets.solved_at < {{ dbt.dateadd('day', 1, 'customer_months.measured_on') }}
                then tickets.resolution_hours
        end as resolution_hours,
        -- a rating is known once the ticket is solved (without a solved time: from its creation)
        case
            when coalesce(tickets.solved_at, tickets.created_at) < {{ dbt.dateadd('day', 1, 'customer_months.measured_on') }}
                then tickets.satisfaction
        end as satisfaction,
        tickets.created_at >= {{ dbt.dateadd('day', 1 - var('support_window_days'), 'customer_months.measured_on') }}
            as is_in_window,
        (
            tickets.solved_at is null and not tickets.is_solved_now
            or tickets.solved_at >= {{ dbt.dateadd('day', 1, 'customer_months.measured_on') }}
        ) as is_open_on_day
    from customer_months
    inner join tickets
        on tickets.account_id = customer_months.account_id
        and tickets.created_at < {{ dbt.dateadd('day', 1, 'customer_months.measured_on') }}
        and (
            tickets.created_at >= {{ dbt.dateadd('day', 1 - var('support_window_days'), 'customer_months.measured_on') }}
            or tickets.solved_at is null
            or tickets.solved_at >= {{ dbt.dateadd('day', 1, 'customer_months.measured_on') }}
        )
),

summarised as (
    select
        account_id,
        month,
        sum(case when is_in_window then 1 else 0 end) as tickets_created,
        sum(case when is_in_window and is_escalation then 1 else 0 end) as escalated_tickets,
        percentile_cont(0.5) within group (
            order by case when is_in_window then first_response_hours end
        ) as median_first_response_hours,
        percentile_cont(0.5) within group (
            order by case when is_in_window then resolution_hours end
        ) as median_resolution_hours,
        sum(case when is_in_window and satisfaction = 'good' then 1 else 0 end) as csat_good,
        sum(case when is_in_window and satisfaction = 'bad' then 1 else 0 end) as csat_bad,
        sum(case when is_open_on_day then 1 else 0 end) as open_tickets
    from windowed
    group by account_id, month
)

select
    customer_months.account_id,
    customer_months.month,
    coalesce(summarised.tickets_created, 0) as tickets_created,
    coalesce(summarised.escalated_tickets, 0) as escalated_tickets,
    case
        when summarised.tickets_created > 0
            then cast(summarised.escalated_tickets as {{ tenure_type_double() }}) / summarised.tickets_created
    end as escalated_share,
    summarised.median_first_response_hours,
    summarised.median_resolution_hours,
    coalesce(summarised.csat_good, 0) as csat_good,
    coalesce(summarised.csat_bad, 0) as csat_bad,
    {{ csat_share('summarised.csat_good', 'summarised.csat_bad') }} as csat,
    coalesce(summarised.open_tickets, 0) as open_tickets
from customer_months
left join summarised
    on summarised.account_id = customer_months.account_id
    and summarised.month = customer_months.month
