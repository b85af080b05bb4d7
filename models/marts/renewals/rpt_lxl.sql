{#- The line-by-line review list as of as_of, one row per account on it, grouped by CSM: the reasons (in the
    order renewal_due, red_health, champion_loss, invoices_past_due, expansion_candidate) and the facts a
    CSM needs to discuss each line. -#}
with entries as (
    select * from {{ ref('fct_lxl_entries_monthly') }}
    where month = (select month from {{ ref('int_calendar_months') }} where is_as_of_month)
),

accounts as (
    select account_id, account_name, csm_user_id, csm_name, owner_name, tier, current_arr
    from {{ ref('dim_accounts') }}
),

listed as (
    select
        account_id,
        {{ dbt.listagg('reason', "', '", 'order by reason_order') }} as reasons,
        min(reason_order) as first_reason_order,
        count(*) as reason_count,
        {{ dbt.bool_or("reason = 'renewal_due'") }} as is_renewal_due,
        {{ dbt.bool_or("reason = 'red_health'") }} as is_red_health,
        {{ dbt.bool_or("reason = 'champion_loss'") }} as is_champion_loss,
        {{ dbt.bool_or("reason = 'invoices_past_due'") }} as is_invoices_past_due,
        {{ dbt.bool_or("reason = 'expansion_candidate'") }} as is_expansion_candidate,
        max(renewal_date) as renewal_date,
        max(renewal_date_source) as renewal_date_source,
        max(days_to_renewal) as days_to_renewal,
        max(health_score) as health_score,
        max(health_band) as health_band,
        max(champion_left_at) as champion_left_at,
        max(worst_days_past_due) as worst_days_past_due,
        max(past_due_invoices) as past_due_invoices,
        max(past_due_amount) as past_due_amount,
        max(seat_utilization) as seat_utilization,
        max(nps) as nps
    from entries
    group by account_id
)

select
    listed.account_id,
    accounts.account_name,
    accounts.csm_user_id,
    coalesce(accounts.csm_name, '(no CSM)') as csm_name,
    accounts.owner_name,
    accounts.tier,
    accounts.current_arr,
    listed.reasons,
    listed.reason_count,
    listed.first_reason_order,
    listed.is_renewal_due,
    listed.is_red_health,
    listed.is_champion_loss,
    listed.is_invoices_past_due,
    listed.is_expansion_candidate,
    listed.renewal_date,
    listed.renewal_date_source,
    listed.days_to_renewal,
    listed.health_score,
    listed.health_band,
    listed.champion_left_at,
    listed.worst_days_past_due,
    listed.past_due_invoices,
    listed.past_due_amount,
    listed.seat_utilization,
    listed.nps
from listed
inner join accounts on accounts.account_id = listed.account_id
