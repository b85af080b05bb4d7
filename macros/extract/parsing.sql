{#
  Parsing macros for the staging models: each turns one raw extract column (VARCHAR from CSV, or whatever
  type a Parquet file carries) into its typed value, following the conventions of the data contract (README, "Your own extracts"):
  - an empty cell is NULL (surrounding blanks are trimmed first);
  - a value that does not parse stops the build with a message naming the extract file, the column, the
    value and what was expected (DuckDB: error() inside the model, see tenure_parse_error), instead of
    silently becoming NULL.
  Types: ids, id lists and text are VARCHAR; dates DATE; timestamps TIMESTAMP in UTC; integers BIGINT;
  numbers and money DOUBLE (see parse_money for why not DECIMAL); booleans BOOLEAN.
#}

{# Raw value as trimmed text, NULL when empty. #}
{% macro tenure_raw_text(column) -%}
  nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), '')
{%- endmacro %}

{# 'crm/accounts' for the staging model stg_crm__accounts: where the value came from, for error messages. #}
{% macro tenure_extract_label() -%}
  {%- set name = model.name if model is defined and model.name is defined else this.identifier -%}
  {%- if name.startswith('stg_') and '__' in name -%}
    {{ return(name[4:].replace('__', '/', 1)) }}
  {%- else -%}
    {{ return(name) }}
  {%- endif -%}
{%- endmacro %}

{# NULL instead of an error when the value does not convert. dbt.safe_cast is a plain CAST on DuckDB. #}
{% macro tenure_try_cast(expression, data_type) -%}
  {{ return(adapter.dispatch('tenure_try_cast')(expression, data_type)) }}
{%- endmacro %}
{% macro default__tenure_try_cast(expression, data_type) -%}
  {{ return(dbt.safe_cast(expression, data_type)) }}
{%- endmacro %}
{% macro duckdb__tenure_try_cast(expression, data_type) -%}
  try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}
{#
  Spark's cast takes more than DuckDB's: '2024' and '2026-03-04T10:00' as a date, '1.5d' as a number. Only
  what DuckDB reads is cast here (a date is YYYY-M-D, a timestamp starts with one, a number is decimal or
  scientific notation, NaN or infinity); anything else is NULL, and so a parse error.
#}
{% macro spark__tenure_try_cast(expression, data_type) -%}
  {%- set kind = data_type | lower -%}
  {%- if kind == 'date' -%}
    case when {{ expression }} rlike '{{ tenure_spark_date_pattern() }}$' then try_cast({{ expression }} as date) end
  {%- elif kind.startswith('timestamp') -%}
    case when {{ expression }} rlike '{{ tenure_spark_date_pattern() }}([T ]|$)' then try_cast({{ expression }} as {{ data_type }}) end
  {%- elif kind in ('double', 'float', 'double precision') -%}
    case
      when {{ expression }} rlike '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
        or lower({{ expression }}) in ('nan', 'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity')
        then try_cast({{ expression }} as {{ data_type }})
    end
  {%- else -%}
    try_cast({{ expression }} as {{ data_type }})
  {%- endif -%}
{%- endmacro %}
{% macro tenure_spark_date_pattern() -%}^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}{%- endmacro %}

{% macro tenure_type_double() -%}
  {{ return(adapter.dispatch('tenure_type_double')()) }}
{%- endmacro %}
{% macro default__tenure_type_double() -%}double precision{%- endmacro %}
{% macro duckdb__tenure_type_double() -%}double{%- endmacro %}
{% macro spark__tenure_type_double() -%}double{%- endmacro %}

{#
  A value of type `data_type` that aborts the query with a readable message when evaluated. Only ever used
  in the ELSE branch of a CASE, so it fires for the first unparseable value only.
#}
{% macro tenure_parse_error(column, raw_sql, expected, data_type) -%}
  {{ return(adapter.dispatch('tenure_parse_error')(column, raw_sql, expected, data_type)) }}
{%- endmacro %}

{% macro duckdb__tenure_parse_error(column, raw_sql, expected, data_type) -%}
  {%- set prefix = tenure_extract_label() ~ ": column " ~ column ~ " has '" -%}
  {%- set suffix = "', expected " ~ expected -%}
  cast(error({{ tenure_sql_string(prefix) }} || substr({{ raw_sql }}, 1, 200) || {{ tenure_sql_string(suffix) }}) as {{ data_type }})
{%- endmacro %}

{# Spark: raise_error(); dbt-spark turns ANSI mode off, so a plain cast would make a bad value NULL. #}
{% macro spark__tenure_parse_error(column, raw_sql, expected, data_type) -%}
  {%- set prefix = tenure_extract_label() ~ ": column " ~ column ~ " has '" -%}
  {%- set suffix = "', expected " ~ expected -%}
  cast(raise_error(concat({{ tenure_sql_string(prefix) }}, substr({{ raw_sql }}, 1, 200), {{ tenure_sql_string(suffix) }})) as {{ data_type }})
{%- endmacro %}

{# Other warehouses: a strict cast, so the database itself refuses the value (its own message). #}
{% macro default__tenure_parse_error(column, raw_sql, expected, data_type) -%}
  cast({{ raw_sql }} as {{ data_type }})
{%- endmacro %}


{% macro parse_id(column) -%}
  {{ tenure_raw_text(column) }}
{%- endmacro %}

{# A ';'-separated list of ids, kept as text (later models split it). #}
{% macro parse_id_list(column) -%}
  {{ tenure_raw_text(column) }}
{%- endmacro %}

{% macro parse_text(column) -%}
  {{ tenure_raw_text(column) }}
{%- endmacro %}

{# Enumerations compare lower-case and trimmed: 'Closed_Won ' is closed_won. Tests check the allowed values. #}
{% macro parse_enum(column) -%}
  lower({{ tenure_raw_text(column) }})
{%- endmacro %}

{# ISO 4217 codes, upper-case. #}
{% macro parse_currency(column) -%}
  upper({{ tenure_raw_text(column) }})
{%- endmacro %}

{# true/false, 1/0, yes/no (also t/f, y/n), any case. #}
{% macro parse_boolean(column) -%}
  {%- set raw = tenure_raw_text(column) -%}
  case
    when {{ raw }} is null then null
    when lower({{ raw }}) in ('true', '1', 'yes', 't', 'y') then true
    when lower({{ raw }}) in ('false', '0', 'no', 'f', 'n') then false
    else {{ tenure_parse_error(column, raw, 'a boolean (true/false, 1/0 or yes/no)', dbt.type_boolean()) }}
  end
{%- endmacro %}

{# YYYY-MM-DD. #}
{% macro parse_date(column) -%}
  {%- set raw = tenure_raw_text(column) -%}
  {%- set parsed = tenure_try_cast(raw, 'date') -%}
  case
    when {{ raw }} is null then null
    when {{ parsed }} is not null then {{ parsed }}
    else {{ tenure_parse_error(column, raw, 'a date YYYY-MM-DD', 'date') }}
  end
{%- endmacro %}

{# ISO 8601 date-time, as a TIMESTAMP in UTC: an offset (Z, +02:00, -0500) is applied; none means UTC. #}
{% macro parse_timestamp(column) -%}
  {{ return(adapter.dispatch('parse_timestamp')(column)) }}
{%- endmacro %}

{% macro default__parse_timestamp(column) -%}
  {%- set raw = tenure_raw_text(column) -%}
  {%- set parsed = tenure_try_cast(raw, api.Column.translate_type('timestamp')) -%}
  case
    when {{ raw }} is null then null
    when {{ parsed }} is not null then {{ parsed }}
    else {{ tenure_parse_error(column, raw, 'an ISO 8601 timestamp', api.Column.translate_type('timestamp')) }}
  end
{%- endmacro %}

{#
  DuckDB's cast to TIMESTAMP ignores a UTC offset, so a value with an offset goes through TIMESTAMPTZ and is
  converted to UTC explicitly (independent of the session time zone); a value without one is UTC as written.
#}
{% macro duckdb__parse_timestamp(column) -%}
  {%- set raw = tenure_raw_text(column) -%}
  {%- set has_offset = "regexp_matches(" ~ raw ~ ", '[T ][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?\\s*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')" -%}
  {%- set parsed -%}
    case when {{ has_offset }} then timezone('UTC', try_cast({{ raw }} as timestamptz)) else try_cast({{ raw }} as timestamp) end
  {%- endset -%}
  case
    when {{ raw }} is null then null
    when {{ parsed }} is not null then {{ parsed }}
    else {{ tenure_parse_error(column, raw, 'an ISO 8601 timestamp (e.g. 2026-06-30T14:05:00Z)', 'timestamp') }}
  end
{%- endmacro %}

{#
  Spark: a value with an offset is read as an instant (TIMESTAMP_LTZ) and written out as the UTC wall-clock
  time (TIMESTAMP_NTZ, the `timestamp` of the spark target, profiles.yml), whatever the session time zone.
#}
{% macro spark__parse_timestamp(column) -%}
  {%- set raw = tenure_raw_text(column) -%}
  {%- set has_offset = "(" ~ raw ~ " rlike '[T ][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\\\\.[0-9]+)?)?\\\\s*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')" -%}
  {%- set parsed -%}
    case when {{ has_offset }} then to_utc_timestamp({{ tenure_try_cast(raw, 'timestamp_ltz') }}, current_timezone()) else {{ tenure_try_cast(raw, 'timestamp_ntz') }} end
  {%- endset -%}
  case
    when {{ raw }} is null then null
    when {{ parsed }} is not null then cast({{ parsed }} as timestamp_ntz)
    else {{ tenure_parse_error(column, raw, 'an ISO 8601 timestamp (e.g. 2026-06-30T14:05:00Z)', 'timestamp_ntz') }}
  end
{%- endmacro %}

{#
  Numbers (counts, rates, percentages): DOUBLE. Plain decimal notation with '.'; no thousands separators or
  currency symbols.
#}
{% macro parse_number(column) -%}
  {%- set raw = tenure_raw_text(column) -%}
  {%- set parsed = tenure_try_cast(raw, tenure_type_double()) -%}
  case
    when {{ raw }} is null then null
    when {{ parsed }} is not null then {{ parsed }}
    else {{ tenure_parse_error(column, raw, 'a number like 1234.5 (no thousands separator or currency sign)', tenure_type_double()) }}
  end
{%- endmacro %}

{#
  Money in major units: DOUBLE, like parse_number. Not DECIMAL(18,2): unit prices can carry fractions of a
  cent, and every revenue figure is then divided by billing_period_months and multiplied by an FX rate, so
  the results are not exact cents anyway; sums agree to float precision (~1e-9 of the total) and the site
  rounds for display. Keeps downstream arithmetic and the Python readers on plain floats.
#}
{% macro parse_money(column) -%}
  {{ parse_number(column) }}
{%- endmacro %}

{# Whole numbers (employee counts, seats, months, scores): BIGINT; 12.5 is refused, 12.0 is 12. #}
{% macro parse_integer(column) -%}
  {%- set raw = tenure_raw_text(column) -%}
  {%- set parsed = tenure_try_cast(raw, tenure_type_double()) -%}
  case
    when {{ raw }} is null then null
    when {{ parsed }} is not null and {{ parsed }} = floor({{ parsed }}) then cast({{ parsed }} as {{ dbt.type_bigint() }})
    else {{ tenure_parse_error(column, raw, 'a whole number', dbt.type_bigint()) }}
  end
{%- endmacro %}
