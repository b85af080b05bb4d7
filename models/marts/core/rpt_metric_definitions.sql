{#- The metrics the site defines, in the order of the Definitions page; what each means is its docs block
    (models/docs/definitions.md), which the site reads from dbt's manifest. -#}
select
    metric,
    label,
    display_order
from {{ ref('metric_definitions') }}
