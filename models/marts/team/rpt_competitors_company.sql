{#- Competitors company-wide over the last var competitor_window_months months: accounts where each appears,
    mentions, and the current ARR of those accounts (what is exposed to it). -#}
select
    competitor_key,
    max(competitor_name) as competitor_name,
    count(*) as accounts,
    cast(sum(mentions) as {{ dbt.type_bigint() }}) as mentions,
    round(sum(account_arr), 2) as arr_of_accounts,
    max(last_mentioned_at) as last_mentioned_at
from {{ ref('rpt_competitors') }}
group by competitor_key
