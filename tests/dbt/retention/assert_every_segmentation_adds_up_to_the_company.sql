-- Every segmentation (industry, employee band, ARR band, region, CSM, plan, tier) splits the company without
-- losing or double-counting an account: per month, its segments' ending MRR, active accounts and churned
-- accounts add up to the company's. Returns the segment types and months where they do not.
with bridge as (
    select * from {{ ref('rpt_mrr_bridge') }}
),

company as (
    select month, ending_mrr, active_accounts, churned_accounts
    from bridge
    where segment_type = 'company'
),

by_segment_type as (
    select
        segment_type,
        month,
        sum(ending_mrr) as ending_mrr,
        sum(active_accounts) as active_accounts,
        sum(churned_accounts) as churned_accounts
    from bridge
    where segment_type <> 'company'
    group by segment_type, month
),

segment_types as (
    select distinct segment_type from by_segment_type
),

expected as (
    select segment_types.segment_type, company.month, company.ending_mrr, company.active_accounts,
        company.churned_accounts
    from company
    cross join segment_types
)

select
    coalesce(expected.segment_type, by_segment_type.segment_type) as segment_type,
    coalesce(expected.month, by_segment_type.month) as month,
    expected.ending_mrr as company_ending_mrr,
    by_segment_type.ending_mrr as segments_ending_mrr
from expected
full outer join by_segment_type
    on by_segment_type.segment_type = expected.segment_type
    and by_segment_type.month = expected.month
where expected.month is null
    or by_segment_type.month is null
    or abs(expected.ending_mrr - by_segment_type.ending_mrr) > 0.005
    or expected.active_accounts <> by_segment_type.active_accounts
    or expected.churned_accounts <> by_segment_type.churned_accounts
