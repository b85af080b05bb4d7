{#- The one risk model: every open risk of every paying account at as_of, one row per account and reason,
    with the fact behind it. The account page, the QBR brief, the LxL and the CSM pages all list these rows,
    in the order and with the labels of seeds/enumerations/risk_reasons.csv:
      red_health            health band is the lowest band of var health_bands;
      declining_health      health score down var risk_declining_points points or more against
                            var risk_declining_months months before;
      champion_loss         a champion left recently and none is active (fct_account_health_monthly);
      invoices_past_due     an invoice more than var lxl_past_due_days days past due;
      urgent_tickets_open   tickets of priority urgent created by as_of and not solved by then;
      detractor             a contact's latest answer in the NPS window is a detractor's;
      active_competitor     a competitor named in the last var competitor_window_months months (rpt_competitors);
      stalled_value_items   value-plan items stalled (due before as_of, not achieved; fct_value_plan_items) and
                            due in the last var value_window_months months (older ones are history);
      sponsor_gap           a top account (rpt_exec_sponsor_coverage) without an engaged executive sponsor;
      qbr_overdue           its tier owes QBRs and none was held last quarter nor this one (rpt_qbr_status);
      ceo_visit_missing     its tier requires a yearly CEO visit and there was none (rpt_qbr_status).
    measure_value, measure_date and measure_text carry the fact (a score, a count, a date, a name). -#}
{%- set bands = var('health_bands') | sort(attribute='min_score') -%}
with as_of as (
    select as_of from {{ ref('stg_extract__metadata') }}
),

paying as (
    select account_id from {{ ref('dim_accounts') }} where current_mrr > 0
),

health_now as (
    select * from {{ ref('fct_account_health_monthly') }} where is_as_of_month
),

health_before as (
    select earlier.account_id, earlier.health_score
    from {{ ref('fct_account_health_monthly') }} as earlier
    inner join health_now
        on health_now.account_id = earlier.account_id
        and earlier.month = {{ dbt.dateadd('month', -var('risk_declining_months'), 'health_now.month') }}
),

urgent_open as (
    select tickets.account_id, count(*) as tickets, min(tickets.created_at) as oldest_created_at
    from {{ ref('int_support_tickets_mapped') }} as tickets
    cross join as_of
    where tickets.priority = 'urgent'
        and tickets.account_id is not null
        and tickets.created_at < {{ dbt.dateadd('day', 1, 'as_of.as_of') }}
        -- open at as_of: not solved by then (a ticket closed without a solved date counts as solved)
        and (
            tickets.solved_at >= {{ dbt.dateadd('day', 1, 'as_of.as_of') }}
            or (tickets.solved_at is null and not tickets.is_solved_now)
        )
    group by tickets.account_id
),

detractors as (
    select latest.account_id, count(*) as detractors, min(latest.score) as lowest_score
    from {{ ref('int_contact_nps_latest_monthly') }} as latest
    inner join health_now on health_now.account_id = latest.account_id and health_now.month = latest.month
    where latest.nps_category = 'detractor'
    group by latest.account_id
),

competitors as (
    select account_id, count(*) as competitors, max(last_mentioned_at) as last_mentioned_at,
           {{ dbt.listagg('competitor_name', "', '", 'order by mentions desc, competitor_key') }} as names
    from {{ ref('rpt_competitors') }}
    group by account_id
),

stalled as (
    select account_id, count(*) as items, min(due_date) as oldest_due_date
    from {{ ref('fct_value_plan_items') }}
    cross join as_of
    where is_stalled
        and due_date > {{ dbt.dateadd('month', -var('value_window_months'), 'as_of.as_of') }}
    group by account_id
),

reasons as (
    select health_now.account_id, 'red_health' as risk_reason,
           health_now.health_score as measure_value, cast(null as date) as measure_date,
           health_now.health_band as measure_text
    from health_now
    where health_now.health_band = {{ tenure_sql_string(bands[0].name) }}
    union all
    select health_now.account_id, 'declining_health',
           health_now.health_score - health_before.health_score, cast(null as date), health_now.health_band
    from health_now
    inner join health_before on health_before.account_id = health_now.account_id
    where health_now.health_score <= health_before.health_score - {{ var('risk_declining_points') }}
    union all
    select account_id, 'champion_loss', cast(null as double), cast(champion_left_at as date), cast(null as string)
    from health_now
    where has_champion_loss
    union all
    select account_id, 'invoices_past_due', cast(worst_days_past_due as double), cast(null as date),
           cast(null as string)
    from health_now
    where worst_days_past_due > {{ var('lxl_past_due_days') }}
    union all
    select account_id, 'urgent_tickets_open', cast(tickets as double), cast(oldest_created_at as date),
           cast(null as string)
    from urgent_open
    union all
    select account_id, 'detractor', cast(lowest_score as double), cast(null as date), cast(null as string)
    from detractors
    union all
    select account_id, 'active_competitor', cast(competitors as double), cast(last_mentioned_at as date), names
    from competitors
    union all
    select account_id, 'stalled_value_items', cast(items as double), oldest_due_date, cast(null as string)
    from stalled
    union all
    select account_id, 'sponsor_gap', cast(null as double), cast(null as date), gap
    from {{ ref('rpt_exec_sponsor_coverage') }}
    where gap is not null
    union all
    select account_id, 'qbr_overdue', cast(full_quarters_without_qbr as double), cast(last_qbr_at as date),
           cast(null as string)
    from {{ ref('rpt_qbr_status') }}
    where is_overdue
    union all
    select account_id, 'ceo_visit_missing', cast(null as double), cast(null as date), cast(null as string)
    from {{ ref('rpt_qbr_status') }}
    where needs_ceo_visit and not coalesce(ceo_visited_this_year, false)
)

select
    reasons.account_id,
    reasons.risk_reason,
    reason_codes.display_order as reason_order,
    reasons.measure_value,
    reasons.measure_date,
    reasons.measure_text
from reasons
inner join paying on paying.account_id = reasons.account_id
left join {{ ref('risk_reasons') }} as reason_codes on reason_codes.code = reasons.risk_reason
