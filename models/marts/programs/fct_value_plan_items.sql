{#- Every value-plan item with what the Value plans page flags: in the current quarter (the quarter of
    as_of), an active tactic (not_started, in_progress or blocked), stalled (due before as_of and not
    achieved, missed included: escalate to the customer's sponsor), value delivered
    (achieved), and progress = (actual − baseline) / (target − baseline) when the target differs from the
    baseline. -#}
with as_of as (
    select
        as_of,
        cast(extract(year from as_of) as {{ dbt.type_string() }}) || '-Q'
        || cast(extract(quarter from as_of) as {{ dbt.type_string() }}) as current_quarter
    from {{ ref('stg_extract__metadata') }}
)

select
    items.item_id,
    items.account_id,
    accounts.account_name,
    accounts.tier,
    accounts.csm_name,
    items.quarter,
    items.quarter = as_of.current_quarter as is_current_quarter,
    items.objective,
    items.tactic,
    items.success_metric,
    items.baseline_value,
    items.target_value,
    items.actual_value,
    items.unit,
    items.status,
    items.owner_user_id,
    owners.full_name as owner_name,
    items.agreed_at,
    items.due_date,
    items.updated_at,
    items.status in ('not_started', 'in_progress', 'blocked') as is_active_tactic,
    items.due_date < as_of.as_of and coalesce(items.status, '') <> 'achieved' as is_stalled,
    items.status = 'achieved' as is_value_delivered,
    case
        when items.target_value is not null and items.baseline_value is not null
            and items.target_value <> items.baseline_value and items.actual_value is not null
            then (items.actual_value - items.baseline_value) / (items.target_value - items.baseline_value)
    end as progress
from {{ ref('stg_crm__value_plans') }} as items
cross join as_of
left join {{ ref('dim_accounts') }} as accounts on accounts.account_id = items.account_id
left join {{ ref('stg_crm__users') }} as owners on owners.user_id = items.owner_user_id
