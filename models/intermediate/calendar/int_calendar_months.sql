{#- One row per calendar month from the first month any subscription period starts (not after as_of) to the
    month of as_of, with the day each month is measured on: its last day, or as_of for the month of as_of. -#}
with metadata as (
    select as_of from {{ ref('stg_extract__metadata') }}
),

periods as (
    select start_date from {{ ref('stg_billing__subscription_periods') }}
),

bounds as (
    select
        coalesce(min(periods.start_date), metadata.as_of) as first_day,
        metadata.as_of
    from metadata
    left join periods
        on periods.start_date <= metadata.as_of
    group by metadata.as_of
),

months as (
    {{ month_spine('bounds.first_day', 'bounds.as_of', 'bounds') }}
)

select
    months.month,
    {{ dbt.last_day('months.month', 'month') }} as month_end,
    case
        when months.month = {{ dbt.date_trunc('month', 'metadata.as_of') }} then metadata.as_of
        else {{ dbt.last_day('months.month', 'month') }}
    end as measured_on,
    months.month = {{ dbt.date_trunc('month', 'metadata.as_of') }} as is_as_of_month
from months
cross join metadata
