{#- The account-months the signals and the health score are computed for: every CRM account in every month
    in which it pays (MRR > 0), with the day the month is measured on (its last day, or as_of for the
    month of as_of). Unmatched billing customers have no CRM record to score and are left out. -#}
select
    mrr.account_id,
    mrr.month,
    mrr.measured_on,
    mrr.arr,
    calendar.is_as_of_month
from {{ ref('fct_account_mrr_monthly') }} as mrr
inner join {{ ref('int_calendar_months') }} as calendar on calendar.month = mrr.month
where mrr.mrr > 0 and not mrr.is_unmatched_billing
