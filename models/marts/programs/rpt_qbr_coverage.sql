{#- QBR cadence compliance per quarter (the current one, so far, and var qbr_history_quarters before it),
    tier and owner (the account's CSM, who runs the QBR with the AE): the paying accounts whose tier
    requires QBRs, how many held one that quarter, how many a meaningful one, and the coverage shares.
    Tier and CSM are the accounts' current ones. Rows with owner NULL are the tier's total. -#}
with status as (
    select account_id, tier, csm_name from {{ ref('rpt_qbr_status') }} where is_qbr_required
),

quarters as (
    select * from {{ ref('int_quarters_listed') }}
),

held as (
    select
        account_id,
        quarter_start,
        count(*) as qbrs,
        {{ dbt.bool_or('is_meaningful') }} as any_meaningful
    from {{ ref('int_qbrs_classified') }}
    where activity_type = 'qbr'
    group by account_id, quarter_start
),

account_quarters as (
    select
        quarters.quarter_start,
        quarters.is_current_quarter,
        status.tier,
        coalesce(status.csm_name, '(no CSM)') as owner_name,
        held.qbrs is not null as has_qbr,
        coalesce(held.any_meaningful, false) as has_meaningful_qbr
    from status
    cross join quarters
    left join held on held.account_id = status.account_id and held.quarter_start = quarters.quarter_start
),

by_owner as (
    select
        quarter_start,
        is_current_quarter,
        tier,
        owner_name,
        count(*) as accounts_required,
        sum(case when has_qbr then 1 else 0 end) as accounts_with_qbr,
        sum(case when has_meaningful_qbr then 1 else 0 end) as accounts_with_meaningful_qbr
    from account_quarters
    group by quarter_start, is_current_quarter, tier, owner_name
),

by_tier as (
    select
        quarter_start,
        is_current_quarter,
        tier,
        cast(null as {{ dbt.type_string() }}) as owner_name,
        sum(accounts_required) as accounts_required,
        sum(accounts_with_qbr) as accounts_with_qbr,
        sum(accounts_with_meaningful_qbr) as accounts_with_meaningful_qbr
    from by_owner
    group by quarter_start, is_current_quarter, tier
)

select
    *,
    cast(accounts_with_qbr as {{ tenure_type_double() }}) / accounts_required as qbr_coverage,
    cast(accounts_with_meaningful_qbr as {{ tenure_type_double() }}) / accounts_required as meaningful_coverage
from (
    select * from by_owner
    union all
    select * from by_tier
) as combined
