{#
  Spark versions of dbt's cross-database macros that the models call (dbt.dateadd, dbt.datediff,
  dbt.date_trunc, dbt.listagg): dbt's dispatch finds these before dbt-spark's own. They give exactly what
  dbt-duckdb's give, which dbt-spark 1.11's do not:
  - datediff counts calendar boundaries crossed, as a BIGINT, as DuckDB's date_diff does (month: the difference of
    year * 12 + month, whatever the days); dbt-spark's month form expands its arguments without parentheses
    (`a + b` inside a division moved renewal dates by years) and its quarter form is off by one;
  - dateadd adds calendar units to a TIMESTAMP (DuckDB: date + interval is a TIMESTAMP; the end of a shorter
    month is clamped, as on DuckDB), without a round trip through Unix seconds in the session time zone;
  - date_trunc to a month, quarter, year or week is a DATE, as on DuckDB;
  - listagg keeps its ORDER BY (dbt-spark's drops it with a warning, so lists came out in any order).
  Every argument is parenthesised: callers pass expressions.
#}

{% macro spark__datediff(first_date, second_date, datepart) -%}
  {%- set first, second = '(' ~ first_date ~ ')', '(' ~ second_date ~ ')' -%}
  cast(
  {%- if datepart == 'day' -%}
    datediff(cast({{ second }} as date), cast({{ first }} as date))
  {%- elif datepart == 'month' -%}
    ((year({{ second }}) * 12 + month({{ second }})) - (year({{ first }}) * 12 + month({{ first }})))
  {%- elif datepart == 'quarter' -%}
    ((year({{ second }}) * 4 + quarter({{ second }})) - (year({{ first }}) * 4 + quarter({{ first }})))
  {%- elif datepart == 'year' -%}
    (year({{ second }}) - year({{ first }}))
  {%- elif datepart in ('hour', 'minute', 'second') -%}
    timestampdiff({{ datepart | upper }}, date_trunc('{{ datepart }}', {{ first }}), date_trunc('{{ datepart }}', {{ second }}))
  {%- else -%}
    {{ exceptions.raise_compiler_error("datediff by '" ~ datepart ~ "' is not implemented for Spark (macros/spark_cross_db.sql)") }}
  {%- endif %} as bigint)
{%- endmacro %}


{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
  {%- if datepart in ('day', 'week', 'month', 'quarter', 'year', 'hour', 'minute', 'second') -%}
    timestampadd({{ datepart | upper }}, cast(({{ interval }}) as int), cast(({{ from_date_or_timestamp }}) as timestamp))
  {%- else -%}
    {{ exceptions.raise_compiler_error("dateadd by '" ~ datepart ~ "' is not implemented for Spark (macros/spark_cross_db.sql)") }}
  {%- endif -%}
{%- endmacro %}


{% macro spark__date_trunc(datepart, date) -%}
  {%- if datepart in ('year', 'quarter', 'month', 'week') -%}
    trunc(({{ date }}), '{{ datepart }}')
  {%- else -%}
    date_trunc('{{ datepart }}', ({{ date }}))
  {%- endif -%}
{%- endmacro %}


{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- if limit_num -%}
    {{ exceptions.raise_compiler_error("listagg with a limit is not implemented for Spark (macros/spark_cross_db.sql)") }}
  {%- endif -%}
  listagg({{ measure }}, {{ delimiter_text }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
{%- endmacro %}


{#
  Seeds on Spark: each cell written into the INSERT as an escaped literal, an empty cell as NULL. dbt-spark
  1.11 binds the values through its session cursor as '<value>' text: an empty cell arrives as the text
  'None' and a quote inside a label breaks the statement.
#}
{% macro spark__load_csv_rows(model, agate_table) %}
  {% set column_override = model['config'].get('column_types', {}) %}
  {% set statements = [] %}
  {% for chunk in agate_table.rows | batch(get_batch_size()) %}
    {% set sql %}
      insert into {{ this.render() }} values
      {% for row in chunk -%}
        ({%- for col_name in agate_table.column_names -%}
          {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
          {%- set value = row[loop.index0] -%}
          cast({{ 'null' if value is none else tenure_sql_string(value) }} as {{ type }})
          {%- if not loop.last %}, {% endif -%}
        {%- endfor -%})
        {%- if not loop.last %},{% endif %}
      {% endfor %}
    {% endset %}
    {% do adapter.add_query(sql, abridge_sql_log=True) %}
    {% if loop.index0 == 0 %}
      {% do statements.append(sql) %}
    {% endif %}
  {% endfor %}
  {{ return(statements[0]) }}
{% endmacro %}
