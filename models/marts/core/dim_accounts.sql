{#- One row per CRM account with its people, linked billing customers and support organizations, and its
    revenue at as_of. -#}
with accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

users as (
    select user_id, full_name from {{ ref('stg_crm__users') }}
),

as_of_month as (
    select month from {{ ref('int_calendar_months') }} where is_as_of_month
),

billing_customers as (
    select
        account_id,
        {{ dbt.listagg('billing_customer_id', "'; '", 'order by billing_customer_id') }} as billing_customer_ids
    from {{ ref('int_billing_customers_mapped') }}
    where not is_unmatched_billing
    group by account_id
),

support_organizations as (
    select
        external_id as account_id,
        {{ dbt.listagg('organization_id', "'; '", 'order by organization_id') }} as support_organization_ids
    from {{ ref('stg_support__organizations') }}
    where external_id is not null
    group by external_id
),

current_revenue as (
    select mrr.account_id, mrr.mrr, mrr.arr
    from {{ ref('fct_account_mrr_monthly') }} as mrr
    inner join as_of_month on as_of_month.month = mrr.month
),

first_revenue as (
    select account_id, min(month) as first_revenue_month
    from {{ ref('fct_account_mrr_monthly') }}
    where mrr > 0
    group by account_id
),

plan_mrr as (
    select periods.account_id, periods.plan_name, sum(periods.mrr) as mrr
    from {{ ref('int_subscription_periods_converted') }} as periods
    inner join as_of_month on as_of_month.month = periods.month
    group by periods.account_id, periods.plan_name
),

top_plan as (
    select
        account_id,
        plan_name,
        row_number() over (partition by account_id order by mrr desc, plan_name) as plan_rank
    from plan_mrr
    where mrr > 0
),

joined as (
    select
        accounts.account_id,
        accounts.account_name,
        accounts.industry,
        accounts.employee_count,
        accounts.region,
        accounts.owner_user_id,
        owners.full_name as owner_name,
        accounts.csm_user_id,
        csms.full_name as csm_name,
        accounts.exec_sponsor_user_id,
        sponsors.full_name as exec_sponsor_name,
        accounts.parent_account_id,
        parents.account_name as parent_account_name,
        accounts.created_at,
        billing_customers.billing_customer_ids,
        support_organizations.support_organization_ids,
        coalesce(current_revenue.mrr, 0) as current_mrr,
        coalesce(current_revenue.arr, 0) as current_arr,
        top_plan.plan_name,
        first_revenue.first_revenue_month
    from accounts
    left join users as owners on owners.user_id = accounts.owner_user_id
    left join users as csms on csms.user_id = accounts.csm_user_id
    left join users as sponsors on sponsors.user_id = accounts.exec_sponsor_user_id
    left join accounts as parents on parents.account_id = accounts.parent_account_id
    left join billing_customers on billing_customers.account_id = accounts.account_id
    left join support_organizations on support_organizations.account_id = accounts.account_id
    left join current_revenue on current_revenue.account_id = accounts.account_id
    left join first_revenue on first_revenue.account_id = accounts.account_id
    left join top_plan on top_plan.account_id = accounts.account_id and top_plan.plan_rank = 1
)

select
    account_id,
    account_name,
    industry,
    employee_count,
    {{ band_case('employee_count', var('employee_bands'), 'min_employees') }} as employee_band,
    region,
    owner_user_id,
    owner_name,
    csm_user_id,
    csm_name,
    exec_sponsor_user_id,
    exec_sponsor_name,
    parent_account_id,
    parent_account_name,
    created_at,
    billing_customer_ids,
    support_organization_ids,
    current_mrr,
    current_arr,
    {{ band_case('current_arr', var('tiers'), 'min_arr') }} as tier,
    plan_name,
    first_revenue_month,
    current_mrr > 0 as is_active_customer
from joined
