{#- The MRR bridge per month, for the company and every segment:
    ending = starting + new + reactivation + expansion − contraction − churn (a dbt test checks it).
    Account MRR is already to the cent, so the sums are rounded to the cent (float addition noise only). -#}
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
    round(sum(movements.previous_mrr), 2) as starting_mrr,
    round(sum(movements.new_mrr), 2) as new_mrr,
    round(sum(movements.reactivation_mrr), 2) as reactivation_mrr,
    round(sum(movements.expansion_mrr), 2) as expansion_mrr,
    round(sum(movements.contraction_mrr), 2) as contraction_mrr,
    round(sum(movements.churn_mrr), 2) as churn_mrr,
    round(sum(movements.mrr), 2) as ending_mrr,
    cast(sum(case when movements.previous_mrr > 0 then 1 else 0 end) as {{ dbt.type_bigint() }}) as starting_accounts,
    cast(sum(case when movements.mrr > 0 then 1 else 0 end) as {{ dbt.type_bigint() }}) as active_accounts,
    cast(sum(case when movements.movement = 'new' then 1 else 0 end) as {{ dbt.type_bigint() }}) as new_accounts,
    cast(sum(case when movements.movement = 'reactivation' then 1 else 0 end) as {{ dbt.type_bigint() }})
        as reactivated_accounts,
    cast(sum(case when movements.movement = 'churn' then 1 else 0 end) as {{ dbt.type_bigint() }}) as churned_accounts
from movements
inner join segments on segments.account_id = movements.account_id
group by segments.segment_type, segments.segment_value, movements.month
