{#
  The SQL condition a value of a staging column must meet under the data contract: the enumeration or range
  declared on its source column (see tests/dbt/generic/matches_contract.sql). Read from the graph at run time;
  `true` while parsing.
#}
{% macro tenure_contract_rule(model_name, column_name) %}
  {% if not execute %}
    {{ return('true') }}
  {% endif %}
  {% set source_name, table_name = model_name[4:].split('__', 1) %}
  {% set node = graph.sources.get('source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name) %}
  {% set column = node.columns.get(column_name) if node else none %}
  {% if column is none %}
    {{ exceptions.raise_compiler_error(
        "matches_contract on " ~ model_name ~ "." ~ column_name ~ ": no source column " ~ source_name ~ "."
        ~ table_name ~ "." ~ column_name ~ " declares its values") }}
  {% endif %}
  {% set meta = column.config.get('meta') or column.meta or {} %}
  {% set rules = [] %}
  {% if meta.get('values') %}
    {% do rules.append(column_name ~ " in (" ~ tenure_sql_string_list(meta['values']) ~ ")") %}
  {% endif %}
  {% if meta.get('min') is not none %}
    {% do rules.append(column_name ~ (" > " if meta.get('min_exclusive') else " >= ") ~ meta['min']) %}
  {% endif %}
  {% if meta.get('max') is not none %}
    {% do rules.append(column_name ~ " <= " ~ meta['max']) %}
  {% endif %}
  {% if not rules %}
    {{ exceptions.raise_compiler_error(
        "matches_contract on " ~ model_name ~ "." ~ column_name ~ ": the source column declares no values or range") }}
  {% endif %}
  {{ return(rules | join(' and ')) }}
{% endmacro %}
