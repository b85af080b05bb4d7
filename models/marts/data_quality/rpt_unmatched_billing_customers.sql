{#- Billing customers that do not link to a CRM account, with the revenue they carry. Their MRR still counts
    in the company totals (as revenue accounts 'unmatched:<billing_customer_id>'); this lists them so
    someone fixes the link in the CRM or in billing. -#}
with customers as (
    select * from {{ ref('int_billing_customers_mapped') }}
    where is_unmatched_billing
),

extract as (
    select as_of from {{ ref('stg_extract__metadata') }}
),

account_mrr as (
    select
        mrr.account_id,
        round(sum(case when mrr.month = {{ dbt.date_trunc('month', 'extract.as_of') }} then mrr.mrr else 0 end), 2)
            as current_mrr,
        max(case when mrr.mrr > 0 then mrr.month end) as last_month_with_mrr
    from {{ ref('fct_account_mrr_monthly') }} as mrr
    cross join extract
    group by mrr.account_id
)

select
    customers.billing_customer_id,
    customers.account_id,
    customers.customer_name,
    customers.crm_account_id,
    customers.match_status,
    customers.currency,
    coalesce(account_mrr.current_mrr, 0) as current_mrr,
    12 * coalesce(account_mrr.current_mrr, 0) as current_arr,
    account_mrr.last_month_with_mrr
from customers
left join account_mrr
    on account_mrr.account_id = customers.account_id
