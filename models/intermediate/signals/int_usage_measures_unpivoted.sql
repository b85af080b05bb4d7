{#- The further numeric columns of product/usage_monthly (adoption measures beyond seats and active users),
    one row per account, month and measure. Which columns exist is read from the staged table, so an extract
    can bring any measure; a sticky driver (var sticky_drivers) names one of them. -#}
{%- set usage = ref('stg_product__usage_monthly') -%}
{%- set measures = tenure_extra_columns(usage, ['account_id', 'month', 'licensed_seats', 'active_users']) -%}
{%- if measures %}
{%- for measure in measures %}
select
    account_id,
    month,
    {{ tenure_sql_string(measure) }} as measure,
    cast({{ adapter.quote(measure) }} as {{ tenure_type_double() }}) as measure_value
from {{ usage }}
where {{ adapter.quote(measure) }} is not null
{{ "union all" if not loop.last }}
{%- endfor %}
{%- else %}
select
    account_id,
    month,
    cast(null as {{ dbt.type_string() }}) as measure,
    cast(null as {{ tenure_type_double() }}) as measure_value
from {{ usage }}
where 1 = 0
{%- endif %}
