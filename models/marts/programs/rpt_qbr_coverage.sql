{#- QBR cadence compliance per quarter (the current one, so far, and var qbr_history_quarters before it),
    tier and owner (the account's CSM, who runs the QBR with the AE): the paying accounts whose tier
    requires QBRs, how many held one that quarter, how many a meaningful one, and the coverage shares.
    Point in time: an account counts in a quarter when it paid at the quarter's end (at as_of for the
    current quarter), with the tier its ARR then gave it (var tiers) and that tier's cadence (var
    qbr_cadence), so a past quarter does not change when an account churns or grows later. The CSM is the
    account's current one (the extract keeps no history of CSM assignments). Rows with owner NULL are the
    tier's total. -#}
{%- set required_tiers = [] -%}
{%- for tier, cadence in var('qbr_cadence').items() if cadence.qbrs_per_quarter > 0 -%}
  {%- do required_tiers.append(tier) -%}
{%- endfor %}
with as_of as (
    select as_of from {{ ref('stg_extract__metadata') }}
),

quarters as (
    select
        quarters.*,
        cast({{ dbt.date_trunc('month', 'case when quarters.quarter_end < as_of.as_of then quarters.quarter_end else as_of.as_of end') }} as date) as end_month
    from {{ ref('int_quarters_listed') }} as quarters
    cross join as_of
),

accounts as (
    select account_id, coalesce(csm_name, '(no CSM)') as csm_name from {{ ref('dim_accounts') }}
),

paying_then as (
    select
        quarters.quarter_start,
        revenue.account_id,
        {{ band_case('revenue.mrr * 12', var('tiers'), 'min_arr') }} as tier
    from quarters
    inner join {{ ref('fct_account_mrr_monthly') }} as revenue on revenue.month = quarters.end_month
    where revenue.mrr > 0
),

status as (
    select paying_then.quarter_start, paying_then.account_id, paying_then.tier, accounts.csm_name
    from paying_then
    inner join accounts on accounts.account_id = paying_then.account_id
    where paying_then.tier in ({{ tenure_sql_string_list(required_tiers) if required_tiers else "''" }})
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
        status.csm_name as owner_name,
        held.qbrs is not null as has_qbr,
        coalesce(held.any_meaningful, false) as has_meaningful_qbr
    from status
    inner join quarters on quarters.quarter_start = status.quarter_start
    left join held on held.account_id = status.account_id and held.quarter_start = quarters.quarter_start
),

by_owner as (
    select
        quarter_start,
        is_current_quarter,
        tier,
        owner_name,
        count(*) as accounts_required,
        cast(sum(case when has_qbr then 1 else 0 end) as {{ dbt.type_bigint() }}) as accounts_with_qbr,
        cast(sum(case when has_meaningful_qbr then 1 else 0 end) as {{ dbt.type_bigint() }})
            as accounts_with_meaningful_qbr
    from account_quarters
    group by quarter_start, is_current_quarter, tier, owner_name
),

by_tier as (
    select
        quarter_start,
        is_current_quarter,
        tier,
        cast(null as {{ dbt.type_string() }}) as owner_name,
        cast(sum(accounts_required) as {{ dbt.type_bigint() }}) as accounts_required,
        cast(sum(accounts_with_qbr) as {{ dbt.type_bigint() }}) as accounts_with_qbr,
        cast(sum(accounts_with_meaningful_qbr) as {{ dbt.type_bigint() }}) as accounts_with_meaningful_qbr
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
