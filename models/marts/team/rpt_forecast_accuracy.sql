{#- Forecast accuracy per quarter (int_quarters_listed; the current one so far): the amount forecast as
    commit in the first snapshot taken on or after the quarter's first day (within the quarter) for deals
    closing in the quarter, the amount won by deals closing in the quarter, accuracy = won / commit, and the
    close rate of the committed deals (share of them won by the quarter's end). Also per owner. -#}
with quarters as (
    select * from {{ ref('int_quarters_listed') }}
),

opportunities as (
    select opportunity_id, owner_user_id, stage, close_date, amount from {{ ref('stg_crm__opportunities') }}
),

first_snapshot as (
    select quarters.quarter_start, min(snapshots.snapshot_date) as snapshot_date
    from quarters
    inner join {{ ref('stg_crm__forecast_snapshots') }} as snapshots
        on snapshots.snapshot_date >= quarters.quarter_start and snapshots.snapshot_date <= quarters.quarter_end
    group by quarters.quarter_start
),

committed as (
    select
        quarters.quarter_start,
        opportunities.owner_user_id,
        snapshots.opportunity_id,
        snapshots.amount,
        opportunities.stage = 'closed_won' and opportunities.close_date <= quarters.quarter_end as was_won
    from quarters
    inner join first_snapshot on first_snapshot.quarter_start = quarters.quarter_start
    inner join {{ ref('stg_crm__forecast_snapshots') }} as snapshots
        on snapshots.snapshot_date = first_snapshot.snapshot_date and snapshots.forecast_category = 'commit'
    inner join opportunities
        on opportunities.opportunity_id = snapshots.opportunity_id
        and opportunities.close_date >= quarters.quarter_start
        and opportunities.close_date <= quarters.quarter_end
),

won as (
    select quarters.quarter_start, opportunities.owner_user_id, opportunities.amount
    from quarters
    inner join opportunities
        on opportunities.stage = 'closed_won'
        and opportunities.close_date >= quarters.quarter_start
        and opportunities.close_date <= quarters.quarter_end
),

by_owner as (
    select quarter_start, owner_user_id, sum(amount) as commit_amount, count(*) as committed_deals,
           sum(case when was_won then 1 else 0 end) as committed_deals_won, 0 as won_amount
    from committed
    group by quarter_start, owner_user_id
    union all
    select quarter_start, owner_user_id, 0, 0, 0, sum(amount)
    from won
    group by quarter_start, owner_user_id
),

combined as (
    select
        quarter_start,
        owner_user_id,
        sum(commit_amount) as commit_amount,
        sum(won_amount) as won_amount,
        sum(committed_deals) as committed_deals,
        sum(committed_deals_won) as committed_deals_won
    from by_owner
    group by quarter_start, owner_user_id
    union all
    select
        quarter_start,
        cast(null as {{ dbt.type_string() }}) as owner_user_id,
        sum(commit_amount),
        sum(won_amount),
        sum(committed_deals),
        sum(committed_deals_won)
    from by_owner
    group by quarter_start
)

select
    combined.quarter_start,
    quarters.is_current_quarter,
    first_snapshot.snapshot_date as commit_snapshot_date,
    combined.owner_user_id,
    users.full_name as owner_name,
    round(combined.commit_amount, 2) as commit_amount,
    round(combined.won_amount, 2) as won_amount,
    case when combined.commit_amount > 0 then combined.won_amount / combined.commit_amount end as forecast_accuracy,
    cast(combined.committed_deals as {{ dbt.type_bigint() }}) as committed_deals,
    cast(combined.committed_deals_won as {{ dbt.type_bigint() }}) as committed_deals_won,
    case
        when combined.committed_deals > 0
            then cast(combined.committed_deals_won as {{ tenure_type_double() }}) / combined.committed_deals
    end as commit_close_rate
from combined
inner join quarters on quarters.quarter_start = combined.quarter_start
left join first_snapshot on first_snapshot.quarter_start = combined.quarter_start
left join {{ ref('stg_crm__users') }} as users on users.user_id = combined.owner_user_id
