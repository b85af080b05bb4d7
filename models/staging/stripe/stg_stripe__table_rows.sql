{#- Rows read from each Stripe table and rows dropped (deleted customers and invoices, draft invoices, credit
    and one-off lines), for the data-quality page (marts/core/rpt_source_layouts). -#}
select
    'billing/customer' as source_table,
    'stg_billing__customers' as staged_as,
    count(*) as rows_read,
    count(case when {{ parse_boolean('is_deleted') }} then 1 end) as rows_dropped,
    'deleted in Stripe' as dropped_because
from {{ source('stripe', 'customer') }}
union all
select
    'billing/invoice', 'stg_billing__invoices', count(*),
    count(case when {{ parse_boolean('is_deleted') }} or {{ parse_enum('status') }} = 'draft' then 1 end),
    'draft or deleted in Stripe'
from {{ source('stripe', 'invoice') }}
union all
select
    'billing/invoice_line_item', 'stg_billing__subscription_periods', count(*),
    count(case when coalesce({{ parse_enum('type') }}, 'subscription') <> 'subscription'
        or {{ parse_money('amount') }} < 0 then 1 end),
    'one-off charges and proration credits (not recurring revenue)'
from {{ source('stripe', 'invoice_line_item') }}
{% for name, staged_as in [('subscription', 'stg_billing__subscription_periods'),
                            ('price', 'stg_billing__subscription_periods'),
                            ('plan', 'stg_billing__subscription_periods'),
                            ('product', 'stg_billing__subscription_periods'),
                            ('coupon', 'stg_billing__subscription_periods'),
                            ('discount', 'stg_billing__subscription_periods')] %}
union all
select 'billing/{{ name }}', '{{ staged_as }}', count(*), 0, cast(null as {{ dbt.type_string() }})
from {{ source('stripe', name) }}
{% endfor %}
