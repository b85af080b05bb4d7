{#- Every invoice past due at as_of: issued, past its due date and not paid (an uncollectible invoice stays
    on the list; void ones are not owed), with the amount outstanding in its currency and in the reporting
    currency, and the days past due. -#}
with as_of as (
    select as_of from {{ ref('stg_extract__metadata') }}
)

select
    invoices.invoice_id,
    invoices.account_id,
    invoices.billing_customer_id,
    invoices.issued_at,
    invoices.due_date,
    invoices.status,
    invoices.currency,
    invoices.amount_due,
    -- What was owed at as_of: all of it when the invoice was paid after as_of (an extract taken later).
    case
        when invoices.paid_at >= {{ dbt.dateadd('day', 1, 'as_of.as_of') }} then invoices.amount_due
        else invoices.amount_due - invoices.amount_paid
    end as amount_outstanding,
    case
        when invoices.paid_at >= {{ dbt.dateadd('day', 1, 'as_of.as_of') }} then invoices.amount_due_reporting
        else invoices.amount_outstanding_reporting
    end as amount_outstanding_reporting,
    {{ dbt.datediff('invoices.due_date', 'as_of.as_of', 'day') }} as days_past_due
from {{ ref('int_invoices_converted') }} as invoices
cross join as_of
where invoices.due_date < as_of.as_of
    and invoices.issued_at < {{ dbt.dateadd('day', 1, 'as_of.as_of') }}
    and (
        invoices.paid_at is null and invoices.status <> 'paid'
        or invoices.paid_at >= {{ dbt.dateadd('day', 1, 'as_of.as_of') }}
    )
