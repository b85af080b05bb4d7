with source as (
    select * from {{ source('crm', 'forecast_snapshots') }}
)

select
    {{ parse_date('snapshot_date') }} as snapshot_date,
    {{ parse_id('opportunity_id') }} as opportunity_id,
    {{ parse_enum('forecast_category') }} as forecast_category,
    {{ parse_money('amount') }} as amount
from source
