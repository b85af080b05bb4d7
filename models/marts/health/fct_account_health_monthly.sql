{#- The health score of every customer month, with its signals and components.
    Each component scores 0–100 from that month's signals (rules in var health_rules):
      adoption        = mean of 100 × min(1, seat utilization / full_seat_utilization) and, when sticky
                        drivers were measured, 100 × drivers met / drivers measured; no usage: no data;
      relationship    = 100 × ((1 − c) × (½ min(1, high levels / target) + ½ min(1, departments / target))
                        + c × champion present), c = relationship_champion_share; no contact: no data;
      support         = mean of 100 × CSAT, 100 × (1 − share high/urgent) and
                        100 × min(1, first-response target / median first response) (those with data);
                        no ticket in the window: no data;
      sentiment       = (NPS + 100) / 2; no answer in the window: no data;
      value_delivered = 100 × share of the value-plan items due in the trailing 12 months achieved;
      payments        = the score of the first payment band the worst days past due does not exceed
                        (100 when nothing is past due); no invoice issued yet: no data.
    Health = Σ weight × score / Σ weight over the components with data (var health_weights), so a missing
    component's weight is spread over the rest. Minimum evidence: fewer weighted components with data than
    var health_min_components gives no score ("not enough data"), never a red band; and relationship is left
    out for every account when the company logs no meeting at all (no data, not 0). Band (var health_bands)
    of the unrounded score. -#}
{%- set weights = var('health_weights') -%}
{%- set rules = var('health_rules') -%}
{%- set components = weights.keys() | list -%}
{%- set known = ['adoption', 'relationship', 'support', 'sentiment', 'value_delivered', 'payments'] -%}
{%- for name in components if name not in known -%}
  {{ exceptions.raise_compiler_error("health_weights names an unknown component '" ~ name ~ "'; known: " ~ known | join(', ')) }}
{%- endfor -%}
with signals as (
    select * from {{ ref('int_account_signals_monthly') }}
),

-- Whether the company logs meetings at all: without any, nobody's relationship can be judged.
company_evidence as (
    select count(*) > 0 as has_logged_meetings from {{ ref('stg_crm__activities') }}
),

parts as (
    select
        signals.*,
        case
            when seat_utilization is not null
                then 100 * least(1.0, seat_utilization / {{ rules.full_seat_utilization }})
        end as utilization_score,
        case
            when sticky_drivers_measured > 0 then 100.0 * sticky_drivers_met / sticky_drivers_measured
        end as sticky_driver_score,
        case when csat is not null then 100 * csat end as csat_score,
        case when escalated_share is not null then 100 * (1 - escalated_share) end as escalation_score,
        case
            when median_first_response_hours is not null
                then 100 * least(
                    1.0,
                    {{ rules.support_first_response_target_hours }}
                    / greatest(median_first_response_hours, {{ rules.support_first_response_target_hours }})
                )
        end as response_score
    from signals
),

components as (
    select
        parts.*,
        case
            when utilization_score is not null and sticky_driver_score is not null
                then (utilization_score + sticky_driver_score) / 2
            else utilization_score
        end as adoption_score,
        case
            when active_contacts > 0 and company_evidence.has_logged_meetings
                then 100 * (
                    (1 - {{ rules.relationship_champion_share }}) * (
                        0.5 * least(1.0, engaged_high_levels / {{ var('relationship_target_levels') }}.0)
                        + 0.5 * least(1.0, engaged_departments / {{ var('relationship_target_departments') }}.0)
                    )
                    + {{ rules.relationship_champion_share }} * case when has_champion then 1 else 0 end
                )
        end as relationship_score,
        case
            when tickets_created > 0
                then (coalesce(csat_score, 0) + coalesce(escalation_score, 0) + coalesce(response_score, 0))
                    / nullif(
                        case when csat_score is not null then 1 else 0 end
                        + case when escalation_score is not null then 1 else 0 end
                        + case when response_score is not null then 1 else 0 end,
                        0
                    )
        end as support_score,
        case when nps is not null then (nps + 100) / 2 end as sentiment_score,
        case when value_achieved_share is not null then 100 * value_achieved_share end as value_delivered_score,
        case
            when invoices_issued > 0 then
                case
                {%- for band in rules.payment_bands | sort(attribute='max_days_past_due') %}
                    when worst_days_past_due <= {{ band.max_days_past_due }} then {{ band.score }}
                {%- endfor %}
                    else 0
                end
        end as payments_score
    from parts
    cross join company_evidence
),

scored as (
    select
        components.*,
        (
            {%- for name in components %}
            coalesce({{ weights[name] }} * {{ name }}_score, 0){{ " +" if not loop.last }}
            {%- endfor %}
        ) as weighted_points,
        (
            {%- for name in components %}
            case when {{ name }}_score is not null then {{ weights[name] }} else 0 end{{ " +" if not loop.last }}
            {%- endfor %}
        ) as weight_with_data,
        (
            {%- for name in components %}
            case when {{ weights[name] }} > 0 and {{ name }}_score is not null then 1 else 0 end{{ " +" if not loop.last }}
            {%- endfor %}
        ) as components_with_data
    from components
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
    measured_on,
    is_as_of_month,
    arr,
    round(unrounded_score, 1) as health_score,
    -- the band of the unrounded score: 74.95 is amber, though it shows as 75.0
    {{ band_case('unrounded_score', var('health_bands'), 'min_score') }} as health_band,
    {%- for name in known %}
    round({{ name }}_score, 1) as {{ name }}_score,
    {%- endfor %}
    weight_with_data,
    components_with_data,
    trim(
        {%- for name in components %}
        case when {{ name }}_score is null then '{{ name }} ' else '' end{{ " ||" if not loop.last }}
        {%- endfor %}
    ) as components_without_data,
    usage_month,
    licensed_seats,
    active_users,
    seat_utilization,
    active_users_3_months_before,
    active_users_trend_3_months,
    sticky_drivers_measured,
    sticky_drivers_met,
    tickets_created,
    escalated_tickets,
    escalated_share,
    median_first_response_hours,
    median_resolution_hours,
    csat_good,
    csat_bad,
    csat,
    open_tickets,
    nps_respondents,
    nps_promoters,
    nps_detractors,
    nps,
    nps_invitations_sent,
    nps_response_rate,
    invoices_issued,
    past_due_invoices,
    past_due_amount,
    worst_days_past_due,
    average_days_to_pay,
    active_contacts,
    engaged_contacts,
    engaged_high_levels,
    engaged_departments,
    meets_three_by_three,
    has_champion,
    has_champion_loss,
    champion_left_at,
    value_items_due,
    value_items_achieved,
    value_achieved_share
from health
