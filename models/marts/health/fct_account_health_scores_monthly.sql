{#- The health score of every customer month under each weight set of fct_health_weights (configured and
    fitted), so the backtest can compare them; fct_account_health_monthly keeps the set in force.
    Health = Σ weight × score / Σ weight over the components with data (int_account_health_components_monthly),
    so a missing component's weight is spread over the rest. Minimum evidence: fewer weighted components with data
    than var health_min_components gives no score ("not enough data"), never a red band. Band (var
    health_bands) of the unrounded score; the score is rounded to 0.1 for display only. -#}
{%- set known = health_component_names() -%}
with components as (
    select * from {{ ref('int_account_health_components_monthly') }}
),

weight_sets as (
    select
        weight_set,
        is_in_force,
        {%- for name in known %}
        max(case when component = '{{ name }}' then weight end) as {{ name }}_weight{{ "," if not loop.last }}
        {%- endfor %}
    from {{ ref('fct_health_weights') }}
    group by weight_set, is_in_force
),

scored as (
    select
        components.account_id,
        components.month,
        weight_sets.weight_set,
        weight_sets.is_in_force,
        (
            {%- for name in known %}
            coalesce({{ name }}_weight * {{ name }}_score, 0){{ " +" if not loop.last }}
            {%- endfor %}
        ) as weighted_points,
        (
            {%- for name in known %}
            case when {{ name }}_score is not null then coalesce({{ name }}_weight, 0) else 0 end{{ " +" if not loop.last }}
            {%- endfor %}
        ) as weight_with_data,
        (
            {%- for name in known %}
            case when {{ name }}_weight > 0 and {{ name }}_score is not null then 1 else 0 end{{ " +" if not loop.last }}
            {%- endfor %}
        ) as components_with_data,
        trim(
            {%- for name in known %}
            case when {{ name }}_weight > 0 and {{ name }}_score is null then '{{ name }} ' else '' end{{ " ||" if not loop.last }}
            {%- endfor %}
        ) as components_without_data
    from components
    cross join weight_sets
),

health as (
    select
        scored.*,
        case
            when weight_with_data > 0 and components_with_data >= {{ var('health_min_components') }}
                then weighted_points / weight_with_data
        end as unrounded_score
    from scored
)

select
    account_id,
    month,
    weight_set,
    is_in_force,
    unrounded_score,
    round(unrounded_score, 1) as health_score,
    -- the band of the unrounded score: 74.95 is amber, though it shows as 75.0
    {{ band_case('unrounded_score', var('health_bands'), 'min_score') }} as health_band,
    weight_with_data,
    components_with_data,
    components_without_data
from health
