{# The columns of a Salesforce Task or Event as the contract's activities, soft-deleted rows dropped: the two
   halves of models/staging/salesforce/stg_salesforce__activities.sql. `occurred_at` is the object's time
   column; `fields` is var('salesforce'). #}
{%- macro salesforce_activities(relation, occurred_at, fields) -%}
    select
        {{ parse_id('id') }} as activity_id,
        {{ parse_id('account_id') }} as account_id,
        lower(trim({{ parse_text('type') }})) as salesforce_type,
        {{ parse_timestamp(occurred_at) }} as occurred_at,
        {{ parse_text('subject') }} as subject,
        {{ parse_id('owner_id') }} as owner_user_id,
        {{ parse_id_list(tenure_source_column(relation, fields.internal_attendees_field)) }} as internal_attendee_user_ids,
        {{ parse_id_list(tenure_source_column(relation, fields.customer_attendees_field)) }} as customer_attendee_contact_ids,
        {{ parse_boolean(tenure_source_column(relation, fields.materials_shared_field)) }} as materials_shared,
        {{ parse_text(tenure_source_column(relation, fields.competitor_mentioned_field)) }} as competitor_mentioned,
        {{ parse_text('description') }} as notes
    from {{ relation }}
    where not coalesce({{ parse_boolean('is_deleted') }}, false)
{%- endmacro %}
