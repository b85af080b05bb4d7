{# Minor units (cents) per major unit of a Stripe currency: 1 for the zero-decimal currencies of seed
   stripe_zero_decimal_currencies, else 100. #}
{% macro stripe_minor_units_per_major(currency) -%}
  (case when lower(trim({{ currency }})) in (select currency from {{ ref('stripe_zero_decimal_currencies') }}) then 1.0 else 100.0 end)
{%- endmacro %}
