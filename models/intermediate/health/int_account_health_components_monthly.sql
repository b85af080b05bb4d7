{#- The six health components of every customer month, each 0–100 from that month's signals alone (rules in
    var health_rules); NULL means no data, never 0:
      adoption        = mean of 100 × min(1, seat utilization / full_seat_utilization) and, when sticky
                        drivers were measured, 100 × drivers met / drivers measured; no usage: no data;
      relationship    = 100 × ((1 − c) × (½ min(1, high levels / target) + ½ min(1, departments / target))
                        + c × champion present), c = relationship_champion_share; no contact, or no meeting
                        logged anywhere in the company: no data;
      support         = mean of 100 × CSAT, 100 × (1 − share high/urgent) and
                        100 × min(1, first-response target / median first response) (those with data);
                        no ticket in the window: no data;
      sentiment       = (NPS + 100) / 2; no answer in the window: no data;
      value_delivered = 100 × share of the value-plan items due in the trailing 12 months achieved;
      payments        = the score of the first payment band the worst days past due does not exceed
                        (100 when nothing is past due); no invoice issued yet: no data.
    Weighting them into a score is fct_account_health_scores_monthly's job, so the weights can be fitted on
    these components (fct_health_weights) without a cycle. -#}
{%- set rules = var('health_rules') -%}
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
            when sticky_drivers_measured > 0 then 100 * sticky_drivers_met / sticky_drivers_measured
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
)

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
                    0.5 * least(1.0, engaged_high_levels / {{ var('relationship_target_levels') }})
                    + 0.5 * least(1.0, engaged_departments / {{ var('relationship_target_departments') }})
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
