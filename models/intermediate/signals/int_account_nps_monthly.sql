{#- NPS of each customer month: % promoters − % detractors over the latest answer per contact in the trailing
    var nps_window_months months (int_contact_nps_latest_monthly), and the response rate = invitations of the
    window answered by the day the month is measured on / invitations sent in the window. -#}
with customer_months as (
    select account_id, month, measured_on from {{ ref('int_customer_months_listed') }}
),

latest as (
    select
        account_id,
        month,
        count(*) as respondents,
        sum(case when nps_category = 'promoter' then 1 else 0 end) as promoters,
        sum(case when nps_category = 'detractor' then 1 else 0 end) as detractors
    from {{ ref('int_contact_nps_latest_monthly') }}
    group by account_id, month
),

invitations as (
    select
        customer_months.account_id,
        customer_months.month,
        count(*) as invitations_sent,
        sum(
            case when nps.responded_at < {{ dbt.dateadd('day', 1, 'customer_months.measured_on') }} then 1 else 0 end
        ) as invitations_answered
    from customer_months
    inner join {{ ref('stg_surveys__nps') }} as nps
        on nps.account_id = customer_months.account_id
        and nps.sent_at < {{ dbt.dateadd('day', 1, 'customer_months.measured_on') }}
        and nps.sent_at >= {{ dbt.dateadd('month', -var('nps_window_months'), dbt.dateadd('day', 1, 'customer_months.measured_on')) }}
    group by customer_months.account_id, customer_months.month
)

select
    customer_months.account_id,
    customer_months.month,
    coalesce(latest.respondents, 0) as nps_respondents,
    coalesce(latest.promoters, 0) as nps_promoters,
    coalesce(latest.detractors, 0) as nps_detractors,
    case
        when latest.respondents > 0
            then 100 * (latest.promoters - latest.detractors) / latest.respondents
    end as nps,
    coalesce(invitations.invitations_sent, 0) as nps_invitations_sent,
    case
        when invitations.invitations_sent > 0
            then cast(invitations.invitations_answered as {{ tenure_type_double() }}) / invitations.invitations_sent
    end as nps_response_rate
from customer_months
left join latest
    on latest.account_id = customer_months.account_id
    and latest.month = customer_months.month
left join invitations
    on invitations.account_id = customer_months.account_id
    and invitations.month = customer_months.month
