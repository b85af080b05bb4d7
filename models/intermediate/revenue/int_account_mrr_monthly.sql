{#- MRR per revenue account and month, for the months in which the account has at least one active
    subscription period: the sum of the periods' MRR (reporting currency). Gap months are added in
    fct_account_mrr_monthly. -#}
select
    account_id,
    month,
    measured_on,
    sum(mrr) as mrr,
    {{ dbt.bool_or('is_unmatched_billing') }} as is_unmatched_billing,
    count(*) as active_period_count
from {{ ref('int_subscription_periods_converted') }}
group by account_id, month, measured_on
