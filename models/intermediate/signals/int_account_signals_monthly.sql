{#- Every signal of each customer month in one row: adoption, support, NPS, payments, relationship and value
    delivered (one intermediate model each). The health score is computed from this row alone. -#}
select
    customer_months.account_id,
    customer_months.month,
    customer_months.measured_on,
    customer_months.is_as_of_month,
    customer_months.arr,
    adoption.usage_month,
    adoption.licensed_seats,
    adoption.active_users,
    adoption.seat_utilization,
    adoption.active_users_3_months_before,
    adoption.active_users_trend_3_months,
    adoption.sticky_drivers_measured,
    adoption.sticky_drivers_met,
    support.tickets_created,
    support.escalated_tickets,
    support.escalated_share,
    support.median_first_response_hours,
    support.median_resolution_hours,
    support.csat_good,
    support.csat_bad,
    support.csat,
    support.open_tickets,
    nps.nps_respondents,
    nps.nps_promoters,
    nps.nps_detractors,
    nps.nps,
    nps.nps_invitations_sent,
    nps.nps_response_rate,
    payments.invoices_issued,
    payments.past_due_invoices,
    payments.past_due_amount,
    payments.worst_days_past_due,
    payments.average_days_to_pay,
    relationship.active_contacts,
    relationship.engaged_contacts,
    relationship.engaged_high_levels,
    relationship.engaged_departments,
    relationship.meets_three_by_three,
    relationship.has_champion,
    relationship.has_champion_loss,
    relationship.champion_left_at,
    value_delivered.value_items_due,
    value_delivered.value_items_achieved,
    value_delivered.value_achieved_share
from {{ ref('int_customer_months_listed') }} as customer_months
left join {{ ref('int_account_adoption_monthly') }} as adoption
    on adoption.account_id = customer_months.account_id and adoption.month = customer_months.month
left join {{ ref('int_account_support_monthly') }} as support
    on support.account_id = customer_months.account_id and support.month = customer_months.month
left join {{ ref('int_account_nps_monthly') }} as nps
    on nps.account_id = customer_months.account_id and nps.month = customer_months.month
left join {{ ref('int_account_payments_monthly') }} as payments
    on payments.account_id = customer_months.account_id and payments.month = customer_months.month
left join {{ ref('int_account_relationship_monthly') }} as relationship
    on relationship.account_id = customer_months.account_id and relationship.month = customer_months.month
left join {{ ref('int_account_value_delivered_monthly') }} as value_delivered
    on value_delivered.account_id = customer_months.account_id and value_delivered.month = customer_months.month
