{#- The rows of a ';'-separated id list column, as a derived table `(parent key columns..., listed_id)`.
    The one place that knows how a list cell is split; empty items and surrounding spaces are dropped.
    `relation_sql` is a relation or a parenthesised select. -#}
{% macro id_list_rows(relation_sql, key_columns, list_column) -%}
(
    select {{ key_columns | join(', ') }}, trim(listed.listed_id) as listed_id
    from (
        select {{ key_columns | join(', ') }}, {{ tenure_split_to_rows(list_column, ';') }} as listed_id
        from {{ relation_sql }}
        where {{ list_column }} is not null
    ) as listed
    where trim(listed.listed_id) <> ''
)
{%- endmacro %}

{#- One row per item of a text split at `separator` (a table function in the select list). -#}
{% macro tenure_split_to_rows(text, separator) -%}
  {{ return(adapter.dispatch('tenure_split_to_rows', 'tenure')(text, separator)) }}
{%- endmacro %}
{% macro duckdb__tenure_split_to_rows(text, separator) -%}
  unnest(string_split({{ text }}, {{ tenure_sql_string(separator) }}))
{%- endmacro %}
{% macro spark__tenure_split_to_rows(text, separator) -%}
  explode(split({{ text }}, {{ tenure_sql_string(separator) }}))
{%- endmacro %}
