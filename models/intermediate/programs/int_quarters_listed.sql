{#- The calendar quarters the program marts report on: the quarter of as_of (current, partial) and the
    var qbr_history_quarters full quarters before it, with their first and last days. -#}
with as_of as (
    select as_of, cast({{ dbt.date_trunc('quarter', 'as_of') }} as date) as current_quarter
    from {{ ref('stg_extract__metadata') }}
),

offsets as (
    {%- for n in range(0, var('qbr_history_quarters') + 1) %}
    select {{ n }} as quarters_back{{ " union all" if not loop.last }}
    {%- endfor %}
)

select
    cast({{ dbt.dateadd('month', '-3 * offsets.quarters_back', 'as_of.current_quarter') }} as date) as quarter_start,
    cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', '3 - 3 * offsets.quarters_back', 'as_of.current_quarter')) }} as date)
        as quarter_end,
    offsets.quarters_back,
    offsets.quarters_back = 0 as is_current_quarter
from as_of
cross join offsets
