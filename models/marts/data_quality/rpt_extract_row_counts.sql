{#- Rows per extract table as dbt read it (the raw_<source> relations that on-run-start registers over the
    files, macros/extract/register_extract_views.sql), counted by the engine that reads them: on Spark no
    file is read onto one machine to count it. Not through source(): the list of tables is the graph's at
    run time (the enabled sources), and every one exists before any model runs. -#}
{%- set tables = [] -%}
{%- if execute -%}
    {%- for node in graph.sources.values() | selectattr('source_name', 'ne', 'extract') | sort(attribute='unique_id') -%}
        {%- do tables.append(node) -%}
    {%- endfor -%}
{%- endif %}

{% for node in tables -%}
select
    {{ tenure_sql_string(((node.source_meta or {}).get('system') or node.source_name) ~ '/' ~ node.name) }}
        as extract_table,
    cast(count(*) as {{ dbt.type_bigint() }}) as row_count
from {{ api.Relation.create(database=node.database, schema=node.schema, identifier=node.identifier) }}
{{ "union all" if not loop.last }}
{% else -%}
select
    cast(null as {{ dbt.type_string() }}) as extract_table,
    cast(null as {{ dbt.type_bigint() }}) as row_count
where 1 = 0
{%- endfor %}
