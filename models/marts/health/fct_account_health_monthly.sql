{#- The health score of every customer month, with its signals and components, under the weight set in
    force (fct_health_weights: the configured weights unless var health_weights_in_force says fitted). The
    components are int_account_health_components_monthly's, the score and band
    fct_account_health_scores_monthly's (see those for the rules). -#}
{%- set known = health_component_names() -%}
with components as (
    select * from {{ ref('int_account_health_components_monthly') }}
),

scores as (
    select * from {{ ref('fct_account_health_scores_monthly') }} where is_in_force
),

health as (
    select
        components.*,
        scores.weight_set,
        scores.health_score,
        scores.health_band,
        scores.weight_with_data,
        scores.components_with_data,
        scores.components_without_data
    from components
    inner join scores
        on scores.account_id = components.account_id
        and scores.month = components.month
)

select
    account_id,
    month,
    measured_on,
    is_as_of_month,
    arr,
    health_score,
    health_band,
    weight_set,
    {%- for name in known %}
    round({{ name }}_score, 1) as {{ name }}_score,
    {%- endfor %}
    weight_with_data,
    components_with_data,
    components_without_data,
    usage_month,
    licensed_seats,
    active_users,
    seat_utilization,
    active_users_3_months_before,
    active_users_trend_3_months,
    sticky_drivers_measured,
    cast(sticky_drivers_met as {{ dbt.type_bigint() }}) as sticky_drivers_met,
    cast(tickets_created as {{ dbt.type_bigint() }}) as tickets_created,
    cast(escalated_tickets as {{ dbt.type_bigint() }}) as escalated_tickets,
    escalated_share,
    median_first_response_hours,
    median_resolution_hours,
    cast(csat_good as {{ dbt.type_bigint() }}) as csat_good,
    cast(csat_bad as {{ dbt.type_bigint() }}) as csat_bad,
    csat,
    cast(open_tickets as {{ dbt.type_bigint() }}) as open_tickets,
    nps_respondents,
    cast(nps_promoters as {{ dbt.type_bigint() }}) as nps_promoters,
    cast(nps_detractors as {{ dbt.type_bigint() }}) as nps_detractors,
    nps,
    nps_invitations_sent,
    nps_response_rate,
    invoices_issued,
    cast(past_due_invoices as {{ dbt.type_bigint() }}) as past_due_invoices,
    past_due_amount,
    worst_days_past_due,
    average_days_to_pay,
    cast(active_contacts as {{ dbt.type_bigint() }}) as active_contacts,
    cast(engaged_contacts as {{ dbt.type_bigint() }}) as engaged_contacts,
    engaged_high_levels,
    engaged_departments,
    meets_three_by_three,
    has_champion,
    has_champion_loss,
    champion_left_at,
    value_items_due,
    cast(value_items_achieved as {{ dbt.type_bigint() }}) as value_items_achieved,
    value_achieved_share
from health
