{#- Evangelists: active contacts (not left by as_of) marked is_evangelist, with their account, how they
    refer (unprompted / prompted) and how far (external / internal). -#}
select
    contacts.contact_id,
    contacts.account_id,
    accounts.account_name,
    contacts.full_name,
    contacts.title,
    contacts.seniority,
    coalesce(contacts.referral_mode, 'none') as referral_mode,
    coalesce(contacts.referral_scope, 'none') as referral_scope
from {{ ref('dim_contacts') }} as contacts
left join {{ ref('dim_accounts') }} as accounts on accounts.account_id = contacts.account_id
where contacts.is_evangelist and contacts.is_active
