{#- The crm system in another layout reads through that layout's adapter (models/staging/<layout>/). -#}
{% if var('source_layouts')['crm'] == 'salesforce' %}
select * from {{ ref('stg_salesforce__accounts') }}
{% else %}
with source as (
    select * from {{ source('crm', 'accounts') }}
)

select
    {{ parse_id('account_id') }} as account_id,
    coalesce({{ parse_text('account_name') }}, {{ parse_id('account_id') }}) as account_name,
    {{ parse_text('industry') }} as industry,
    {{ parse_integer('employee_count') }} as employee_count,
    {{ parse_text('region') }} as region,
    {{ parse_id('owner_user_id') }} as owner_user_id,
    {{ parse_id('csm_user_id') }} as csm_user_id,
    {{ parse_id('exec_sponsor_user_id') }} as exec_sponsor_user_id,
    {{ parse_id('parent_account_id') }} as parent_account_id,
    {{ parse_timestamp('created_at') }} as created_at
from source
{% endif %}
