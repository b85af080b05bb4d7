{#-
  The contract's subscription periods rebuilt from Stripe's invoice line items: Stripe keeps only a
  subscription's current state, but every subscription line of every invoice says which item was billed for
  which period, at which price and quantity.
  1. Lines: subscription lines that are not credits (a negative line is a proration credit for the unused part
     of the old price), of invoices that are not drafts or deleted, with the discount in force on the
     subscription at the line's start (coupon percent off, or amount off as a percentage of the line).
  2. A line ends where the item's next line starts (a mid-period change bills the new price from the change).
  3. Consecutive lines of an item with the same price, quantity and discount are one period.
  4. The item's last period is open while its subscription is not canceled; a canceled one ends when the
     subscription ended (or its last line, if earlier).
  Amounts are from minor units; billing_period_months from the price's interval (a daily or weekly price has
  none: not supported).
-#}
with lines as (
    select
        {{ parse_id('items.subscription_item_id') }} as subscription_item_id,
        {{ parse_id('items.subscription_id') }} as subscription_id,
        coalesce({{ parse_id('items.price_id') }}, {{ parse_id('items.plan_id') }}) as price_id,
        {{ parse_number('items.quantity') }} as quantity,
        {{ parse_money('items.amount') }} as amount,
        cast({{ parse_timestamp('items.period_start') }} as date) as start_on,
        cast({{ parse_timestamp('items.period_end') }} as date) as end_on
    from {{ source('stripe', 'invoice_line_item') }} as items
    left join {{ source('stripe', 'invoice') }} as invoices
        on {{ parse_id('invoices.id') }} = {{ parse_id('items.invoice_id') }}
    where coalesce({{ parse_enum('items.type') }}, 'subscription') = 'subscription'
        and coalesce({{ parse_money('items.amount') }}, 0) >= 0
        and coalesce({{ parse_enum('invoices.status') }}, '') <> 'draft'
        and not coalesce({{ parse_boolean('invoices.is_deleted') }}, false)
),

prices as (
    select
        {{ parse_id('prices.id') }} as price_id,
        {{ parse_money('prices.unit_amount') }} / {{ stripe_minor_units_per_major('prices.currency') }} as unit_amount,
        {{ parse_money('prices.unit_amount') }} as unit_amount_minor,
        {{ parse_currency('prices.currency') }} as currency,
        {{ parse_enum('prices.recurring_interval') }} as billing_interval,
        {{ parse_integer('prices.recurring_interval_count') }} as interval_count,
        {{ parse_id('prices.product_id') }} as product_id,
        cast(null as {{ dbt.type_string() }}) as nickname
    from {{ source('stripe', 'price') }} as prices
    union all
    select
        {{ parse_id('plans.id') }},
        {{ parse_money('plans.amount') }} / {{ stripe_minor_units_per_major('plans.currency') }},
        {{ parse_money('plans.amount') }},
        {{ parse_currency('plans.currency') }},
        {{ parse_enum('plans.interval') }},
        {{ parse_integer('plans.interval_count') }},
        {{ parse_id('plans.product_id') }},
        {{ parse_text('plans.nickname') }}
    from {{ source('stripe', 'plan') }} as plans
),

priced_plans as (
    select
        prices.price_id,
        prices.unit_amount,
        prices.unit_amount_minor,
        prices.currency,
        case prices.billing_interval
            when 'month' then prices.interval_count
            when 'year' then 12 * prices.interval_count
        end as billing_period_months,
        coalesce(products.name, prices.nickname, prices.price_id) as plan_name
    from prices
    left join (
        select {{ parse_id('id') }} as product_id, {{ parse_text('name') }} as name
        from {{ source('stripe', 'product') }}
    ) as products on products.product_id = prices.product_id
),

discounts as (
    select
        {{ parse_id('discounts.subscription_id') }} as subscription_id,
        cast({{ parse_timestamp('discounts.start') }} as date) as starts_on,
        cast({{ parse_timestamp('discounts.' ~ adapter.quote('end')) }} as date) as ends_on,
        {{ parse_number('coupons.percent_off') }} as percent_off,
        {{ parse_money('coupons.amount_off') }} as amount_off_minor
    from {{ source('stripe', 'discount') }} as discounts
    inner join {{ source('stripe', 'coupon') }} as coupons
        on {{ parse_id('coupons.id') }} = {{ parse_id('discounts.coupon_id') }}
),

priced as (
    select
        lines.subscription_item_id,
        lines.subscription_id,
        lines.price_id,
        lines.quantity,
        lines.start_on,
        least(
            lines.end_on,
            coalesce(
                lead(lines.start_on) over (partition by lines.subscription_item_id order by lines.start_on, lines.end_on),
                lines.end_on
            )
        ) as end_on,
        coalesce(
            max(discounts.percent_off),
            max(100 * discounts.amount_off_minor / nullif(lines.quantity * prices.unit_amount_minor, 0)),
            0
        ) as discount_percent
    from lines
    inner join priced_plans as prices on prices.price_id = lines.price_id
    left join discounts
        on discounts.subscription_id = lines.subscription_id
        and discounts.starts_on <= lines.start_on
        and (discounts.ends_on is null or discounts.ends_on > lines.start_on)
    group by lines.subscription_item_id, lines.subscription_id, lines.price_id, lines.quantity, lines.start_on,
        lines.end_on
),

flagged as (
    select
        *,
        case
            when lag(end_on) over by_item = start_on
                and lag(price_id) over by_item = price_id
                and lag(quantity) over by_item = quantity
                and lag(discount_percent) over by_item = discount_percent
                then 0
            else 1
        end as starts_period
    from priced
    window by_item as (partition by subscription_item_id order by start_on, end_on)
),

numbered as (
    select
        *,
        sum(starts_period) over (
            partition by subscription_item_id order by start_on, end_on rows between unbounded preceding and current row
        ) as period_number
    from flagged
),

periods as (
    select
        subscription_item_id,
        subscription_id,
        period_number,
        min(price_id) as price_id,
        min(quantity) as quantity,
        min(discount_percent) as discount_percent,
        min(start_on) as start_date,
        max(end_on) as last_end_on,
        max(period_number) over (partition by subscription_item_id) as last_period_number
    from numbered
    group by subscription_item_id, subscription_id, period_number
),

subscriptions as (
    select
        {{ parse_id('id') }} as subscription_id,
        {{ parse_id('customer_id') }} as billing_customer_id,
        {{ parse_enum('status') }} as status,
        cast({{ parse_timestamp('ended_at') }} as date) as ended_on
    from {{ source('stripe', 'subscription') }}
)

select
    periods.subscription_item_id || '/' || cast(periods.period_number as {{ dbt.type_string() }}) as period_id,
    periods.subscription_item_id as subscription_id,
    subscriptions.billing_customer_id,
    prices.plan_name,
    periods.start_date,
    case
        when periods.period_number < periods.last_period_number then periods.last_end_on
        when subscriptions.status in ('canceled', 'incomplete_expired')
            then least(periods.last_end_on, coalesce(subscriptions.ended_on, periods.last_end_on))
    end as end_date,
    periods.quantity,
    prices.unit_amount,
    prices.billing_period_months,
    periods.discount_percent,
    prices.currency
from periods
inner join priced_plans as prices on prices.price_id = periods.price_id
left join subscriptions on subscriptions.subscription_id = periods.subscription_id
