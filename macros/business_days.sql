{#- Business days (Monday to Friday; no holiday calendar) after `start_expr` up to and including
    `end_expr`, two date expressions: Friday → next Monday is 1, Monday → next Monday is 5, the same day
    is 0; an end before the start gives NULL. Arithmetic on the ISO weekday, no calendar table. -#}
{% macro business_days_between(start_expr, end_expr) -%}
  {{ return(adapter.dispatch('business_days_between', 'tenure')(start_expr, end_expr)) }}
{%- endmacro %}

{% macro default__business_days_between(start_expr, end_expr) -%}
  {%- set days = dbt.datediff(start_expr, end_expr, 'day') -%}
  {%- set weekday = tenure_iso_weekday(start_expr) -%}
  case when {{ days }} >= 0 then
    5 * cast(floor({{ days }} / 7) as integer)
    {%- for k in range(1, 7) %}
    + case when mod({{ days }}, 7) >= {{ k }} and mod({{ weekday }} - 1 + {{ k }}, 7) < 5 then 1 else 0 end
    {%- endfor %}
  end
{%- endmacro %}

{#- The ISO weekday of a date expression: Monday 1 ... Sunday 7. -#}
{% macro tenure_iso_weekday(date_expr) -%}
  {{ return(adapter.dispatch('tenure_iso_weekday', 'tenure')(date_expr)) }}
{%- endmacro %}
{% macro default__tenure_iso_weekday(date_expr) -%}
  cast(extract(isodow from cast({{ date_expr }} as date)) as integer)
{%- endmacro %}
{% macro spark__tenure_iso_weekday(date_expr) -%}
  (weekday(cast({{ date_expr }} as date)) + 1)
{%- endmacro %}
