{#- The renewal date of each customer month as it stood on the day the month is measured on: the close
    date of the account's open renewal opportunity that day (created by then and not
    yet closed: still open now, or closing after that day; the earliest if several), else the end of its
    current term: the next anniversary, after that day, of the account's first subscription start, every
    var renewal_term_months months. -#}
with customer_months as (
    select account_id, month, measured_on from {{ ref('int_customer_months_listed') }}
),

renewal_opportunities as (
    select opportunity_id, account_id, stage, close_date, created_at, forecast_category, amount, currency
    from {{ ref('stg_crm__opportunities') }}
    where opportunity_type = 'renewal' and close_date is not null
),

open_on_day as (
    select
        customer_months.account_id,
        customer_months.month,
        renewal_opportunities.opportunity_id,
        renewal_opportunities.close_date,
        renewal_opportunities.forecast_category,
        renewal_opportunities.amount,
        renewal_opportunities.currency,
        row_number() over (
            partition by customer_months.account_id, customer_months.month
            order by renewal_opportunities.close_date, renewal_opportunities.opportunity_id
        ) as rank_by_close
    from customer_months
    inner join renewal_opportunities
        on renewal_opportunities.account_id = customer_months.account_id
        and renewal_opportunities.created_at < {{ dbt.dateadd('day', 1, 'customer_months.measured_on') }}
        and (
            renewal_opportunities.stage not in ('closed_won', 'closed_lost')
            or renewal_opportunities.close_date > customer_months.measured_on
        )
),

contract_starts as (
    select account_id, min(start_date) as contract_start
    from {{ ref('stg_billing__subscription_periods') }} as periods
    inner join {{ ref('int_billing_customers_mapped') }} as customers
        on customers.billing_customer_id = periods.billing_customer_id
    where periods.start_date is not null
    group by account_id
),

terms as (
    select
        customer_months.account_id,
        customer_months.month,
        customer_months.measured_on,
        contract_starts.contract_start,
        {{ dbt.dateadd(
            'month',
            var('renewal_term_months') ~ ' * cast(floor(' ~ dbt.datediff('contract_starts.contract_start', 'customer_months.measured_on', 'month') ~ ' / ' ~ var('renewal_term_months') ~ '.0) as integer)',
            'contract_starts.contract_start') }} as candidate_term_end
    from customer_months
    inner join contract_starts on contract_starts.account_id = customer_months.account_id
),

term_ends as (
    select
        account_id,
        month,
        cast(
            case
                when candidate_term_end > measured_on then candidate_term_end
                else {{ dbt.dateadd('month', var('renewal_term_months'), 'candidate_term_end') }}
            end as date
        ) as term_end
    from terms
)

select
    customer_months.account_id,
    customer_months.month,
    customer_months.measured_on,
    coalesce(open_on_day.close_date, term_ends.term_end) as renewal_date,
    case
        when open_on_day.opportunity_id is not null then 'open_renewal_opportunity'
        when term_ends.term_end is not null then 'term_end'
    end as renewal_date_source,
    open_on_day.opportunity_id as renewal_opportunity_id,
    open_on_day.forecast_category as renewal_forecast_category,
    open_on_day.amount as renewal_amount,
    open_on_day.currency as renewal_currency,
    term_ends.term_end
from customer_months
left join open_on_day
    on open_on_day.account_id = customer_months.account_id
    and open_on_day.month = customer_months.month
    and open_on_day.rank_by_close = 1
left join term_ends
    on term_ends.account_id = customer_months.account_id
    and term_ends.month = customer_months.month
