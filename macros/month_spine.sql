{#
  One row per calendar month (column `month`, a date on the 1st) from the month of `start_expr` to the month
  of `end_expr`, both SQL expressions evaluated in the query (columns of `from_relation_sql` if given, e.g.
  a one-row bounds CTE). Portable: a digits cross join and dbt.dateadd, no generate_series, no compile-time
  query (so it also works inside dbt unit tests). Covers up to 10,000 months.
#}
{% macro month_spine(start_expr, end_expr, from_relation_sql) %}
  {%- set digits -%}
    select 0 as d union all select 1 union all select 2 union all select 3 union all select 4
    union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
  {%- endset -%}
  select cast({{ dbt.dateadd('month', 'offsets.n', dbt.date_trunc('month', start_expr)) }} as date) as month
  from {{ from_relation_sql }}
  cross join (
    select units.d + 10 * tens.d + 100 * hundreds.d + 1000 * thousands.d as n
    from ({{ digits }}) as units
    cross join ({{ digits }}) as tens
    cross join ({{ digits }}) as hundreds
    cross join ({{ digits }}) as thousands
  ) as offsets
  where offsets.n <= {{ dbt.datediff(dbt.date_trunc('month', start_expr), dbt.date_trunc('month', end_expr), 'month') }}
{% endmacro %}
