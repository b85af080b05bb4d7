{#- Salesforce User as the contract's crm users: the Tenure role from the field var('salesforce').role_field
    names or, without it, from the name of the user's role by the first matching rule of seed
    salesforce_role_rules; users deleted at the source dropped. -#}
{%- set user = source('salesforce', 'user') -%}
{%- set fields = var('salesforce') -%}

with users as (
    select * from {{ user }}
    where not coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
),

roles as (
    select {{ parse_id('id') }} as user_role_id, lower({{ parse_text('name') }}) as role_name
    from {{ source('salesforce', 'user_role') }}
    where not coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
),

matched as (
    select
        roles.user_role_id,
        rules.role,
        row_number() over (partition by roles.user_role_id order by rules.rule_order) as rule_rank
    from roles
    inner join {{ ref('salesforce_role_rules') }} as rules
        on roles.role_name like '%' || rules.pattern || '%'
)

select
    {{ parse_id('users.id') }} as user_id,
    {{ parse_text('users.name') }} as full_name,
    coalesce({{ parse_enum(tenure_source_column(user, fields.role_field)) }}, matched.role) as role,
    {{ parse_text('users.title') }} as title,
    {{ parse_id('users.manager_id') }} as manager_user_id,
    {{ parse_boolean('users.is_active') }} as is_active
from users
left join matched
    on matched.user_role_id = {{ parse_id('users.user_role_id') }} and matched.rule_rank = 1
