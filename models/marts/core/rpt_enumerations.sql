{#- Every enumeration the pages show (seeds/enumerations/), one row per value: its code, label, order and
    colour. The pages label values from here, never from a list of their own. -#}
{%- set enumerations = ['mrr_movements', 'lxl_reasons', 'renewal_forecast_categories', 'health_components',
                        'segment_types', 'risk_reasons', 'reference_types', 'sponsor_gaps',
                        'health_backtest_verdicts', 'lxl_sections'] -%}
{% for enumeration in enumerations %}
select
    '{{ enumeration }}' as enumeration,
    code,
    label,
    display_order,
    colour,
    short_label
from {{ ref(enumeration) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
