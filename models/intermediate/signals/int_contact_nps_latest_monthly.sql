{#- For every calendar month, the latest answer of each contact in the trailing var nps_window_months months
    ending on the day the month is measured on: the input of every NPS (company, segment, account). A
    contact answering twice counts once, with the later answer. -#}
with months as (
    select month, measured_on from {{ ref('int_calendar_months') }}
),

responses as (
    select * from {{ ref('int_nps_responses_classified') }}
),

ranked as (
    select
        months.month,
        responses.account_id,
        responses.contact_id,
        responses.invitation_id,
        responses.score,
        responses.nps_category,
        row_number() over (
            partition by months.month, responses.account_id, coalesce(responses.contact_id, responses.invitation_id)
            order by responses.responded_at desc, responses.invitation_id desc
        ) as recency
    from months
    inner join responses
        on responses.responded_at < {{ dbt.dateadd('day', 1, 'months.measured_on') }}
        and responses.responded_at >= {{ dbt.dateadd('month', -var('nps_window_months'), dbt.dateadd('day', 1, 'months.measured_on')) }}
)

select month, account_id, contact_id, invitation_id, score, nps_category
from ranked
where recency = 1
