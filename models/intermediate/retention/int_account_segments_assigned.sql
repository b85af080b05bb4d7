{#- Each revenue account's segment values, one row per account and segment type (long form, so every
    retention mart can group by segment_type, segment_value the same way). Industry, employee band, region
    and CSM are the account's current CRM attributes; plan, tier and ARR band are those of its last month with
    MRR, so a churned account keeps the plan and size it had. Billing customers not linked to the CRM are one
    segment value of their own. The company as a whole is segment_type 'company', value 'all'. -#}
with monthly as (
    select * from {{ ref('fct_account_mrr_monthly') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

last_paid as (
    select account_id, max(month) as last_paid_month
    from monthly
    where mrr > 0
    group by account_id
),

last_paid_arr as (
    select monthly.account_id, monthly.is_unmatched_billing, monthly.arr as last_paid_arr, monthly.month as last_paid_month
    from monthly
    inner join last_paid
        on last_paid.account_id = monthly.account_id
        and last_paid.last_paid_month = monthly.month
),

plan_mrr as (
    select periods.account_id, periods.plan_name, sum(periods.mrr) as mrr
    from {{ ref('int_subscription_periods_converted') }} as periods
    inner join last_paid
        on last_paid.account_id = periods.account_id
        and last_paid.last_paid_month = periods.month
    group by periods.account_id, periods.plan_name
),

last_plan as (
    select account_id, plan_name
    from (
        select
            account_id,
            plan_name,
            row_number() over (partition by account_id order by mrr desc, plan_name) as plan_rank
        from plan_mrr
    ) as ranked
    where plan_rank = 1
),

attributes as (
    select
        revenue.account_id,
        revenue.is_unmatched_billing,
        accounts.industry,
        accounts.employee_band,
        accounts.region,
        accounts.csm_name,
        last_plan.plan_name,
        {{ band_case('revenue.last_paid_arr', var('tiers'), 'min_arr') }} as tier,
        {{ band_case('revenue.last_paid_arr', var('arr_bands'), 'min_arr') }} as arr_band
    from last_paid_arr as revenue
    left join accounts on accounts.account_id = revenue.account_id
    left join last_plan on last_plan.account_id = revenue.account_id
),

labelled as (
    select
        account_id,
        {% for column in ['industry', 'employee_band', 'region', 'csm_name', 'plan_name', 'tier', 'arr_band'] %}
        case
            when is_unmatched_billing then '(unmatched billing)'
            else coalesce({{ column }}, '(unknown)')
        end as {{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from attributes
)

select account_id, 'company' as segment_type, 'all' as segment_value from labelled
{% for segment_type, column in [('industry', 'industry'), ('employee_band', 'employee_band'), ('arr_band', 'arr_band'),
                                 ('region', 'region'), ('csm', 'csm_name'), ('plan', 'plan_name'), ('tier', 'tier')] %}
union all
select account_id, '{{ segment_type }}' as segment_type, {{ column }} as segment_value from labelled
{% endfor %}
