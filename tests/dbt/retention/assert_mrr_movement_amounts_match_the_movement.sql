-- Every account-month carries exactly the amount of its movement and nothing else: each amount is >= 0,
-- only the column of the movement is non-zero (flat and inactive have none), the amount equals the change
-- (new and reactivation: the whole MRR; churn: the whole previous MRR), and
-- mrr = previous_mrr + new + reactivation + expansion − contraction − churn.
-- Returns the account-months where that does not hold (to the half cent).
with movements as (
    select * from {{ ref('fct_mrr_movements') }}
)

select account_id, month, movement, previous_mrr, mrr, new_mrr, reactivation_mrr, expansion_mrr,
    contraction_mrr, churn_mrr
from movements
where least(new_mrr, reactivation_mrr, expansion_mrr, contraction_mrr, churn_mrr) < 0
    or (movement <> 'new' and new_mrr <> 0)
    or (movement <> 'reactivation' and reactivation_mrr <> 0)
    or (movement <> 'expansion' and expansion_mrr <> 0)
    or (movement <> 'contraction' and contraction_mrr <> 0)
    or (movement <> 'churn' and churn_mrr <> 0)
    or (movement in ('new', 'reactivation', 'expansion', 'contraction', 'churn')
        and new_mrr + reactivation_mrr + expansion_mrr + contraction_mrr + churn_mrr = 0)
    or abs(previous_mrr + new_mrr + reactivation_mrr + expansion_mrr - contraction_mrr - churn_mrr - mrr) > 0.005
    or abs(mrr - previous_mrr - mrr_change) > 0.005
