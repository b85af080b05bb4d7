-- The company bridge's ending MRR is the sum of every revenue account's MRR (unmatched billing customers
-- included) each month: company MRR always equals billed MRR. Accounts' MRR is compared to the cent, so the
-- tolerance is half a cent per account.
with company as (
    select month, ending_mrr from {{ ref('rpt_mrr_bridge') }} where segment_type = 'company'
),

accounts as (
    select month, sum(mrr) as mrr, count(*) as account_count
    from {{ ref('fct_account_mrr_monthly') }}
    group by month
)

select accounts.month, accounts.mrr, company.ending_mrr
from accounts
left join company on company.month = accounts.month
where company.month is null or abs(accounts.mrr - company.ending_mrr) > 0.005 * accounts.account_count
