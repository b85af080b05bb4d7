{#- Executive-sponsor coverage of the top accounts (Pareto): paying accounts by current ARR, largest first;
    an account is in the top group while the ARR of the accounts before it is less than
    var exec_sponsor_pareto_share of the total. For each: the sponsor assigned (accounts.exec_sponsor_user_id),
    whether that sponsor attended a QBR or exec visit in the current or previous quarter, and the gap
    (no_sponsor, sponsor_not_engaged, or NULL when covered). -#}
with as_of as (
    select as_of, cast({{ dbt.date_trunc('quarter', 'as_of') }} as date) as current_quarter
    from {{ ref('stg_extract__metadata') }}
),

ranked as (
    select
        account_id,
        account_name,
        tier,
        current_arr,
        exec_sponsor_user_id,
        exec_sponsor_name,
        csm_name,
        cast(row_number() over (order by current_arr desc, account_id) as {{ dbt.type_bigint() }}) as arr_rank,
        coalesce(sum(current_arr) over (
            order by current_arr desc, account_id rows between unbounded preceding and 1 preceding
        ), 0) as arr_before,
        sum(current_arr) over () as total_arr
    from {{ ref('dim_accounts') }}
    where is_active_customer
),

sponsor_meetings as (
    select distinct qbrs.account_id, attendees.attendee_id as user_id
    from {{ ref('int_qbrs_classified') }} as qbrs
    inner join {{ ref('int_activity_attendees_unnested') }} as attendees
        on attendees.activity_id = qbrs.activity_id and attendees.attendee_side = 'internal'
    cross join as_of
    where qbrs.quarter_start >= cast({{ dbt.dateadd('month', -3, 'as_of.current_quarter') }} as date)
        and qbrs.occurred_at < {{ dbt.dateadd('day', 1, 'as_of.as_of') }}
)

select
    ranked.account_id,
    ranked.account_name,
    ranked.tier,
    ranked.csm_name,
    ranked.current_arr,
    ranked.arr_rank,
    ranked.arr_before / nullif(ranked.total_arr, 0) as arr_share_before,
    ranked.exec_sponsor_user_id,
    ranked.exec_sponsor_name,
    sponsor_meetings.user_id is not null as is_sponsor_engaged,
    case
        when ranked.exec_sponsor_user_id is null then 'no_sponsor'
        when sponsor_meetings.user_id is null then 'sponsor_not_engaged'
    end as gap
from ranked
left join sponsor_meetings
    on sponsor_meetings.account_id = ranked.account_id
    and sponsor_meetings.user_id = ranked.exec_sponsor_user_id
where ranked.arr_before < {{ var('exec_sponsor_pareto_share') }} * ranked.total_arr
