{#- Renewals by month for the next 12 months after as_of (and those already overdue, in the month of as_of):
    accounts renewing, the ARR up for renewal, that ARR by the open renewal opportunity's forecast category
    (no_opportunity when the date is only the term end), and the ARR of renewing accounts in the lowest
    health band (at risk). -#}
{%- set lowest_band = (var('health_bands') | sort(attribute='min_score'))[0].name -%}
with renewals as (
    select * from {{ ref('fct_renewals') }}
),

as_of_month as (
    select month from {{ ref('int_calendar_months') }} where is_as_of_month
)

select
    greatest(renewals.renewal_month, as_of_month.month) as renewal_month,
    count(*) as renewing_accounts,
    round(sum(renewals.arr_up_for_renewal), 2) as arr_up_for_renewal,
    {%- for category in ['commit', 'best_case', 'pipeline', 'omitted', 'no_opportunity'] %}
    round(sum(case when renewals.renewal_forecast_category = '{{ category }}' then renewals.arr_up_for_renewal else 0 end), 2)
        as arr_{{ category }},
    {%- endfor %}
    round(sum(case when renewals.health_band = {{ tenure_sql_string(lowest_band) }} then renewals.arr_up_for_renewal else 0 end), 2)
        as arr_at_risk
from renewals
cross join as_of_month
where renewals.renewal_month < {{ dbt.dateadd('month', 12, 'as_of_month.month') }}
group by greatest(renewals.renewal_month, as_of_month.month)
