{#
  Fails for every non-NULL value of the column outside [min_value, max_value] (bounds optional; strict when
  inclusive=false). Like dbt_utils.accepted_range, which Tenure does not install.
#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
  {%- set low = '>=' if inclusive else '>' -%}
  {%- set high = '<=' if inclusive else '<' -%}
select {{ column_name }} as out_of_range_value
from {{ model }}
where {{ column_name }} is not null
  and not (
    1 = 1
    {%- if min_value is not none %} and {{ column_name }} {{ low }} {{ min_value }}{% endif %}
    {%- if max_value is not none %} and {{ column_name }} {{ high }} {{ max_value }}{% endif %}
  )
{% endtest %}
