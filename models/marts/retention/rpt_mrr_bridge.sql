{#- The MRR bridge per month, for the company and every segment:
    ending = starting + new + reactivation + expansion − contraction − churn (a dbt test checks it). -#}
with movements as (
    select * from {{ ref('fct_mrr_movements') }}
),

segments as (
    select * from {{ ref('int_account_segments_assigned') }}
)

select
    segments.segment_type,
    segments.segment_value,
    movements.month,
    sum(movements.previous_mrr) as starting_mrr,
    sum(movements.new_mrr) as new_mrr,
    sum(movements.reactivation_mrr) as reactivation_mrr,
    sum(movements.expansion_mrr) as expansion_mrr,
    sum(movements.contraction_mrr) as contraction_mrr,
    sum(movements.churn_mrr) as churn_mrr,
    sum(movements.mrr) as ending_mrr,
    sum(case when movements.mrr > 0 then 1 else 0 end) as active_accounts,
    sum(case when movements.movement = 'new' then 1 else 0 end) as new_accounts,
    sum(case when movements.movement = 'reactivation' then 1 else 0 end) as reactivated_accounts,
    sum(case when movements.movement = 'churn' then 1 else 0 end) as churned_accounts
from movements
inner join segments on segments.account_id = movements.account_id
group by segments.segment_type, segments.segment_value, movements.month
