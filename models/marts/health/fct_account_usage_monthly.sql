{#- Usage per account and month as the product reports it, with seat utilization = active_users /
    licensed_seats, for the account page's usage chart. -#}
select
    account_id,
    month,
    licensed_seats,
    active_users,
    case
        when licensed_seats > 0 then cast(active_users as {{ tenure_type_double() }}) / licensed_seats
    end as seat_utilization
from {{ ref('stg_product__usage_monthly') }}
