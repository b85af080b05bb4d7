{#- Salesforce Contact as the contract's crm contacts: soft-deleted rows dropped; seniority from the field
    var('salesforce').seniority_field names or, without it, guessed from the title (the first rule of seed
    salesforce_seniority_rules whose words the title has; none: individual); champion, sponsor,
    evangelist, referral and the day the contact left from custom fields (none: unknown). -#}
{%- set contact = source('salesforce', 'contact') -%}
{%- set fields = var('salesforce') -%}

with contacts as (
    select * from {{ contact }}
    where not coalesce({{ parse_boolean('is_deleted') }}, false)
),

guessed as (
    select
        {{ parse_id('contacts.id') }} as contact_id,
        rules.seniority,
        row_number() over (partition by contacts.id order by rules.rule_order) as rule_rank
    from contacts
    inner join {{ ref('salesforce_seniority_rules') }} as rules
        on {{ tenure_words('contacts.title') }} like '% ' || rules.pattern || ' %'
)

select
    {{ parse_id('contacts.id') }} as contact_id,
    {{ parse_id('contacts.account_id') }} as account_id,
    {{ parse_text('contacts.name') }} as full_name,
    {{ parse_text('contacts.title') }} as title,
    coalesce(
        {{ parse_enum(tenure_source_column(contact, fields.seniority_field)) }},
        guessed.seniority,
        case when {{ parse_text('contacts.title') }} is not null then 'individual' end
    ) as seniority,
    {{ parse_text('contacts.department') }} as department,
    {{ parse_text('contacts.email') }} as email,
    {{ parse_boolean(tenure_source_column(contact, fields.champion_field)) }} as is_champion,
    {{ parse_boolean(tenure_source_column(contact, fields.customer_sponsor_field)) }} as is_customer_sponsor,
    {{ parse_boolean(tenure_source_column(contact, fields.evangelist_field)) }} as is_evangelist,
    {{ parse_enum(tenure_source_column(contact, fields.referral_mode_field)) }} as referral_mode,
    {{ parse_enum(tenure_source_column(contact, fields.referral_scope_field)) }} as referral_scope,
    {{ parse_timestamp('contacts.created_date') }} as created_at,
    {{ parse_timestamp(tenure_source_column(contact, fields.contact_left_at_field)) }} as left_at
from contacts
left join guessed
    on guessed.contact_id = {{ parse_id('contacts.id') }} and guessed.rule_rank = 1
