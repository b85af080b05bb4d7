{#- Churn reasons ranked by the ARR lost, over the churn retrospectives (last var churn_retrospective_months
    months): accounts, ARR lost, and the competitors named. -#}
select
    loss_reason,
    count(*) as churned_accounts,
    round(sum(arr_lost), 2) as arr_lost,
    {{ dbt.listagg('distinct competitor', "', '", 'order by competitor') }} as competitors,
    cast(row_number() over (order by sum(arr_lost) desc, loss_reason) as {{ dbt.type_bigint() }}) as reason_rank
from {{ ref('rpt_churn_retrospectives') }}
group by loss_reason
