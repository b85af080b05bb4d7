{#- Every open opportunity of a CRM account at as_of (not closed won or lost, created by as_of): new business,
    expansion, renewal or pilot, with its amount in its own currency, close date and forecast category. The
    account page's summary lists them (the renewal with the renewal, the others as open opportunities). -#}
with as_of as (
    select as_of from {{ ref('stg_extract__metadata') }}
)

select
    opportunities.opportunity_id,
    opportunities.account_id,
    opportunities.opportunity_type,
    opportunities.stage,
    opportunities.amount,
    opportunities.currency,
    opportunities.close_date,
    opportunities.forecast_category,
    {{ dbt.datediff('as_of.as_of', 'opportunities.close_date', 'day') }} as days_to_close
from {{ ref('stg_crm__opportunities') }} as opportunities
cross join as_of
where opportunities.stage not in ('closed_won', 'closed_lost')
    and opportunities.account_id is not null
    and (opportunities.created_at is null or cast(opportunities.created_at as date) <= as_of.as_of)
