{#- The health component names the SQL compiles with (macros/health.sql, health_component_names) are exactly
    the codes of seeds/enumerations/health_components.csv, in the same order: one row per disagreement. -#}
with compiled as (
    {%- for name in health_component_names() %}
    select '{{ name }}' as code, {{ loop.index }} as position
    {{ "union all" if not loop.last }}
    {%- endfor %}
),

seeded as (
    select code, row_number() over (order by display_order) as position
    from {{ ref('health_components') }}
)

select
    coalesce(compiled.code, seeded.code) as code,
    compiled.position as position_in_macro,
    seeded.position as position_in_seed
from compiled
full outer join seeded on seeded.code = compiled.code
where compiled.position is null or seeded.position is null or compiled.position <> seeded.position
