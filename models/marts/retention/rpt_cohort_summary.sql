{#- Cohorts by year, for the company and every segment: a cohort is the accounts whose first month with MRR
    fell in the year. Its size (accounts, their MRR in their first month), and at ages 3, 6, 12 and 24 months
    (counted from each account's own first month): how many of its accounts have reached that age by the
    month of as_of, the share of those still paying (logo retention) and their MRR then ÷ their MRR in
    their first month (net revenue retention). An age no account has reached yet is NULL. -#}
{%- set ages = [3, 6, 12, 24] -%}
with movements as (
    select account_id, month, mrr from {{ ref('fct_mrr_movements') }}
),

as_of_month as (
    select month from {{ ref('int_calendar_months') }} where is_as_of_month
),

firsts as (
    select account_id, min(month) as cohort_month from movements where mrr > 0 group by account_id
),

starts as (
    select
        movements.account_id,
        movements.month as cohort_month,
        cast({{ dbt.date_trunc('year', 'movements.month') }} as date) as cohort_year,
        movements.mrr as starting_mrr
    from movements
    inner join firsts
        on firsts.account_id = movements.account_id
        and firsts.cohort_month = movements.month
),

ages as (
    {%- for age in ages %}
    select {{ age }} as age_months{{ " union all" if not loop.last }}
    {%- endfor %}
),

aged as (
    select
        starts.account_id,
        starts.cohort_year,
        ages.age_months,
        starts.starting_mrr,
        coalesce(later.mrr, 0) as mrr_at_age
    from starts
    cross join ages
    cross join as_of_month
    left join movements as later
        on later.account_id = starts.account_id
        and later.month = {{ dbt.dateadd('month', 'ages.age_months', 'starts.cohort_month') }}
    where {{ dbt.dateadd('month', 'ages.age_months', 'starts.cohort_month') }} <= as_of_month.month
),

segments as (
    select account_id, segment_type, segment_value from {{ ref('int_account_segments_assigned') }}
),

sizes as (
    select
        segments.segment_type,
        segments.segment_value,
        starts.cohort_year,
        count(*) as cohort_accounts,
        round(sum(starts.starting_mrr), 2) as cohort_starting_mrr
    from starts
    inner join segments on segments.account_id = starts.account_id
    group by segments.segment_type, segments.segment_value, starts.cohort_year
),

by_age as (
    select
        segments.segment_type,
        segments.segment_value,
        aged.cohort_year,
        aged.age_months,
        count(*) as reached,
        sum(case when aged.mrr_at_age > 0 then 1 else 0 end) as paying,
        round(sum(aged.starting_mrr), 2) as starting_mrr,
        round(sum(aged.mrr_at_age), 2) as mrr_at_age
    from aged
    inner join segments on segments.account_id = aged.account_id
    group by segments.segment_type, segments.segment_value, aged.cohort_year, aged.age_months
)

select
    sizes.segment_type,
    sizes.segment_value,
    sizes.cohort_year,
    sizes.cohort_accounts,
    sizes.cohort_starting_mrr,
    {%- for age in ages %}
    cast(coalesce(max(case when by_age.age_months = {{ age }} then by_age.reached end), 0) as {{ dbt.type_bigint() }})
        as reached_{{ age }}_months,
    max(case when by_age.age_months = {{ age }} then cast(by_age.paying as {{ tenure_type_double() }}) / by_age.reached end)
        as logo_retention_{{ age }}_months,
    max(case when by_age.age_months = {{ age }} and by_age.starting_mrr > 0 then by_age.mrr_at_age / by_age.starting_mrr end)
        as nrr_{{ age }}_months{{ "," if not loop.last }}
    {%- endfor %}
from sizes
left join by_age
    on by_age.segment_type = sizes.segment_type
    and by_age.segment_value = sizes.segment_value
    and by_age.cohort_year = sizes.cohort_year
group by sizes.segment_type, sizes.segment_value, sizes.cohort_year, sizes.cohort_accounts, sizes.cohort_starting_mrr
