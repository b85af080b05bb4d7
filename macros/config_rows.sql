{#- A derived table from a list of config mappings (a var), e.g.
      config_rows(var('sticky_drivers'), {'measure': 'text', 'threshold': 'number'})
    gives `(select 'reports_created' as measure, cast(100 as double) as threshold union all ...)`.
    An empty list gives an empty table with the same columns, so the models still build. -#}
{% macro config_rows(rows, columns) -%}
(
  {%- for row in (rows or []) %}
    select
    {%- for name, kind in columns.items() %}
      {{ tenure_config_value(row.get(name), kind) }} as {{ name }}{{ "," if not loop.last }}
    {%- endfor %}
    {{ "union all" if not loop.last }}
  {%- else %}
    select
    {%- for name, kind in columns.items() %}
      {{ tenure_config_value(none, kind) }} as {{ name }}{{ "," if not loop.last }}
    {%- endfor %}
    where 1 = 0
  {%- endfor %}
)
{%- endmacro %}

{% macro tenure_config_value(value, kind) -%}
  {%- if kind == 'number' -%}
    cast({{ 'null' if value is none else value }} as {{ tenure_type_double() }})
  {%- else -%}
    cast({{ 'null' if value is none else tenure_sql_string(value | string) }} as {{ dbt.type_string() }})
  {%- endif -%}
{%- endmacro %}
