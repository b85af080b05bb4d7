{#- Every QBR and executive visit with its account, quarter, owner, attendance and whether it was
    meaningful (see int_qbrs_classified). -#}
select
    qbrs.activity_id,
    qbrs.account_id,
    accounts.account_name,
    qbrs.activity_type,
    qbrs.occurred_at,
    qbrs.quarter_start,
    qbrs.owner_user_id,
    owners.full_name as owner_name,
    qbrs.subject,
    qbrs.notes,
    qbrs.materials_shared,
    cast(qbrs.customer_attendees as {{ dbt.type_bigint() }}) as customer_attendees,
    cast(qbrs.internal_attendees as {{ dbt.type_bigint() }}) as internal_attendees,
    qbrs.has_exec_attendee,
    qbrs.has_ceo_attendee,
    qbrs.has_senior_customer_attendee,
    qbrs.is_meaningful
from {{ ref('int_qbrs_classified') }} as qbrs
left join {{ ref('dim_accounts') }} as accounts on accounts.account_id = qbrs.account_id
left join {{ ref('stg_crm__users') }} as owners on owners.user_id = qbrs.owner_user_id
