{#- The line-by-line review list as of as_of, one row per account on it, in three sections that a CSM reviews
    separately (labels in seeds/enumerations/lxl_sections.csv):
      at_risk              open risks of the one risk model (fct_account_risks) and either a renewal due within
                           var lxl_renewal_window_days days or a risk of var lxl_risk_reasons (serious enough to
                           review whenever the renewal is);
      renewal_due          a renewal due and no open risk;
      expansion_candidate  neither, but top health band, seats in use and a promoter (fct_lxl_entries_monthly).
    The risks themselves are the risk model's rows; this list only says which accounts to review and why. -#}
{%- set listing_reasons = var('lxl_risk_reasons') -%}
with as_of_entries as (
    select entries.account_id, entries.reason
    from {{ ref('fct_lxl_entries_monthly') }} as entries
    inner join {{ ref('int_calendar_months') }} as calendar
        on calendar.month = entries.month
        and calendar.is_as_of_month
),

entry_flags as (
    select
        account_id,
        {{ dbt.bool_or("reason = 'renewal_due'") }} as is_renewal_due,
        {{ dbt.bool_or("reason = 'expansion_candidate'") }} as is_expansion_candidate
    from as_of_entries
    group by account_id
),

risks as (
    select
        account_id,
        count(*) as risk_count,
        min(reason_order) as first_risk_order,
        max(case when risk_reason in (
            {%- for reason in listing_reasons %}{{ tenure_sql_string(reason) }}{{ ", " if not loop.last }}{% endfor -%}
            {%- if not listing_reasons %}null{% endif -%}
        ) then 1 else 0 end) = 1 as has_listing_risk
    from {{ ref('fct_account_risks') }}
    group by account_id
),

accounts as (
    select account_id, account_name, csm_user_id, csm_name, owner_name, tier, current_arr
    from {{ ref('dim_accounts') }}
),

candidates as (
    select
        coalesce(entry_flags.account_id, risks.account_id) as account_id,
        coalesce(entry_flags.is_renewal_due, false) as is_renewal_due,
        coalesce(entry_flags.is_expansion_candidate, false) as is_expansion_candidate,
        coalesce(risks.risk_count, 0) as risk_count,
        risks.first_risk_order,
        coalesce(risks.has_listing_risk, false) as has_listing_risk
    from entry_flags
    full outer join risks on risks.account_id = entry_flags.account_id
),

listed as (
    select
        candidates.*,
        case
            when risk_count > 0 and (is_renewal_due or has_listing_risk) then 'at_risk'
            when is_renewal_due then 'renewal_due'
            when is_expansion_candidate then 'expansion_candidate'
        end as lxl_section
    from candidates
),

renewals as (
    select account_id, renewal_date, renewal_date_source, days_to_renewal, renewal_forecast_category
    from {{ ref('fct_renewals') }}
),

health as (
    select account_id, health_score, health_band, seat_utilization, nps
    from {{ ref('fct_account_health_monthly') }}
    where is_as_of_month
)

select
    listed.account_id,
    accounts.account_name,
    accounts.csm_user_id,
    coalesce(accounts.csm_name, '(no CSM)') as csm_name,
    accounts.owner_name,
    accounts.tier,
    accounts.current_arr,
    listed.lxl_section,
    sections.display_order as section_order,
    listed.is_renewal_due,
    listed.is_expansion_candidate,
    listed.risk_count,
    listed.first_risk_order,
    renewals.renewal_date,
    renewals.renewal_date_source,
    renewals.days_to_renewal,
    renewals.renewal_forecast_category,
    health.health_score,
    health.health_band,
    health.seat_utilization,
    health.nps
from listed
inner join accounts on accounts.account_id = listed.account_id
inner join {{ ref('lxl_sections') }} as sections on sections.code = listed.lxl_section
left join renewals on renewals.account_id = listed.account_id
left join health on health.account_id = listed.account_id
