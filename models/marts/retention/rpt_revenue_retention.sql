{#- Revenue and logo retention per month, for the company and every segment.
    Trailing 12 months (board definition), over the accounts with MRR > 0 twelve months earlier (an account
    with no row then did not exist yet: MRR 0, not in the base):
      NRR = Σ MRR(m) / Σ MRR(m−12);  GRR = Σ min(MRR(m), MRR(m−12)) / Σ MRR(m−12);
      annual logo retention = share of those accounts with MRR > 0 at m.
    Monthly, movement-based (ChartMogul style), over the MRR at the start of the month:
      NRR_month = (start + expansion − contraction − churn) / start; GRR_month = (start − contraction − churn) / start;
      logo churn rate = accounts churned in m / accounts with MRR > 0 at the end of m−1.
    Every rate is NULL when its base is zero. Sums are rounded to the cent before dividing: a floating-point
    sum depends on the order DuckDB's threads add the rows, and the same extract must give the same site. -#}
with movements as (
    select * from {{ ref('fct_mrr_movements') }}
),

segments as (
    select * from {{ ref('int_account_segments_assigned') }}
),

bridge as (
    select * from {{ ref('rpt_mrr_bridge') }}
),

year_ago as (
    select
        segments.segment_type,
        segments.segment_value,
        now_.month,
        round(sum(now_.mrr), 2) as retained_mrr_t12,
        round(sum({{ gross_retained_mrr('now_.mrr', 'before.mrr') }}), 2) as gross_retained_mrr_t12,
        round(sum(before.mrr), 2) as base_mrr_t12,
        count(*) as base_accounts_t12,
        sum(case when now_.mrr > 0 then 1 else 0 end) as retained_accounts_t12
    from movements as now_
    inner join movements as before
        on before.account_id = now_.account_id
        and before.month = {{ dbt.dateadd('month', -12, 'now_.month') }}
        and before.mrr > 0
    inner join segments on segments.account_id = now_.account_id
    group by segments.segment_type, segments.segment_value, now_.month
)

select
    bridge.segment_type,
    bridge.segment_value,
    bridge.month,
    {{ retention_rate('year_ago.retained_mrr_t12', 'year_ago.base_mrr_t12') }} as nrr_t12,
    {{ retention_rate('year_ago.gross_retained_mrr_t12', 'year_ago.base_mrr_t12') }} as grr_t12,
    coalesce(year_ago.base_accounts_t12, 0) as base_accounts_t12,
    round(coalesce(year_ago.base_mrr_t12, 0), 2) as base_mrr_t12,
    case
        when year_ago.base_accounts_t12 > 0
            then cast(year_ago.retained_accounts_t12 as {{ tenure_type_double() }}) / year_ago.base_accounts_t12
    end as annual_logo_retention,
    case
        when bridge.starting_mrr > 0
            then (bridge.starting_mrr + bridge.expansion_mrr - bridge.contraction_mrr - bridge.churn_mrr)
                / bridge.starting_mrr
    end as nrr_month,
    case
        when bridge.starting_mrr > 0
            then (bridge.starting_mrr - bridge.contraction_mrr - bridge.churn_mrr) / bridge.starting_mrr
    end as grr_month,
    case
        when bridge.starting_accounts > 0
            then cast(bridge.churned_accounts as {{ tenure_type_double() }}) / bridge.starting_accounts
    end as logo_churn_rate,
    cast(bridge.starting_accounts as {{ dbt.type_bigint() }}) as starting_accounts,
    cast(bridge.churned_accounts as {{ dbt.type_bigint() }}) as churned_accounts
from bridge
left join year_ago
    on year_ago.segment_type = bridge.segment_type
    and year_ago.segment_value = bridge.segment_value
    and year_ago.month = bridge.month
