{#- Payment signals of each customer month, on the day the month is measured on: invoices issued by then,
    past their due date and not paid by then (an invoice marked paid without a paid time counts as paid;
    uncollectible ones stay unpaid) — count, amount outstanding and the worst days past due — and the
    average days from issue to payment of the invoices paid in the trailing 12 months. Point in time: an
    invoice paid after that day was past due, for all it owed, on that day. -#}
with customer_months as (
    select account_id, month, measured_on from {{ ref('int_customer_months_listed') }}
),

invoices as (
    select * from {{ ref('int_invoices_converted') }} where account_id is not null
),

on_day as (
    select
        customer_months.account_id,
        customer_months.month,
        invoices.invoice_id,
        -- What was owed on the day: all of it when the invoice was paid after that day (its outstanding
        -- amount today is what is still owed now, not then).
        case
            when invoices.paid_at >= {{ dbt.dateadd('day', 1, 'customer_months.measured_on') }}
                then invoices.amount_due_reporting
            else invoices.amount_outstanding_reporting
        end as amount_outstanding_reporting,
        invoices.due_date < customer_months.measured_on
        and (
            invoices.paid_at is null and invoices.status <> 'paid'
            or invoices.paid_at >= {{ dbt.dateadd('day', 1, 'customer_months.measured_on') }}
        ) as is_past_due,
        {{ dbt.datediff('invoices.due_date', 'customer_months.measured_on', 'day') }} as days_past_due,
        case
            when invoices.paid_at < {{ dbt.dateadd('day', 1, 'customer_months.measured_on') }}
                and invoices.paid_at >= {{ dbt.dateadd('month', -12, dbt.dateadd('day', 1, 'customer_months.measured_on')) }}
                then {{ dbt.datediff('invoices.issued_at', 'invoices.paid_at', 'day') }}
        end as days_to_pay
    from customer_months
    inner join invoices
        on invoices.account_id = customer_months.account_id
        and invoices.issued_at < {{ dbt.dateadd('day', 1, 'customer_months.measured_on') }}
),

summarised as (
    select
        account_id,
        month,
        count(*) as invoices_issued,
        sum(case when is_past_due then 1 else 0 end) as past_due_invoices,
        sum(case when is_past_due then amount_outstanding_reporting else 0 end) as past_due_amount,
        max(case when is_past_due then days_past_due end) as worst_days_past_due,
        avg(days_to_pay) as average_days_to_pay
    from on_day
    group by account_id, month
)

select
    customer_months.account_id,
    customer_months.month,
    coalesce(summarised.invoices_issued, 0) as invoices_issued,
    coalesce(summarised.past_due_invoices, 0) as past_due_invoices,
    round(coalesce(summarised.past_due_amount, 0), 2) as past_due_amount,
    coalesce(summarised.worst_days_past_due, 0) as worst_days_past_due,
    summarised.average_days_to_pay
from customer_months
left join summarised
    on summarised.account_id = customer_months.account_id
    and summarised.month = customer_months.month
