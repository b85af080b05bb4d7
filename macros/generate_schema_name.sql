{#
  Schemas are exactly the folder's +schema (staging, intermediate, marts, or any custom name as written),
  not dbt's default <target_schema>_<custom>: the site and analysts query marts.dim_accounts directly.
  Models without a custom schema go to the target's schema.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}
    {{ target.schema }}
  {%- else -%}
    {{ custom_schema_name | trim }}
  {%- endif -%}
{%- endmacro %}
