{#- Company-wide support trend: per calendar month, the tickets created that month (every ticket, linked to
    an account or not), the share escalated (var escalation_priorities), the median first-response and
    resolution hours of those tickets, and CSAT = good / (good + bad) of their ratings. Point in time: as
    known on the day the month is measured on, so a first response or a solve after that day (and the rating
    of a ticket not solved by then) does not count for the month, and a past month never changes when later
    facts arrive. -#}
with months as (
    select month, measured_on from {{ ref('int_calendar_months') }}
),

tickets as (
    select
        *,
        cast({{ dbt.date_trunc('month', 'created_at') }} as date) as created_month
    from {{ ref('int_support_tickets_mapped') }}
),

summarised as (
    select
        tickets.created_month as month,
        count(*) as tickets_created,
        sum(case when tickets.is_escalation then 1 else 0 end) as escalated_tickets,
        percentile_cont(0.5) within group (
            order by case when tickets.first_response_at < {{ dbt.dateadd('day', 1, 'months.measured_on') }}
                then tickets.first_response_hours end
        ) as median_first_response_hours,
        percentile_cont(0.5) within group (
            order by case when tickets.solved_at < {{ dbt.dateadd('day', 1, 'months.measured_on') }}
                then tickets.resolution_hours end
        ) as median_resolution_hours,
        -- a rating is known once the ticket is solved (without a solved time: from its creation)
        {%- set rating_known = "coalesce(tickets.solved_at, tickets.created_at) < " ~ dbt.dateadd('day', 1, 'months.measured_on') %}
        sum(case when tickets.satisfaction = 'good' and {{ rating_known }} then 1 else 0 end) as csat_good,
        sum(case when tickets.satisfaction = 'bad' and {{ rating_known }} then 1 else 0 end) as csat_bad
    from tickets
    inner join months on months.month = tickets.created_month
    group by tickets.created_month
)

select
    months.month,
    coalesce(summarised.tickets_created, 0) as tickets_created,
    cast(coalesce(summarised.escalated_tickets, 0) as {{ dbt.type_bigint() }}) as escalated_tickets,
    case
        when summarised.tickets_created > 0
            then cast(summarised.escalated_tickets as {{ tenure_type_double() }}) / summarised.tickets_created
    end as escalated_share,
    summarised.median_first_response_hours,
    summarised.median_resolution_hours,
    cast(coalesce(summarised.csat_good, 0) as {{ dbt.type_bigint() }}) as csat_good,
    cast(coalesce(summarised.csat_bad, 0) as {{ dbt.type_bigint() }}) as csat_bad,
    {{ csat_share('summarised.csat_good', 'summarised.csat_bad') }} as csat
from months
left join summarised on summarised.month = months.month
