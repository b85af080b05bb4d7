with source as (
    select * from {{ source('billing', 'fx_rates') }}
)

select
    {{ parse_currency('currency') }} as currency,
    {{ parse_date('month') }} as month,
    {{ parse_number('rate_to_reporting') }} as rate_to_reporting
from source
