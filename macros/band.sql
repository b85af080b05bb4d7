{#
  CASE expression giving the name of the first band whose lower bound `expression` reaches, for bands
  configured as a var like [{name: strategic, min_arr: 1000000}, ...]. Bands are tried from the highest bound
  down, whatever their order in the config; below every bound (or NULL) gives NULL.
#}
{% macro band_case(expression, bands, bound_key) %}
  {%- for band in bands -%}
    {%- if band.get(bound_key) is not number or not band.get('name') -%}
      {{ exceptions.raise_compiler_error(
          "band config " ~ band ~ ": expected `name` and a number `" ~ bound_key ~ "` (see vars in dbt_project.yml)") }}
    {%- endif -%}
  {%- endfor -%}
  case
  {%- for band in bands | sort(attribute=bound_key, reverse=true) %}
    when {{ expression }} >= {{ band[bound_key] }} then {{ tenure_sql_string(band['name']) }}
  {%- endfor %}
  end
{%- endmacro %}


{# The median of a numeric expression in a group (the mean of the two middle values when their count is even). #}
{% macro tenure_median(expression) %}
  {{ return(adapter.dispatch('tenure_median')(expression)) }}
{% endmacro %}
{% macro default__tenure_median(expression) -%}
  percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}
{% macro duckdb__tenure_median(expression) -%}
  median({{ expression }})
{%- endmacro %}
