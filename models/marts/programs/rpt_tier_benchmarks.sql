{#- What similar customers look like: per tier, the median at as_of, over the tier's paying accounts with a
    value, of the health score, seat utilization, NPS, tickets in the support window and CSAT. The QBR brief
    sets each account beside its tier's medians. -#}
with current_health as (
    select accounts.tier, health.*
    from {{ ref('fct_account_health_monthly') }} as health
    inner join {{ ref('dim_accounts') }} as accounts on accounts.account_id = health.account_id
    where health.is_as_of_month
)

select
    tier,
    {{ tenure_median('health_score') }} as health_score,
    {{ tenure_median('seat_utilization') }} as seat_utilization,
    {{ tenure_median('nps') }} as nps,
    {{ tenure_median('tickets_created') }} as tickets_created,
    {{ tenure_median('csat') }} as csat
from current_health
group by tier
