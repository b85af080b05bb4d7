{#- The line-by-line (LxL) review list at every month end: one row per customer
    month and reason the account is on the list that day —
      renewal_due           renewal date within var lxl_renewal_window_days days (or already past);
      red_health            health band is the lowest band of var health_bands;
      champion_loss         a champion left recently and none is active (see fct_account_health_monthly);
      invoices_past_due     an open invoice more than var lxl_past_due_days days past due;
      expansion_candidate   top health band, seat utilization ≥ var expansion_min_seat_utilization and a
                            promoter account (NPS ≥ var expansion_min_nps).
    Kept for every month so a churned account can be checked for having been surfaced before it churned. -#}
{%- set bands = var('health_bands') | sort(attribute='min_score') -%}
{%- set lowest_band = bands[0].name -%}
{%- set top_band = bands[-1].name -%}
with health as (
    select * from {{ ref('fct_account_health_monthly') }}
),

renewals as (
    select * from {{ ref('int_account_renewal_dates_monthly') }}
),

months as (
    select
        health.account_id,
        health.month,
        health.measured_on,
        health.health_score,
        health.health_band,
        health.has_champion_loss,
        health.champion_left_at,
        health.worst_days_past_due,
        health.past_due_invoices,
        health.past_due_amount,
        health.seat_utilization,
        health.nps,
        renewals.renewal_date,
        renewals.renewal_date_source
    from health
    left join renewals on renewals.account_id = health.account_id and renewals.month = health.month
),

reasons as (
    select account_id, month, 'renewal_due' as reason
    from months
    where renewal_date <= {{ dbt.dateadd('day', var('lxl_renewal_window_days'), 'measured_on') }}
    union all
    select account_id, month, 'red_health'
    from months
    where health_band = {{ tenure_sql_string(lowest_band) }}
    union all
    select account_id, month, 'champion_loss'
    from months
    where has_champion_loss
    union all
    select account_id, month, 'invoices_past_due'
    from months
    where worst_days_past_due > {{ var('lxl_past_due_days') }}
    union all
    select account_id, month, 'expansion_candidate'
    from months
    where health_band = {{ tenure_sql_string(top_band) }}
        and seat_utilization >= {{ var('expansion_min_seat_utilization') }}
        and nps >= {{ var('expansion_min_nps') }}
)

select
    reasons.account_id,
    reasons.month,
    reasons.reason,
    reason_codes.display_order as reason_order,
    months.measured_on,
    months.renewal_date,
    months.renewal_date_source,
    {{ dbt.datediff('months.measured_on', 'months.renewal_date', 'day') }} as days_to_renewal,
    months.health_score,
    months.health_band,
    months.champion_left_at,
    months.worst_days_past_due,
    months.past_due_invoices,
    months.past_due_amount,
    months.seat_utilization,
    months.nps
from reasons
inner join months on months.account_id = reasons.account_id and months.month = reasons.month
-- The order of the reasons (and their labels on the pages) is seeds/enumerations/lxl_reasons.csv.
left join {{ ref('lxl_reasons') }} as reason_codes on reason_codes.code = reasons.reason
