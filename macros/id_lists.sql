{#- The rows of a ';'-separated id list column, as a derived table `(parent key columns..., listed_id)`.
    The one place that knows how a list cell is split (DuckDB: string_split + unnest; Spark: explode(split)); empty items and
    surrounding spaces are dropped. `relation_sql` is a relation or a parenthesised select. -#}
{% macro id_list_rows(relation_sql, key_columns, list_column) -%}
  {{ return(adapter.dispatch('id_list_rows', 'tenure')(relation_sql, key_columns, list_column)) }}
{%- endmacro %}

{% macro duckdb__id_list_rows(relation_sql, key_columns, list_column) -%}
(
    select {{ key_columns | join(', ') }}, trim(listed.listed_id) as listed_id
    from (
        select {{ key_columns | join(', ') }}, unnest(string_split({{ list_column }}, ';')) as listed_id
        from {{ relation_sql }}
        where {{ list_column }} is not null
    ) as listed
    where trim(listed.listed_id) <> ''
)
{%- endmacro %}

{% macro spark__id_list_rows(relation_sql, key_columns, list_column) -%}
(
    select {{ key_columns | join(', ') }}, trim(listed.listed_id) as listed_id
    from (
        select {{ key_columns | join(', ') }}, explode(split({{ list_column }}, ';')) as listed_id
        from {{ relation_sql }}
        where {{ list_column }} is not null
    ) as listed
    where trim(listed.listed_id) <> ''
)
{%- endmacro %}
