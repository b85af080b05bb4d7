{#- Value delivered at each customer month: of the account's value-plan items due in the trailing
    var value_window_months months
    (due by the day the month is measured on), the share achieved by then (status achieved, updated by that
    day). No item due: no data (the health score leaves the component out). -#}
with customer_months as (
    select account_id, month, measured_on from {{ ref('int_customer_months_listed') }}
),

items as (
    select * from {{ ref('stg_crm__value_plans') }} where due_date is not null
),

summarised as (
    select
        customer_months.account_id,
        customer_months.month,
        count(*) as value_items_due,
        sum(
            case
                when items.status = 'achieved'
                    and (items.updated_at is null or items.updated_at < {{ dbt.dateadd('day', 1, 'customer_months.measured_on') }})
                    then 1 else 0
            end
        ) as value_items_achieved
    from customer_months
    inner join items
        on items.account_id = customer_months.account_id
        and items.due_date <= customer_months.measured_on
        and items.due_date > {{ dbt.dateadd('month', -var('value_window_months'), 'customer_months.measured_on') }}
    group by customer_months.account_id, customer_months.month
)

select
    customer_months.account_id,
    customer_months.month,
    coalesce(summarised.value_items_due, 0) as value_items_due,
    coalesce(summarised.value_items_achieved, 0) as value_items_achieved,
    case
        when summarised.value_items_due > 0
            then cast(summarised.value_items_achieved as {{ tenure_type_double() }}) / summarised.value_items_due
    end as value_achieved_share
from customer_months
left join summarised
    on summarised.account_id = customer_months.account_id
    and summarised.month = customer_months.month
