with source as (
    select * from {{ source('crm', 'sow_milestones') }}
)

select
    {{ parse_id('milestone_id') }} as milestone_id,
    {{ parse_id('account_id') }} as account_id,
    {{ parse_id('opportunity_id') }} as opportunity_id,
    {{ parse_text('milestone_name') }} as milestone_name,
    {{ parse_enum('responsible_party') }} as responsible_party,
    {{ parse_date('committed_date') }} as committed_date,
    {{ parse_date('completed_date') }} as completed_date,
    {{ parse_boolean('is_value_milestone') }} as is_value_milestone
from source
