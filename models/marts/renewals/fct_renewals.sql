{#- The renewal of every paying CRM account as of as_of: its date and where the date comes from (open renewal
    opportunity, else term end), the open renewal opportunity's forecast category and amount (annual, in its
    own currency), the ARR up for renewal and the account's health. -#}
with renewals as (
    select * from {{ ref('int_account_renewal_dates_monthly') }}
),

health as (
    select account_id, month, health_score, health_band, arr
    from {{ ref('fct_account_health_monthly') }}
    where is_as_of_month
)

select
    health.account_id,
    renewals.renewal_date,
    renewals.renewal_date_source,
    {{ dbt.datediff('renewals.measured_on', 'renewals.renewal_date', 'day') }} as days_to_renewal,
    cast({{ dbt.date_trunc('month', 'renewals.renewal_date') }} as date) as renewal_month,
    renewals.renewal_opportunity_id,
    coalesce(renewals.renewal_forecast_category, 'no_opportunity') as renewal_forecast_category,
    renewals.renewal_amount,
    renewals.renewal_currency,
    health.arr as arr_up_for_renewal,
    health.health_score,
    health.health_band
from health
inner join renewals on renewals.account_id = health.account_id and renewals.month = health.month
