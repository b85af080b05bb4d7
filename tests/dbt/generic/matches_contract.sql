{#
  Fails for every non-NULL value of a staging column that the data contract does not allow: the enumeration
  (`config.meta.values`) or range (`min`, `max`, `min_exclusive`) declared on the source column it is parsed
  from, in models/staging/<source>/_<source>__sources.yml, the contract's one declaration. The staging model
  stg_<source>__<table> is staged from source(<source>, <table>), column for column.
#}
{% test matches_contract(model, column_name) %}
select {{ column_name }} as value_outside_the_contract
from {{ model }}
where {{ column_name }} is not null
  and not ({{ tenure_contract_rule(model.identifier, column_name) }})
{% endtest %}
