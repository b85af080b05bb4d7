{#- Salesforce Opportunity as the contract's crm opportunities: soft-deleted rows dropped; the stage from
    is_closed and is_won (closed_won, closed_lost; an open stage keeps its name, lower case), the type and
    forecast category through seeds salesforce_opportunity_types and salesforce_forecast_categories (a
    value not listed is left empty), the currency from var('salesforce').currency_field or the reporting
    currency. -#}
{%- set opportunity = source('salesforce', 'opportunity') -%}
{%- set fields = var('salesforce') -%}

with opportunities as (
    select * from {{ opportunity }}
    where not coalesce({{ parse_boolean('is_deleted') }}, false)
)

select
    {{ parse_id('opportunities.id') }} as opportunity_id,
    {{ parse_id('opportunities.account_id') }} as account_id,
    types.opportunity_type,
    case
        when {{ parse_boolean('opportunities.is_closed') }} and {{ parse_boolean('opportunities.is_won') }}
            then 'closed_won'
        when {{ parse_boolean('opportunities.is_closed') }} then 'closed_lost'
        else {{ parse_enum('opportunities.stage_name') }}
    end as stage,
    {{ parse_money('opportunities.amount') }} as amount,
    coalesce(
        {{ parse_currency(tenure_source_column(opportunity, fields.currency_field)) }},
        (select reporting_currency from {{ ref('stg_extract__metadata') }})
    ) as currency,
    {{ parse_timestamp('opportunities.created_date') }} as created_at,
    cast({{ parse_timestamp('opportunities.close_date') }} as date) as close_date,
    categories.forecast_category,
    {{ parse_id('opportunities.owner_id') }} as owner_user_id,
    {{ parse_text(tenure_source_column(opportunity, fields.primary_competitor_field)) }} as primary_competitor,
    {{ parse_text(tenure_source_column(opportunity, fields.loss_reason_field)) }} as loss_reason
from opportunities
left join {{ ref('salesforce_opportunity_types') }} as types
    on types.salesforce_type = lower(trim(opportunities.type))
left join {{ ref('salesforce_forecast_categories') }} as categories
    on categories.salesforce_category = lower(trim(opportunities.forecast_category_name))
