{#- QBR status of every paying account: the cadence its current tier owes (var qbr_cadence), its last QBR
    and last meaningful QBR, QBRs this quarter and last full quarter, the full quarters in a row without
    one, when the next is due (end of this quarter if none was held this quarter, else end of next
    quarter), overdue (required and none in the last full quarter nor this one), and the executive
    requirements: an exec attended a QBR in the last var exec_rotation_quarters quarters (enterprise+),
    the CEO made an exec_visit in the trailing 12 months (strategic). -#}
{%- set cadence = var('qbr_cadence') -%}
with as_of as (
    select as_of, cast({{ dbt.date_trunc('quarter', 'as_of') }} as date) as current_quarter
    from {{ ref('stg_extract__metadata') }}
),

accounts as (
    select account_id, account_name, tier, csm_user_id, csm_name, owner_name, current_arr
    from {{ ref('dim_accounts') }}
    where is_active_customer
),

requirements as (
    select
        accounts.*,
        case
            {%- for tier, rule in cadence.items() %}
            when accounts.tier = {{ tenure_sql_string(tier) }} then {{ rule.get('qbrs_per_quarter', 0) }}
            {%- endfor %}
            else 0
        end as qbrs_per_quarter,
        case
            {%- for tier, rule in cadence.items() %}
            when accounts.tier = {{ tenure_sql_string(tier) }} then {{ 'true' if rule.get('exec_attendance') else 'false' }}
            {%- endfor %}
            else false
        end as needs_exec_attendance,
        case
            {%- for tier, rule in cadence.items() %}
            when accounts.tier = {{ tenure_sql_string(tier) }} then {{ 'true' if rule.get('ceo_visit_yearly') else 'false' }}
            {%- endfor %}
            else false
        end as needs_ceo_visit
    from accounts
),

qbrs as (
    select qbrs.*
    from {{ ref('int_qbrs_classified') }} as qbrs
    cross join as_of
    where qbrs.occurred_at < {{ dbt.dateadd('day', 1, 'as_of.as_of') }}
),

summary as (
    select
        qbrs.account_id,
        max(case when qbrs.activity_type = 'qbr' then qbrs.occurred_at end) as last_qbr_at,
        max(case when qbrs.activity_type = 'qbr' and qbrs.is_meaningful then qbrs.occurred_at end)
            as last_meaningful_qbr_at,
        sum(case when qbrs.activity_type = 'qbr' and qbrs.quarter_start = as_of.current_quarter then 1 else 0 end)
            as qbrs_this_quarter,
        sum(
            case
                when qbrs.activity_type = 'qbr'
                    and qbrs.quarter_start = cast({{ dbt.dateadd('month', -3, 'as_of.current_quarter') }} as date)
                    then 1 else 0
            end
        ) as qbrs_last_quarter,
        {{ dbt.bool_or(
            "qbrs.activity_type = 'qbr' and qbrs.has_exec_attendee and qbrs.quarter_start >= cast("
            ~ dbt.dateadd('month', -3 * (var('exec_rotation_quarters') - 1), 'as_of.current_quarter')
            ~ " as date)") }} as exec_attended_recently,
        {{ dbt.bool_or(
            "qbrs.activity_type = 'exec_visit' and qbrs.has_ceo_attendee and qbrs.occurred_at >= "
            ~ dbt.dateadd('month', -12, dbt.dateadd('day', 1, 'as_of.as_of'))) }} as ceo_visited_this_year
    from qbrs
    cross join as_of
    group by qbrs.account_id
),

last_quarter_with_qbr as (
    select account_id, max(quarter_start) as last_qbr_quarter
    from qbrs
    where activity_type = 'qbr'
    group by account_id
)

select
    requirements.account_id,
    requirements.account_name,
    requirements.tier,
    requirements.csm_user_id,
    requirements.csm_name,
    requirements.owner_name,
    requirements.current_arr,
    requirements.qbrs_per_quarter,
    requirements.qbrs_per_quarter > 0 as is_qbr_required,
    requirements.needs_exec_attendance,
    requirements.needs_ceo_visit,
    summary.last_qbr_at,
    summary.last_meaningful_qbr_at,
    cast(coalesce(summary.qbrs_this_quarter, 0) as {{ dbt.type_bigint() }}) as qbrs_this_quarter,
    cast(coalesce(summary.qbrs_last_quarter, 0) as {{ dbt.type_bigint() }}) as qbrs_last_quarter,
    case
        when last_quarter_with_qbr.last_qbr_quarter is null then null
        else {{ dbt.datediff('last_quarter_with_qbr.last_qbr_quarter', 'as_of.current_quarter', 'quarter') }} - 1
    end as full_quarters_without_qbr,
    cast(
        case
            when coalesce(summary.qbrs_this_quarter, 0) > 0
                then {{ dbt.dateadd('day', -1, dbt.dateadd('month', 6, 'as_of.current_quarter')) }}
            else {{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, 'as_of.current_quarter')) }}
        end as date
    ) as next_qbr_due,
    requirements.qbrs_per_quarter > 0
    and coalesce(summary.qbrs_last_quarter, 0) < requirements.qbrs_per_quarter
    and coalesce(summary.qbrs_this_quarter, 0) = 0 as is_overdue,
    coalesce(summary.exec_attended_recently, false) as exec_attended_recently,
    coalesce(summary.ceo_visited_this_year, false) as ceo_visited_this_year,
    requirements.needs_exec_attendance and not coalesce(summary.exec_attended_recently, false)
        as is_missing_exec_attendance,
    requirements.needs_ceo_visit and not coalesce(summary.ceo_visited_this_year, false) as is_missing_ceo_visit
from requirements
cross join as_of
left join summary on summary.account_id = requirements.account_id
left join last_quarter_with_qbr on last_quarter_with_qbr.account_id = requirements.account_id
