{#
  A column of a source relation named by config (e.g. var('salesforce').csm_field), or `fallback` (SQL)
  when the config names none or the file does not have it: source layouts read custom fields that one
  company has and another does not. Quoted as the warehouse needs; `null` while parsing.
#}
{% macro tenure_source_column(relation, name, fallback='null') %}
  {% if not execute or not name %}
    {{ return(fallback) }}
  {% endif %}
  {% for column in adapter.get_columns_in_relation(relation) if column.name | lower == name | lower %}
    {{ return(adapter.quote(column.name)) }}
  {% endfor %}
  {{ return(fallback) }}
{% endmacro %}


{# The words of a text, lower case, separated by single spaces and padded with one: ' vp of sales '. #}
{% macro tenure_words(text) %}
  {{ return(adapter.dispatch('tenure_words')(text)) }}
{% endmacro %}
{% macro default__tenure_words(text) -%}
  ' ' || trim(regexp_replace(lower({{ text }}), '[^a-z0-9]+', ' ')) || ' '
{%- endmacro %}
{% macro duckdb__tenure_words(text) -%}
  ' ' || trim(regexp_replace(lower({{ text }}), '[^a-z0-9]+', ' ', 'g')) || ' '
{%- endmacro %}


{# A value of a JSON object held as text (Stripe's metadata), as text; NULL when absent. #}
{% macro tenure_json_text(json_text, key) %}
  {{ return(adapter.dispatch('tenure_json_text')(json_text, key)) }}
{% endmacro %}
{% macro default__tenure_json_text(json_text, key) -%}
  get_json_object({{ json_text }}, '$.{{ key }}')
{%- endmacro %}
{% macro duckdb__tenure_json_text(json_text, key) -%}
  json_extract_string({{ json_text }}, {{ tenure_sql_string('$."' ~ key ~ '"') }})
{%- endmacro %}
