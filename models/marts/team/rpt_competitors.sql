{#- Competitors per account in the last var competitor_window_months months before as_of: named as an
    opportunity's primary competitor (by its creation or close) or mentioned in an activity. Grouped on
    the trimmed lower-case name; shown with the most used spelling. -#}
with as_of as (
    select as_of from {{ ref('stg_extract__metadata') }}
),

mentions as (
    select account_id, primary_competitor as competitor, coalesce(cast(close_date as timestamp), created_at) as mentioned_at, 'opportunity' as source
    from {{ ref('stg_crm__opportunities') }}
    where primary_competitor is not null
    union all
    select account_id, competitor_mentioned, occurred_at, 'activity'
    from {{ ref('stg_crm__activities') }}
    where competitor_mentioned is not null
),

recent as (
    select
        mentions.account_id,
        lower(trim(mentions.competitor)) as competitor_key,
        trim(mentions.competitor) as competitor,
        mentions.mentioned_at,
        mentions.source
    from mentions
    cross join as_of
    where mentions.mentioned_at < {{ dbt.dateadd('day', 1, 'as_of.as_of') }}
        and mentions.mentioned_at >= {{ dbt.dateadd('month', -var('competitor_window_months'), dbt.dateadd('day', 1, 'as_of.as_of')) }}
        and trim(mentions.competitor) <> ''
),

spelling as (
    select competitor_key, competitor as competitor_name
    from (
        select
            competitor_key,
            competitor,
            row_number() over (partition by competitor_key order by count(*) desc, competitor) as preference
        from recent
        group by competitor_key, competitor
    ) as ranked
    where preference = 1
)

select
    recent.account_id,
    accounts.account_name,
    recent.competitor_key,
    spelling.competitor_name,
    count(*) as mentions,
    cast(sum(case when recent.source = 'opportunity' then 1 else 0 end) as {{ dbt.type_bigint() }})
        as opportunity_mentions,
    cast(sum(case when recent.source = 'activity' then 1 else 0 end) as {{ dbt.type_bigint() }}) as activity_mentions,
    max(recent.mentioned_at) as last_mentioned_at,
    coalesce(max(accounts.current_arr), 0) as account_arr
from recent
inner join spelling on spelling.competitor_key = recent.competitor_key
left join {{ ref('dim_accounts') }} as accounts on accounts.account_id = recent.account_id
group by recent.account_id, accounts.account_name, recent.competitor_key, spelling.competitor_name
