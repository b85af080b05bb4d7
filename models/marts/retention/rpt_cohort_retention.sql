{#- Retention by cohort: an account's cohort is its first month with MRR. At age k (months since that month):
    logo retention = share of the cohort with MRR > 0 at cohort + k; net revenue retention = the cohort's MRR at
    k / its MRR at age 0 (above 1 when expansion outweighs churn). For the company and every segment. -#}
with movements as (
    select * from {{ ref('fct_mrr_movements') }}
),

segments as (
    select * from {{ ref('int_account_segments_assigned') }}
),

cohorts as (
    select account_id, min(month) as cohort_month
    from movements
    where mrr > 0
    group by account_id
),

aged as (
    select
        segments.segment_type,
        segments.segment_value,
        cohorts.cohort_month,
        {{ dbt.datediff('cohorts.cohort_month', 'movements.month', 'month') }} as age_months,
        movements.mrr
    from movements
    inner join cohorts on cohorts.account_id = movements.account_id
    inner join segments on segments.account_id = movements.account_id
),

by_age as (
    select
        segment_type,
        segment_value,
        cohort_month,
        age_months,
        count(*) as cohort_accounts,
        sum(case when mrr > 0 then 1 else 0 end) as active_accounts,
        round(sum(mrr), 2) as cohort_mrr
    from aged
    group by segment_type, segment_value, cohort_month, age_months
),

with_start as (
    select
        by_age.*,
        max(case when age_months = 0 then cohort_mrr end) over (
            partition by segment_type, segment_value, cohort_month
        ) as cohort_starting_mrr
    from by_age
)

select
    segment_type,
    segment_value,
    cohort_month,
    age_months,
    cohort_accounts,
    cast(active_accounts as {{ dbt.type_bigint() }}) as active_accounts,
    cast(active_accounts as {{ tenure_type_double() }}) / cohort_accounts as logo_retention,
    cohort_starting_mrr,
    cohort_mrr,
    case when cohort_starting_mrr > 0 then cohort_mrr / cohort_starting_mrr end as net_revenue_retention
from with_start
