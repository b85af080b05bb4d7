{#- A retrospective for every account that churned in the last var churn_retrospective_months months (its
    latest churn): the ARR lost, the loss reason and competitor of its latest lost renewal, its health band 3
    and 6 months before the churn month, and whether it was "surfaced": on the LxL list with a reason of the
    risk model (seeds/enumerations/risk_reasons.csv: a renewal coming up or an expansion is not a warning) at
    a month end at least var surfaced_lead_days days before the churn month and within the var
    surfaced_window_months months before it, with the reasons it was listed for. -#}
with as_of as (
    select cast({{ dbt.date_trunc('month', 'as_of') }} as date) as as_of_month
    from {{ ref('stg_extract__metadata') }}
),

churns as (
    select account_id, month as churn_month, previous_mrr
    from (
        select
            movements.*,
            row_number() over (partition by movements.account_id order by movements.month desc) as recency
        from {{ ref('fct_mrr_movements') }} as movements
        where movements.movement = 'churn' and not movements.is_unmatched_billing
    ) as ranked
    cross join as_of
    where ranked.recency = 1
        and ranked.month > cast({{ dbt.dateadd('month', -var('churn_retrospective_months'), 'as_of.as_of_month') }} as date)
),

lost_renewals as (
    select account_id, loss_reason, primary_competitor, close_date
    from (
        select
            *,
            row_number() over (partition by account_id order by close_date desc, opportunity_id desc) as recency
        from {{ ref('stg_crm__opportunities') }}
        where opportunity_type = 'renewal' and stage = 'closed_lost'
    ) as ranked
    where recency = 1
),

health as (
    select account_id, month, health_band, health_score from {{ ref('fct_account_health_monthly') }}
),

surfaced as (
    select
        churns.account_id,
        min(entries.month) as first_surfaced_month,
        {{ dbt.listagg('distinct entries.reason', "', '", 'order by entries.reason') }} as surfaced_reasons
    from churns
    inner join {{ ref('fct_lxl_entries_monthly') }} as entries
        on entries.account_id = churns.account_id
        and entries.measured_on <= {{ dbt.dateadd('day', -var('surfaced_lead_days'), 'churns.churn_month') }}
        and entries.month >= cast({{ dbt.dateadd('month', -var('surfaced_window_months'), 'churns.churn_month') }} as date)
    inner join {{ ref('risk_reasons') }} as risks on risks.code = entries.reason
    group by churns.account_id
)

select
    churns.account_id,
    accounts.account_name,
    accounts.csm_name,
    accounts.owner_name,
    accounts.industry,
    churns.churn_month,
    round(12 * churns.previous_mrr, 2) as arr_lost,
    coalesce(lost_renewals.loss_reason, '(no loss reason recorded)') as loss_reason,
    lost_renewals.primary_competitor as competitor,
    three_before.health_band as health_band_3_months_before,
    six_before.health_band as health_band_6_months_before,
    surfaced.first_surfaced_month is not null as was_surfaced,
    surfaced.first_surfaced_month,
    surfaced.surfaced_reasons
from churns
left join {{ ref('dim_accounts') }} as accounts on accounts.account_id = churns.account_id
left join lost_renewals on lost_renewals.account_id = churns.account_id
left join health as three_before
    on three_before.account_id = churns.account_id
    and three_before.month = cast({{ dbt.dateadd('month', -3, 'churns.churn_month') }} as date)
left join health as six_before
    on six_before.account_id = churns.account_id
    and six_before.month = cast({{ dbt.dateadd('month', -6, 'churns.churn_month') }} as date)
left join surfaced on surfaced.account_id = churns.account_id
