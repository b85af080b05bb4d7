{#- The leaderboard, one row per AE (accounts.owner_user_id) and per CSM (accounts.csm_user_id) with a book:
    ARR in book now; over the accounts of the book paying 12 months ago, NRR and GRR (board definition) and
    logo attrition (share no longer paying); accounts at risk now (as ARR at risk counts them: red, or
    declining in the band above, from the risk model fct_account_risks); reference-able accounts; QBR coverage of the last full quarter;
    deals won this quarter (count, amount) and discovery calls logged this quarter by the person; the
    forecast accuracy of their last full quarter; and the book's health mix 12 months ago (starting health
    mix: accounts green / amber / red then), so books can be compared fairly. Books are current owners. -#}
{%- set bands = var('health_bands') | sort(attribute='min_score', reverse=true) | map(attribute='name') | list -%}
{%- set lowest_band = bands[-1] -%}
with as_of as (
    select
        cast({{ dbt.date_trunc('month', 'as_of') }} as date) as as_of_month,
        cast({{ dbt.date_trunc('quarter', 'as_of') }} as date) as current_quarter
    from {{ ref('stg_extract__metadata') }}
),

books as (
    select 'ae' as role, owner_user_id as user_id, account_id, current_arr, tier
    from {{ ref('dim_accounts') }}
    where owner_user_id is not null
    union all
    select 'csm', csm_user_id, account_id, current_arr, tier
    from {{ ref('dim_accounts') }}
    where csm_user_id is not null
),

mrr_now_and_before as (
    select
        books.role,
        books.user_id,
        books.account_id,
        coalesce(now_.mrr, 0) as mrr_now,
        before.mrr as mrr_before
    from books
    cross join as_of
    left join {{ ref('fct_mrr_movements') }} as now_
        on now_.account_id = books.account_id and now_.month = as_of.as_of_month
    left join {{ ref('fct_mrr_movements') }} as before
        on before.account_id = books.account_id
        and before.month = cast({{ dbt.dateadd('month', -12, 'as_of.as_of_month') }} as date)
),

retention as (
    select
        role,
        user_id,
        round(sum(case when mrr_before > 0 then mrr_now end), 2) as retained_mrr,
        round(sum(case when mrr_before > 0 then {{ gross_retained_mrr('mrr_now', 'mrr_before') }} end), 2) as gross_retained_mrr,
        round(sum(case when mrr_before > 0 then mrr_before end), 2) as base_mrr,
        sum(case when mrr_before > 0 then 1 else 0 end) as base_accounts,
        sum(case when mrr_before > 0 and mrr_now = 0 then 1 else 0 end) as lost_accounts
    from mrr_now_and_before
    group by role, user_id
),

health_before as (
    select health.account_id, health.health_band
    from {{ ref('fct_account_health_monthly') }} as health
    cross join as_of
    where health.month = cast({{ dbt.dateadd('month', -12, 'as_of.as_of_month') }} as date)
),

{% set declining_band = (var('health_bands') | sort(attribute='min_score') | map(attribute='name') | list)[1:2] | first | default(lowest_band) %}
at_risk as (
    select distinct account_id
    from {{ ref('fct_account_risks') }}
    where risk_reason = 'red_health'
        or (risk_reason = 'declining_health' and measure_text = {{ tenure_sql_string(declining_band) }})
),

references_now as (
    select account_id, is_referenceable from {{ ref('rpt_reference_matrix') }}
),

qbr as (
    select account_id, is_qbr_required, qbrs_last_quarter > 0 as had_qbr_last_quarter
    from {{ ref('rpt_qbr_status') }}
),

book_facts as (
    select
        books.role,
        books.user_id,
        count(*) as accounts,
        sum(case when books.current_arr > 0 then 1 else 0 end) as paying_accounts,
        round(sum(books.current_arr), 2) as arr_in_book,
        sum(
            case
                when at_risk.account_id is not null
                    then 1 else 0
            end
        ) as accounts_at_risk,
        sum(case when coalesce(references_now.is_referenceable, false) then 1 else 0 end) as referenceable_accounts,
        sum(case when qbr.is_qbr_required then 1 else 0 end) as qbr_required_accounts,
        sum(case when qbr.is_qbr_required and qbr.had_qbr_last_quarter then 1 else 0 end) as qbr_held_accounts,
        {%- for band in bands %}
        sum(case when health_before.health_band = {{ tenure_sql_string(band) }} then 1 else 0 end) as starting_{{ band }},
        {%- endfor %}
        sum(case when health_before.health_band is null then 1 else 0 end) as starting_unscored
    from books
    left join health_before on health_before.account_id = books.account_id
    left join at_risk on at_risk.account_id = books.account_id
    left join references_now on references_now.account_id = books.account_id
    left join qbr on qbr.account_id = books.account_id
    group by books.role, books.user_id
),

deals as (
    select
        opportunities.owner_user_id as user_id,
        count(*) as deals_won_this_quarter,
        round(sum(opportunities.amount), 2) as amount_won_this_quarter
    from {{ ref('stg_crm__opportunities') }} as opportunities
    cross join as_of
    where opportunities.stage = 'closed_won' and opportunities.close_date >= as_of.current_quarter
    group by opportunities.owner_user_id
),

discovery as (
    select activities.owner_user_id as user_id, count(*) as discovery_calls_this_quarter
    from {{ ref('stg_crm__activities') }} as activities
    cross join as_of
    where activities.activity_type = 'discovery_call' and activities.occurred_at >= as_of.current_quarter
    group by activities.owner_user_id
),

accuracy as (
    select forecast.owner_user_id as user_id, forecast.forecast_accuracy
    from {{ ref('rpt_forecast_accuracy') }} as forecast
    inner join {{ ref('int_quarters_listed') }} as quarters
        on quarters.quarter_start = forecast.quarter_start and quarters.quarters_back = 1
    where forecast.owner_user_id is not null
)

select
    book_facts.role,
    book_facts.user_id,
    users.full_name,
    book_facts.accounts,
    cast(book_facts.paying_accounts as {{ dbt.type_bigint() }}) as paying_accounts,
    book_facts.arr_in_book,
    {{ retention_rate('retention.retained_mrr', 'retention.base_mrr') }} as nrr_t12,
    {{ retention_rate('retention.gross_retained_mrr', 'retention.base_mrr') }} as grr_t12,
    case
        when retention.base_accounts > 0
            then cast(retention.lost_accounts as {{ tenure_type_double() }}) / retention.base_accounts
    end as logo_attrition_t12,
    cast(book_facts.accounts_at_risk as {{ dbt.type_bigint() }}) as accounts_at_risk,
    cast(book_facts.referenceable_accounts as {{ dbt.type_bigint() }}) as referenceable_accounts,
    case
        when book_facts.qbr_required_accounts > 0
            then cast(book_facts.qbr_held_accounts as {{ tenure_type_double() }}) / book_facts.qbr_required_accounts
    end as qbr_coverage_last_quarter,
    coalesce(deals.deals_won_this_quarter, 0) as deals_won_this_quarter,
    coalesce(deals.amount_won_this_quarter, 0) as amount_won_this_quarter,
    coalesce(discovery.discovery_calls_this_quarter, 0) as discovery_calls_this_quarter,
    accuracy.forecast_accuracy as forecast_accuracy_last_quarter,
    {%- for band in bands %}
    cast(book_facts.starting_{{ band }} as {{ dbt.type_bigint() }}) as starting_{{ band }},
    {%- endfor %}
    cast(book_facts.starting_unscored as {{ dbt.type_bigint() }}) as starting_unscored
from book_facts
left join retention on retention.role = book_facts.role and retention.user_id = book_facts.user_id
left join {{ ref('stg_crm__users') }} as users on users.user_id = book_facts.user_id
left join deals on deals.user_id = book_facts.user_id
left join discovery on discovery.user_id = book_facts.user_id
left join accuracy on accuracy.user_id = book_facts.user_id
