-- The board's ARR bridge holds for every quarter and year: ending = starting + new + reactivation +
-- expansion − contraction − churn (to a cent per month added up: 12 × months × half a cent), and a period's
-- start is the end of the period before.
with periods as (
    select
        *,
        lag(ending_arr) over (partition by period_type order by period_start) as previous_ending_arr
    from {{ ref('rpt_arr_bridge_periods') }}
)

select period_type, period_start, starting_arr, ending_arr, previous_ending_arr
from periods
where abs(starting_arr + new_arr + reactivation_arr + expansion_arr - contraction_arr - churn_arr - ending_arr) > 1
    or (previous_ending_arr is not null and abs(starting_arr - previous_ending_arr) > 0.01)
