-- The MRR bridge holds exactly, every month and every segment:
--   ending = starting + new + reactivation + expansion − contraction − churn,
--   a month's starting MRR is the month before's ending MRR (months are consecutive, with no hole),
--   and a segment's first month starts from zero (every account's first month has previous_mrr 0).
-- Returns the months and segments where it does not (to the half cent).
with bridge as (
    select * from {{ ref('rpt_mrr_bridge') }}
),

chained as (
    select
        *,
        lag(ending_mrr) over (partition by segment_type, segment_value order by month) as previous_ending_mrr,
        lag(month) over (partition by segment_type, segment_value order by month) as previous_month
    from bridge
)

select segment_type, segment_value, month, previous_month, starting_mrr, ending_mrr, previous_ending_mrr
from chained
where abs(starting_mrr + new_mrr + reactivation_mrr + expansion_mrr - contraction_mrr - churn_mrr - ending_mrr) > 0.005
    or (previous_month is null and abs(starting_mrr) > 0.005)
    or (previous_month is not null and previous_month <> {{ dbt.dateadd('month', -1, 'month') }})
    or abs(starting_mrr - coalesce(previous_ending_mrr, 0)) > 0.005
