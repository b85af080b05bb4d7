{#- Company-wide support trend: per calendar month, the tickets created that month (every ticket, linked to
    an account or not), the share escalated (var escalation_priorities), the median first-response and
    resolution hours of those tickets, and CSAT = good / (good + bad) of their ratings. -#}
with months as (
    select month from {{ ref('int_calendar_months') }}
),

tickets as (
    select
        *,
        cast({{ dbt.date_trunc('month', 'created_at') }} as date) as created_month
    from {{ ref('int_support_tickets_mapped') }}
),

summarised as (
    select
        created_month as month,
        count(*) as tickets_created,
        sum(case when is_escalation then 1 else 0 end) as escalated_tickets,
        percentile_cont(0.5) within group (order by first_response_hours) as median_first_response_hours,
        percentile_cont(0.5) within group (order by resolution_hours) as median_resolution_hours,
        sum(case when satisfaction = 'good' then 1 else 0 end) as csat_good,
        sum(case when satisfaction = 'bad' then 1 else 0 end) as csat_bad
    from tickets
    group by created_month
)

select
    months.month,
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
    {{ csat_share('summarised.csat_good', 'summarised.csat_bad') }} as csat
from months
left join summarised on summarised.month = months.month
