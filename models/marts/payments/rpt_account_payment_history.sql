{#- Per account and month of issue, the invoices issued and the average days from issue to payment of those
    paid by as_of: how an account's paying habits move (late payment is a dissatisfaction signal). -#}
select
    account_id,
    cast({{ dbt.date_trunc('month', 'issued_at') }} as date) as issued_month,
    count(*) as invoices_issued,
    round(sum(amount_due_reporting), 2) as amount_due_reporting,
    avg(case when paid_at is not null then {{ dbt.datediff('issued_at', 'paid_at', 'day') }} end) as average_days_to_pay,
    max({{ dbt.datediff('due_date', 'paid_at', 'day') }}) as most_days_paid_late
from {{ ref('int_invoices_converted') }}
where account_id is not null
group by account_id, cast({{ dbt.date_trunc('month', 'issued_at') }} as date)
