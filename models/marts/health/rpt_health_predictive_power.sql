{#- How well each health component alone, and the whole score under each weight set, ranks churn in the
    following var health_backtest_months months (AUC over every customer month whose window is over; 0.5 is
    chance). A score's row also compares its worst band with its best (share churned of each, and how many
    times as often the worst churned) and gives the verdict of var health_backtest_verdicts (the first whose
    min_auc the AUC reaches; labels in seeds/enumerations/health_backtest_verdicts.csv). A component's row
    gives its configured and fitted weight (fct_health_weights). -#}
{%- set bands = var('health_bands') | sort(attribute='min_score', reverse=true) -%}
with weights as (
    select * from {{ ref('fct_health_weights') }}
),

outcomes as (
    select account_id, month, churned_within_window
    from {{ ref('fct_account_outcomes_monthly') }}
    where is_window_complete
),

score_observations as (
    select
        scores.weight_set as predictor,
        scores.unrounded_score as score,
        outcomes.churned_within_window as churned
    from {{ ref('fct_account_health_scores_monthly') }} as scores
    inner join outcomes
        on outcomes.account_id = scores.account_id
        and outcomes.month = scores.month
),

overall_bands as (
    select weight_set, health_band, churned_share
    from {{ ref('rpt_health_backtest') }}
    where month is null
),

score_rows as (
    select
        'score' as predictor_kind,
        weight_sets.weight_set as predictor,
        weight_sets.display_order,
        weight_sets.is_in_force,
        coalesce(auc.observations, 0) as observations,
        coalesce(auc.churned_observations, 0) as churned_observations,
        auc.auc,
        cast(null as {{ tenure_type_double() }}) as configured_weight,
        cast(null as {{ tenure_type_double() }}) as fitted_weight,
        best.churned_share as best_band_churned_share,
        worst.churned_share as worst_band_churned_share,
        case when best.churned_share > 0 then worst.churned_share / best.churned_share end
            as churn_ratio_worst_to_best,
        {{ band_case('auc.auc', var('health_backtest_verdicts'), 'min_auc') }} as verdict
    from (
        select weight_set, max(case when is_in_force then 1 else 0 end) = 1 as is_in_force,
            case when weight_set = 'configured' then 1 else 2 end as display_order
        from weights
        group by weight_set
    ) as weight_sets
    left join {{ auc_by_predictor('score_observations') }} as auc
        on auc.predictor = weight_sets.weight_set
    left join overall_bands as best
        on best.weight_set = weight_sets.weight_set
        and best.health_band = {{ tenure_sql_string(bands[0]['name']) }}
    left join overall_bands as worst
        on worst.weight_set = weight_sets.weight_set
        and worst.health_band = {{ tenure_sql_string(bands[-1]['name']) }}
),

component_rows as (
    select
        'component' as predictor_kind,
        configured.component as predictor,
        configured.component_order as display_order,
        cast(null as boolean) as is_in_force,
        configured.observations,
        configured.churned_observations,
        configured.auc,
        configured.weight as configured_weight,
        fitted.weight as fitted_weight,
        cast(null as {{ tenure_type_double() }}) as best_band_churned_share,
        cast(null as {{ tenure_type_double() }}) as worst_band_churned_share,
        cast(null as {{ tenure_type_double() }}) as churn_ratio_worst_to_best,
        cast(null as {{ dbt.type_string() }}) as verdict
    from weights as configured
    inner join weights as fitted
        on fitted.component = configured.component
        and fitted.weight_set = 'fitted'
    where configured.weight_set = 'configured'
)

select * from score_rows
union all
select * from component_rows
