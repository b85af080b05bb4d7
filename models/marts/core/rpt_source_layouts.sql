{#- Which layout each system of the extract came through, each source-layout table read, and the rows dropped
    there (deleted or draft at the source), for the data-quality page. The contract layout reads every row. -#}
{%- set layouts = var('source_layouts') -%}
{%- set adapters = [('crm', 'salesforce'), ('billing', 'stripe'), ('support', 'zendesk')] -%}

with systems as (
    {% for system in ['crm', 'billing', 'support'] %}
    select
        '{{ system }}' as system,
        '{{ layouts[system] }}' as layout,
        {{ tenure_sql_string(tojson(var(layouts[system], none)) if layouts[system] != 'tenure' else '') }} as mapping
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

tables as (
    {% set chosen = [] %}
    {% for system, layout in adapters if layouts[system] == layout %}
        {% do chosen.append(layout) %}
    select '{{ system }}' as system, * from {{ ref('stg_' ~ layout ~ '__table_rows') }}
    union all
    {% endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as system,
        cast(null as {{ dbt.type_string() }}) as source_table,
        cast(null as {{ dbt.type_string() }}) as staged_as,
        cast(null as {{ dbt.type_bigint() }}) as rows_read,
        cast(null as {{ dbt.type_bigint() }}) as rows_dropped,
        cast(null as {{ dbt.type_string() }}) as dropped_because
    where 1 = 0
)

select
    systems.system,
    systems.layout,
    nullif(systems.mapping, '') as mapping,
    tables.source_table,
    tables.staged_as,
    tables.rows_read,
    tables.rows_dropped,
    tables.dropped_because
from systems
left join tables on tables.system = systems.system
