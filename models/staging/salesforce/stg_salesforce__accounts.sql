{#- Salesforce Account as the contract's crm accounts (see _salesforce__sources.yml): soft-deleted rows
    dropped; the CSM, executive sponsor and region from the custom fields var('salesforce') names, the region
    from the billing country when there is no region field. -#}
{%- set account = source('salesforce', 'account') -%}
{%- set fields = var('salesforce') -%}

with account as (
    select * from {{ account }}
    where not coalesce({{ parse_boolean('is_deleted') }}, false)
),

regions as (
    select lower(trim(country)) as country, min(region) as region
    from {{ ref('salesforce_country_regions') }}
    group by 1
)

select
    {{ parse_id('id') }} as account_id,
    coalesce({{ parse_text('name') }}, {{ parse_id('id') }}) as account_name,
    {{ parse_text('industry') }} as industry,
    {{ parse_integer('number_of_employees') }} as employee_count,
    coalesce(
        {{ parse_text(tenure_source_column(account, fields.region_field)) }}, regions.region
    ) as region,
    {{ parse_id('owner_id') }} as owner_user_id,
    {{ parse_id(tenure_source_column(account, fields.csm_field)) }} as csm_user_id,
    {{ parse_id(tenure_source_column(account, fields.exec_sponsor_field)) }} as exec_sponsor_user_id,
    {{ parse_id('parent_id') }} as parent_account_id,
    {{ parse_timestamp('created_date') }} as created_at
from account
left join regions on regions.country = lower(trim(account.billing_country))
