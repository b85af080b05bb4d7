{#- Reference calls per account and quarter (activities of type reference_call), for the quarters of
    int_quarters_listed; more than var reference_fatigue_calls in a quarter is fatigue. is_recent: the
    current or the last full quarter (what the matrix flags). -#}
select
    calls.account_id,
    accounts.account_name,
    quarters.quarter_start,
    quarters.quarters_back <= 1 as is_recent,
    count(*) as reference_calls,
    count(*) > {{ var('reference_fatigue_calls') }} as is_fatigued
from {{ ref('stg_crm__activities') }} as calls
inner join {{ ref('int_quarters_listed') }} as quarters
    on cast(calls.occurred_at as date) >= quarters.quarter_start
    and cast(calls.occurred_at as date) <= quarters.quarter_end
left join {{ ref('stg_crm__accounts') }} as accounts on accounts.account_id = calls.account_id
where calls.activity_type = 'reference_call'
group by calls.account_id, accounts.account_name, quarters.quarter_start, quarters.quarters_back
