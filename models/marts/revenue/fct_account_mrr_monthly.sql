{#- One row per revenue account and month, from the account's first month with MRR > 0 to the month of as_of;
    months without an active period are rows with mrr 0 (so churn and reactivation are visible). -#}
with account_months as (
    select * from {{ ref('int_account_mrr_monthly') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

revenue_accounts as (
    select
        account_id,
        min(month) as first_mrr_month,
        {{ dbt.bool_or('is_unmatched_billing') }} as is_unmatched_billing
    from account_months
    where mrr > 0
    group by account_id
)

select
    revenue_accounts.account_id,
    months.month,
    months.measured_on,
    coalesce(account_months.mrr, 0) as mrr,
    12 * coalesce(account_months.mrr, 0) as arr,
    revenue_accounts.is_unmatched_billing
from revenue_accounts
inner join months
    on months.month >= revenue_accounts.first_mrr_month
left join account_months
    on account_months.account_id = revenue_accounts.account_id
    and account_months.month = months.month
