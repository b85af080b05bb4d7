with source as (
    select * from {{ source('extract', 'metadata') }}
)

select
    {{ parse_date('as_of') }} as as_of,
    {{ parse_currency('reporting_currency') }} as reporting_currency,
    {{ parse_text('as_of_origin') }} as as_of_origin
from source
