{#- Company MRR equals billed MRR: for every month, the sum of fct_account_mrr_monthly equals the sum of the
    converted MRR of every active subscription period (unmatched billing customers included). Returns the
    months where they differ by more than a cent. -#}
with billed as (
    select month, sum(mrr) as billed_mrr
    from {{ ref('int_subscription_periods_converted') }}
    group by month
),

reported as (
    select month, sum(mrr) as reported_mrr
    from {{ ref('fct_account_mrr_monthly') }}
    group by month
)

select
    coalesce(billed.month, reported.month) as month,
    coalesce(billed.billed_mrr, 0) as billed_mrr,
    coalesce(reported.reported_mrr, 0) as reported_mrr
from billed
full outer join reported on reported.month = billed.month
where abs(coalesce(billed.billed_mrr, 0) - coalesce(reported.reported_mrr, 0)) > 0.01
