{#- Value plans per account and quarter: items, active tactics (more than var value_plan_max_active_tactics
    is flagged: "don't boil the ocean"), stalled items, items achieved. -#}
select
    account_id,
    max(account_name) as account_name,
    max(tier) as tier,
    max(csm_name) as csm_name,
    quarter,
    {{ dbt.bool_or('is_current_quarter') }} as is_current_quarter,
    count(*) as items,
    cast(sum(case when is_active_tactic then 1 else 0 end) as {{ dbt.type_bigint() }}) as active_tactics,
    sum(case when is_active_tactic then 1 else 0 end) > {{ var('value_plan_max_active_tactics') }}
        as has_too_many_tactics,
    cast(sum(case when is_stalled then 1 else 0 end) as {{ dbt.type_bigint() }}) as stalled_items,
    cast(sum(case when is_value_delivered then 1 else 0 end) as {{ dbt.type_bigint() }}) as achieved_items
from {{ ref('fct_value_plan_items') }}
group by account_id, quarter
