{#- Value-plan coverage per tier in var value_plan_coverage_tiers: the paying accounts of the tier and how
    many have a plan (at least one item) for the current quarter. -#}
with plans as (
    select distinct account_id from {{ ref('fct_value_plan_items') }} where is_current_quarter
)

select
    accounts.tier,
    count(*) as accounts,
    cast(sum(case when plans.account_id is not null then 1 else 0 end) as {{ dbt.type_bigint() }})
        as accounts_with_plan,
    cast(sum(case when plans.account_id is not null then 1 else 0 end) as {{ tenure_type_double() }}) / count(*)
        as plan_coverage
from {{ ref('dim_accounts') }} as accounts
left join plans on plans.account_id = accounts.account_id
where accounts.is_active_customer
    and accounts.tier in ({{ tenure_sql_string_list(var('value_plan_coverage_tiers')) }})
group by accounts.tier
