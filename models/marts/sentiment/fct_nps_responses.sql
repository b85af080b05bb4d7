{#- Every NPS answer with its verbatim comment ("radical transparency": all of them are published), the
    account, the contact's name, title and seniority, and the category (promoter / passive / detractor). -#}
select
    responses.invitation_id,
    responses.account_id,
    accounts.account_name,
    responses.contact_id,
    contacts.full_name as contact_name,
    contacts.title as contact_title,
    contacts.seniority as contact_seniority,
    responses.sent_at,
    responses.responded_at,
    responses.score,
    responses.nps_category,
    responses.comment
from {{ ref('int_nps_responses_classified') }} as responses
left join {{ ref('stg_crm__accounts') }} as accounts on accounts.account_id = responses.account_id
left join {{ ref('stg_crm__contacts') }} as contacts on contacts.contact_id = responses.contact_id
