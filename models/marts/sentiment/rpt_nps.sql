{#- NPS per calendar month for the company and every segment (the segment types of the retention marts):
    % promoters − % detractors over the latest answer per contact in the trailing var nps_window_months
    months, with the respondents, and the response rate = invitations sent in the window answered by the
    month's measuring day / invitations sent in the window. Accounts without a segment row (e.g. no revenue
    ever) count in the company only. -#}
with months as (
    select month, measured_on from {{ ref('int_calendar_months') }}
),

latest as (
    select * from {{ ref('int_contact_nps_latest_monthly') }}
),

segments as (
    select * from {{ ref('int_account_segments_assigned') }} where segment_type <> 'company'
),

segmented_answers as (
    select 'company' as segment_type, 'all' as segment_value, latest.* from latest
    union all
    select segments.segment_type, segments.segment_value, latest.*
    from latest
    inner join segments on segments.account_id = latest.account_id
),

answers as (
    select
        segment_type,
        segment_value,
        month,
        count(*) as respondents,
        sum(case when nps_category = 'promoter' then 1 else 0 end) as promoters,
        sum(case when nps_category = 'detractor' then 1 else 0 end) as detractors
    from segmented_answers
    group by segment_type, segment_value, month
),

invitations as (
    select
        months.month,
        invitations.account_id,
        invitations.responded_at < {{ dbt.dateadd('day', 1, 'months.measured_on') }} as is_answered
    from months
    inner join {{ ref('stg_surveys__nps') }} as invitations
        on invitations.sent_at < {{ dbt.dateadd('day', 1, 'months.measured_on') }}
        and invitations.sent_at >= {{ dbt.dateadd('month', -var('nps_window_months'), dbt.dateadd('day', 1, 'months.measured_on')) }}
),

segmented_invitations as (
    select 'company' as segment_type, 'all' as segment_value, month, is_answered from invitations
    union all
    select segments.segment_type, segments.segment_value, invitations.month, invitations.is_answered
    from invitations
    inner join segments on segments.account_id = invitations.account_id
),

sent as (
    select
        segment_type,
        segment_value,
        month,
        count(*) as invitations_sent,
        sum(case when is_answered then 1 else 0 end) as invitations_answered
    from segmented_invitations
    group by segment_type, segment_value, month
)

select
    sent.segment_type,
    sent.segment_value,
    sent.month,
    coalesce(answers.respondents, 0) as respondents,
    cast(coalesce(answers.promoters, 0) as {{ dbt.type_bigint() }}) as promoters,
    cast(coalesce(answers.detractors, 0) as {{ dbt.type_bigint() }}) as detractors,
    case
        when answers.respondents > 0 then 100 * (answers.promoters - answers.detractors) / answers.respondents
    end as nps,
    sent.invitations_sent,
    cast(sent.invitations_answered as {{ tenure_type_double() }}) / sent.invitations_sent as response_rate
from sent
left join answers
    on answers.segment_type = sent.segment_type
    and answers.segment_value = sent.segment_value
    and answers.month = sent.month
