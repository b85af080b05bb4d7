{#- The declared columns, then every further column of the file as a number under its own name
    (each an adoption measure; intermediate models unpivot them). -#}
{%- set declared = ['account_id', 'month', 'licensed_seats', 'active_users'] -%}
{%- set measures = tenure_extra_columns(source('product', 'usage_monthly'), declared) -%}

with source as (
    select * from {{ source('product', 'usage_monthly') }}
)

select
    {{ parse_id('account_id') }} as account_id,
    {{ parse_date('month') }} as month,
    {{ parse_integer('licensed_seats') }} as licensed_seats,
    {{ parse_integer('active_users') }} as active_users
    {%- for measure in measures %},
    {{ parse_number(adapter.quote(measure)) }} as {{ adapter.quote(measure) }}
    {%- endfor %}
from source
