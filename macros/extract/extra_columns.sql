{#
  Columns of `relation` beyond the declared ones (case-insensitive), in file order: e.g. the "any number of
  further numeric columns" of product/usage_monthly. Read from the warehouse at run time, so it needs the
  relation to exist (on-run-start has created it); at parse time it is empty.
#}
{% macro tenure_extra_columns(relation, declared) %}
  {% if not execute %}
    {{ return([]) }}
  {% endif %}
  {% set known = declared | map('lower') | list %}
  {% set extra = [] %}
  {% for column in adapter.get_columns_in_relation(relation) if column.name | lower not in known %}
    {% do extra.append(column.name) %}
  {% endfor %}
  {{ return(extra) }}
{% endmacro %}
