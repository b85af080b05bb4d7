{#- Rows read from each Zendesk table and rows dropped as deleted, for the data-quality page
    (marts/core/rpt_source_layouts). -#}
select
    'support/organization' as source_table,
    'stg_support__organizations' as staged_as,
    count(*) as rows_read,
    count(case when {{ parse_boolean('_fivetran_deleted') }} then 1 end) as rows_dropped,
    'deleted in Zendesk (_fivetran_deleted)' as dropped_because
from {{ source('zendesk', 'organization') }}
union all
select
    'support/ticket',
    'stg_support__tickets',
    count(*),
    count(case when {{ parse_boolean('_fivetran_deleted') }} or {{ parse_enum('status') }} = 'deleted' then 1 end),
    'deleted in Zendesk (status deleted or _fivetran_deleted)'
from {{ source('zendesk', 'ticket') }}
{% for name, staged_as in [('user', 'stg_support__tickets'), ('ticket_comment', 'stg_support__tickets'),
                            ('ticket_field_history', 'stg_support__tickets'), ('ticket_tag', 'stg_support__tickets'),
                            ('satisfaction_rating', 'stg_support__tickets')] %}
union all
select 'support/{{ name }}', '{{ staged_as }}', count(*), 0, cast(null as {{ dbt.type_string() }})
from {{ source('zendesk', name) }}
{% endfor %}
