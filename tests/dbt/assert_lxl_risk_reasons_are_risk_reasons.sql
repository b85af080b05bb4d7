{#- Every reason in var lxl_risk_reasons is a code of seeds/enumerations/risk_reasons.csv: a misspelt one would
    silently put nobody on the LxL. One row per unknown reason. -#}
with configured as (
    {%- for reason in var('lxl_risk_reasons') %}
    select {{ tenure_sql_string(reason) }} as reason
    {{ "union all" if not loop.last }}
    {%- else %}
    select cast(null as {{ dbt.type_string() }}) as reason where 1 = 0
    {%- endfor %}
)

select configured.reason as unknown_lxl_risk_reason
from configured
left join {{ ref('risk_reasons') }} as reasons on reasons.code = configured.reason
where reasons.code is null
