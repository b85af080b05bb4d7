with source as (
    select * from {{ source('crm', 'value_plans') }}
)

select
    {{ parse_id('item_id') }} as item_id,
    {{ parse_id('account_id') }} as account_id,
    upper({{ parse_text('quarter') }}) as quarter,
    {{ parse_text('objective') }} as objective,
    {{ parse_text('tactic') }} as tactic,
    {{ parse_text('success_metric') }} as success_metric,
    {{ parse_number('baseline_value') }} as baseline_value,
    {{ parse_number('target_value') }} as target_value,
    {{ parse_number('actual_value') }} as actual_value,
    {{ parse_text('unit') }} as unit,
    {{ parse_enum('status') }} as status,
    {{ parse_id('owner_user_id') }} as owner_user_id,
    {{ parse_timestamp('agreed_at') }} as agreed_at,
    {{ parse_date('due_date') }} as due_date,
    {{ parse_timestamp('updated_at') }} as updated_at
from source
