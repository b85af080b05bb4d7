{#- Every pilot: won pilots convert when the account wins a new_business deal within
    var pilot_conversion_days days after the pilot's close (days to convert); a won pilot whose window is
    still open and not converted is pending; open pilots are in flight; lost pilots are lost. -#}
with as_of as (
    select as_of from {{ ref('stg_extract__metadata') }}
),

pilots as (
    select * from {{ ref('stg_crm__opportunities') }} where opportunity_type = 'pilot'
),

conversions as (
    select
        pilots.opportunity_id,
        min(deals.close_date) as converted_on
    from pilots
    inner join {{ ref('stg_crm__opportunities') }} as deals
        on deals.account_id = pilots.account_id
        and deals.opportunity_type = 'new_business'
        and deals.stage = 'closed_won'
        and deals.close_date >= pilots.close_date
        and deals.close_date <= {{ dbt.dateadd('day', var('pilot_conversion_days'), 'pilots.close_date') }}
    cross join as_of
    where pilots.stage = 'closed_won' and deals.close_date <= as_of.as_of
    group by pilots.opportunity_id
)

select
    pilots.opportunity_id,
    pilots.account_id,
    accounts.account_name,
    pilots.stage,
    pilots.created_at,
    pilots.close_date,
    pilots.amount,
    pilots.currency,
    conversions.converted_on,
    {{ dbt.datediff('pilots.close_date', 'conversions.converted_on', 'day') }} as days_to_convert,
    case
        when pilots.stage = 'closed_lost' then 'lost'
        when pilots.stage <> 'closed_won' then 'in_flight'
        when conversions.converted_on is not null then 'converted'
        when {{ dbt.dateadd('day', var('pilot_conversion_days'), 'pilots.close_date') }} >= as_of.as_of then 'pending'
        else 'not_converted'
    end as pilot_status
from pilots
cross join as_of
left join conversions on conversions.opportunity_id = pilots.opportunity_id
left join {{ ref('dim_accounts') }} as accounts on accounts.account_id = pilots.account_id
