{#- SOW milestone delivery by responsible party (vendor, customer, joint): milestones due by as_of, how
    many were completed on or before their committed date, late, or are overdue, and the on-time share. -#}
with as_of as (
    select as_of from {{ ref('stg_extract__metadata') }}
)

select
    coalesce(ms.responsible_party, '(unknown)') as responsible_party,
    count(*) as milestones_due,
    cast(sum(case when ms.completed_date <= ms.committed_date then 1 else 0 end) as {{ dbt.type_bigint() }})
        as completed_on_time,
    cast(sum(case when ms.completed_date > ms.committed_date then 1 else 0 end) as {{ dbt.type_bigint() }})
        as completed_late,
    cast(sum(case when ms.completed_date is null then 1 else 0 end) as {{ dbt.type_bigint() }}) as overdue,
    cast(sum(case when ms.completed_date <= ms.committed_date then 1 else 0 end) as {{ tenure_type_double() }})
        / count(*) as on_time_share
from {{ ref('stg_crm__sow_milestones') }} as ms
cross join as_of
where ms.committed_date <= as_of.as_of
group by coalesce(ms.responsible_party, '(unknown)')
