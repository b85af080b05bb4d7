-- The company bridge's ending MRR is, every month, the sum of every revenue account's MRR in
-- fct_account_mrr_monthly (unmatched billing customers included), each account's MRR to the cent as the
-- movements count it: company MRR always equals billed MRR, and no account is lost on the way.
-- Returns the months where it does not (to the half cent), including months missing on either side.
with company as (
    select month, ending_mrr from {{ ref('rpt_mrr_bridge') }} where segment_type = 'company'
),

accounts as (
    select month, sum(round(mrr, 2)) as mrr
    from {{ ref('fct_account_mrr_monthly') }}
    group by month
)

select coalesce(accounts.month, company.month) as month, accounts.mrr, company.ending_mrr
from accounts
full outer join company on company.month = accounts.month
where company.month is null
    or accounts.month is null
    or abs(accounts.mrr - company.ending_mrr) > 0.005
