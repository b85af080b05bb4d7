{#- Every billing customer (from billing/customers, plus any billing_customer_id that only appears on a
    subscription period) mapped to its revenue account: the CRM account its crm_account_id names when that
    account exists, else 'unmatched:' || billing_customer_id. -#}
with customers as (
    select * from {{ ref('stg_billing__customers') }}
),

period_customers as (
    select distinct billing_customer_id
    from {{ ref('stg_billing__subscription_periods') }}
    where billing_customer_id is not null
),

crm_accounts as (
    select account_id from {{ ref('stg_crm__accounts') }}
),

all_customers as (
    select
        billing_customer_id,
        customer_name,
        crm_account_id,
        currency,
        created_at,
        true as is_in_customer_file
    from customers

    union all

    select
        period_customers.billing_customer_id,
        cast(null as {{ dbt.type_string() }}) as customer_name,
        cast(null as {{ dbt.type_string() }}) as crm_account_id,
        cast(null as {{ dbt.type_string() }}) as currency,
        cast(null as {{ dbt.type_timestamp() }}) as created_at,
        false as is_in_customer_file
    from period_customers
    where not exists (
        select 1 from customers where customers.billing_customer_id = period_customers.billing_customer_id
    )
)

select
    all_customers.billing_customer_id,
    coalesce(
        crm_accounts.account_id, {{ dbt.concat(["'unmatched:'", 'all_customers.billing_customer_id']) }}
    ) as account_id,
    crm_accounts.account_id is null as is_unmatched_billing,
    case
        when not all_customers.is_in_customer_file then 'unknown_billing_customer'
        when all_customers.crm_account_id is null then 'no_crm_account_id'
        when crm_accounts.account_id is null then 'crm_account_not_found'
        else 'matched'
    end as match_status,
    all_customers.customer_name,
    all_customers.crm_account_id,
    all_customers.currency,
    all_customers.created_at,
    all_customers.is_in_customer_file
from all_customers
left join crm_accounts
    on crm_accounts.account_id = all_customers.crm_account_id
