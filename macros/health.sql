{#- The health components, in the order of seeds/enumerations/health_components.csv (a dbt test checks the two
    agree): the SQL needs their names when it compiles, the pages take their labels from the seed. -#}
{% macro health_component_names() -%}
  {{ return(['adoption', 'relationship', 'support', 'sentiment', 'value_delivered', 'payments']) }}
{%- endmacro %}


{#- How well a score ranks later churn, per predictor: the AUC, the chance that an observation that did not
    churn scores higher than one that did (ties count half). 0.5 is chance, 1 a perfect ranking, below 0.5 a
    backwards one (low scores churn less). Computed from average ranks (the Mann–Whitney U statistic) with
    portable window functions. `observations` names a relation or CTE with columns predictor, score (rows
    with NULL are left out) and churned (boolean); the result is a subquery with predictor, observations,
    churned_observations and auc (NULL unless both outcomes occur). -#}
{% macro auc_by_predictor(observations) -%}
(
    select
        predictor,
        count(*) as observations,
        cast(sum(case when churned then 1 else 0 end) as {{ dbt.type_bigint() }}) as churned_observations,
        case
            when sum(case when churned then 1 else 0 end) > 0 and sum(case when churned then 0 else 1 end) > 0
                then (
                    sum(case when churned then 0 else average_rank end)
                    - sum(case when churned then 0 else 1 end) * (sum(case when churned then 0 else 1 end) + 1) / 2
                ) / (
                    cast(sum(case when churned then 0 else 1 end) as {{ tenure_type_double() }})
                    * sum(case when churned then 1 else 0 end)
                )
        end as auc
    from (
        select
            predictor,
            churned,
            rank() over (partition by predictor order by score)
                + (count(*) over (partition by predictor, score) - 1) / 2 as average_rank
        from {{ observations }}
        where score is not null
    ) as ranked
    group by predictor
)
{%- endmacro %}
