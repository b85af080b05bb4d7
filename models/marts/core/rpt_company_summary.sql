{#- One row: the company's MRR and ARR at as_of, over every revenue account (unmatched billing customers
    included, so company MRR equals billed MRR), and the customer and CRM account counts. -#}
with metadata as (
    select as_of, reporting_currency from {{ ref('stg_extract__metadata') }}
),

current_revenue as (
    select mrr.account_id, mrr.mrr
    from {{ ref('fct_account_mrr_monthly') }} as mrr
    inner join {{ ref('int_calendar_months') }} as months
        on months.month = mrr.month
    where months.is_as_of_month
),

crm_accounts as (
    select count(*) as crm_account_count from {{ ref('dim_accounts') }}
)

select
    metadata.as_of,
    metadata.reporting_currency,
    round(coalesce(sum(current_revenue.mrr), 0), 2) as mrr,
    round(12 * coalesce(sum(current_revenue.mrr), 0), 2) as arr,
    count(case when current_revenue.mrr > 0 then 1 end) as active_customer_count,
    crm_accounts.crm_account_count
from metadata
cross join crm_accounts
left join current_revenue on 1 = 1
group by metadata.as_of, metadata.reporting_currency, crm_accounts.crm_account_count
