{#- The reference matrix: one row per paying account and per account with a reference status or an
    evangelist, one column per reference type
    (green / amber / red; NULL = not started), whether it is reference-able (a paying customer whose var
    reference_trigger_type is green), in the reference forecast (paying, trigger type amber now), its evangelists, and the flags: not
    eligible now (red health or invoices past due at as_of) and fatigue (more than var reference_fatigue_calls
    reference_call activities in the current or last full quarter). -#}
{%- set types = var('reference_types') | map(attribute='code') | list -%}
{%- set lowest_band = (var('health_bands') | sort(attribute='min_score'))[0].name -%}
with status as (
    select * from {{ ref('fct_reference_status') }}
),

accounts as (
    select account_id, account_name, tier, csm_name, current_arr, is_active_customer
    from {{ ref('dim_accounts') }}
),

health as (
    select account_id, health_band, past_due_invoices
    from {{ ref('fct_account_health_monthly') }}
    where is_as_of_month
),

evangelists as (
    select account_id, count(*) as evangelists
    from {{ ref('dim_contacts') }}
    where is_evangelist and is_active
    group by account_id
),

fatigue as (
    select account_id, max(reference_calls) as most_reference_calls_in_a_quarter
    from {{ ref('rpt_reference_fatigue') }}
    where is_recent
    group by account_id
),

pivoted as (
    select
        account_id,
        {%- for code in types %}
        max(case when reference_type = {{ tenure_sql_string(code) }} then status end) as {{ code }},
        {%- endfor %}
        max(changed_at) as last_changed_at
    from status
    group by account_id
),

listed as (
    select account_id from pivoted
    union
    select account_id from evangelists
    union
    select account_id from accounts where is_active_customer
)

select
    listed.account_id,
    accounts.account_name,
    accounts.tier,
    accounts.csm_name,
    accounts.current_arr,
    {%- for code in types %}
    pivoted.{{ code }},
    {%- endfor %}
    pivoted.last_changed_at,
    -- only paying customers are reference-able, or in the forecast
    coalesce(accounts.is_active_customer and pivoted.{{ var('reference_trigger_type') }} = 'green', false)
        as is_referenceable,
    coalesce(accounts.is_active_customer and pivoted.{{ var('reference_trigger_type') }} = 'amber', false)
        as is_reference_forecast,
    coalesce(evangelists.evangelists, 0) as evangelists,
    health.health_band,
    cast(coalesce(health.past_due_invoices, 0) as {{ dbt.type_bigint() }}) as past_due_invoices,
    coalesce(health.health_band = {{ tenure_sql_string(lowest_band) }}, false)
    or coalesce(health.past_due_invoices, 0) > 0 as is_not_eligible_now,
    coalesce(fatigue.most_reference_calls_in_a_quarter, 0) as most_reference_calls_in_a_quarter,
    coalesce(fatigue.most_reference_calls_in_a_quarter, 0) > {{ var('reference_fatigue_calls') }} as is_fatigued
from listed
left join pivoted on pivoted.account_id = listed.account_id
left join accounts on accounts.account_id = listed.account_id
left join health on health.account_id = listed.account_id
left join evangelists on evangelists.account_id = listed.account_id
left join fatigue on fatigue.account_id = listed.account_id
