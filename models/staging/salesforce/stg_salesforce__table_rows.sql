{#- Rows read from each Salesforce table and rows dropped as deleted at the source, for the data-quality
    page (marts/core/rpt_source_layouts). -#}
{%- set tables = [
    ('account', 'stg_crm__accounts', 'is_deleted'),
    ('user', 'stg_crm__users', '_fivetran_deleted'),
    ('user_role', 'stg_crm__users', '_fivetran_deleted'),
    ('contact', 'stg_crm__contacts', 'is_deleted'),
    ('opportunity', 'stg_crm__opportunities', 'is_deleted'),
    ('task', 'stg_crm__activities', 'is_deleted'),
    ('event', 'stg_crm__activities', 'is_deleted'),
] -%}

{% for name, staged_as, flag in tables %}
select
    'crm/{{ name }}' as source_table,
    '{{ staged_as }}' as staged_as,
    count(*) as rows_read,
    count(case when {{ parse_boolean(flag) }} then 1 end) as rows_dropped,
    'deleted in Salesforce ({{ flag }})' as dropped_because
from {{ source('salesforce', name) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
