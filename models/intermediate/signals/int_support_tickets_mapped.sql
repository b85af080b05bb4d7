{#- Support tickets with the CRM account of their organization (organizations.external_id), the hours to
    first response and to resolution, and whether the priority counts as an escalation
    (var escalation_priorities). Tickets of organizations that do not link to an account have no account_id
    (they are counted on the data-quality page). -#}
with tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

organizations as (
    select * from {{ ref('stg_support__organizations') }}
),

accounts as (
    select account_id from {{ ref('stg_crm__accounts') }}
)

select
    tickets.ticket_id,
    accounts.account_id,
    tickets.organization_id,
    tickets.created_at,
    tickets.first_response_at,
    tickets.solved_at,
    tickets.status,
    tickets.priority,
    tickets.ticket_type,
    tickets.topic,
    tickets.satisfaction,
    tickets.channel,
    tickets.priority in ({{ tenure_sql_string_list(var('escalation_priorities')) }}) as is_escalation,
    {{ dbt.datediff('tickets.created_at', 'tickets.first_response_at', 'minute') }} / 60 as first_response_hours,
    {{ dbt.datediff('tickets.created_at', 'tickets.solved_at', 'minute') }} / 60 as resolution_hours,
    tickets.status in ('solved', 'closed') as is_solved_now
from tickets
left join organizations on organizations.organization_id = tickets.organization_id
left join accounts on accounts.account_id = organizations.external_id
