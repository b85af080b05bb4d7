{#- The weights of the health score: the configured ones (var health_weights) and ones fitted on the company's
    own history, one row per weight set and component, with the set in force (var health_weights_in_force:
    configured, the default, or fitted).

    Fitting: for each component, its AUC as a ranking of churn in the following var health_backtest_months
    months, over every customer month whose window is over (fct_account_outcomes_monthly, so only what was known
    then); a component's fitted weight is its edge over chance, AUC − 0.5 (0 when it ranks no better than
    chance or has fewer than var health_fit_min_churned churned observations), as a share of all components'
    edges, × 100. Closed-form and portable SQL, so dbt owns it on every engine; a logistic regression would need
    an iterative solver. When no component has an edge there is nothing to fit: the fitted weights are NULL and
    the configured ones stay in force whatever the var says. -#}
{%- set known = health_component_names() -%}
{%- set configured = var('health_weights') -%}
{%- set in_force = var('health_weights_in_force', 'configured') -%}
{%- for name in configured if name not in known -%}
  {{ exceptions.raise_compiler_error("health_weights names an unknown component '" ~ name ~ "'; known: " ~ known | join(', ')) }}
{%- endfor -%}
{%- if in_force not in ['configured', 'fitted'] -%}
  {{ exceptions.raise_compiler_error("health_weights_in_force must be 'configured' or 'fitted', not '" ~ in_force ~ "'") }}
{%- endif -%}
with outcomes as (
    select account_id, month, churned_within_window
    from {{ ref('fct_account_outcomes_monthly') }}
    where is_window_complete
),

components as (
    select * from {{ ref('int_account_health_components_monthly') }}
),

observations as (
    {%- for name in known %}
    select
        '{{ name }}' as predictor,
        components.{{ name }}_score as score,
        outcomes.churned_within_window as churned
    from components
    inner join outcomes
        on outcomes.account_id = components.account_id
        and outcomes.month = components.month
    {{ "union all" if not loop.last }}
    {%- endfor %}
),

component_list as (
    {%- for name in known %}
    select '{{ name }}' as component, {{ loop.index }} as component_order,
        cast({{ configured.get(name, 0) }} as {{ tenure_type_double() }}) as configured_weight
    {{ "union all" if not loop.last }}
    {%- endfor %}
),

power as (
    select
        component_list.component,
        component_list.component_order,
        component_list.configured_weight,
        coalesce(auc.observations, 0) as observations,
        coalesce(auc.churned_observations, 0) as churned_observations,
        auc.auc,
        case
            when auc.churned_observations >= {{ var('health_fit_min_churned') }} and auc.auc > 0.5
                then auc.auc - 0.5
            else 0
        end as edge
    from component_list
    left join {{ auc_by_predictor('observations') }} as auc
        on auc.predictor = component_list.component
),

fit as (
    select sum(edge) as total_edge from power
),

weight_sets as (
    select
        'configured' as weight_set,
        power.component,
        power.component_order,
        power.configured_weight as weight,
        power.observations,
        power.churned_observations,
        power.auc
    from power
    union all
    select
        'fitted' as weight_set,
        power.component,
        power.component_order,
        case when fit.total_edge > 0 then round(100 * power.edge / fit.total_edge, 1) end as weight,
        power.observations,
        power.churned_observations,
        power.auc
    from power
    cross join fit
)

select
    weight_sets.weight_set,
    weight_sets.component,
    weight_sets.component_order,
    weight_sets.weight,
    weight_sets.observations,
    weight_sets.churned_observations,
    weight_sets.auc,
    weight_sets.weight_set = case
        when '{{ in_force }}' = 'fitted' and fit.total_edge > 0 then 'fitted'
        else 'configured'
    end as is_in_force
from weight_sets
cross join fit
