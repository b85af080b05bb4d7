{#
  Expose an extract folder to dbt (run as on-run-start, see dbt_project.yml).

  For every enabled source table but the `extract` metadata (the systems crm, billing, ..., and the source
  layouts that var('source_layouts') enables, whose files are in the folder of their meta.system) it creates
  the view raw_<source>.<table> over <extract_dir>/<folder>/<table>.csv or .parquet:
  - CSV is read with every column as VARCHAR (header row, comma, RFC 4180 double-quote quoting, UTF-8): the
    staging models parse and cast each column, so a bad value fails there with a message naming the column;
  - a missing optional table (source table `meta: {required: false}`) becomes an empty view with the
    declared columns, so downstream models run and the pages say "no data";
  - a missing required table, a table present as both .csv and .parquet, or a file missing a declared
    column stops the run with one message that names the folder, the files and the columns expected.
  It also creates raw_extract.metadata (one row: as_of, reporting_currency, as_of_origin) from extract.yml,
  overridden by var('as_of') / var('reporting_currency') when they are not null.

  Reading files is engine-specific: each step that lists, reads or describes files dispatches to a DuckDB
  version (glob, read_csv, read_parquet, read_text) and a Spark version (binaryFile, tables USING csv or
  parquet over the files), in this file and macros/extract/spark_extract.sql; the models only see ordinary
  relations through source().
#}

{% macro register_extract_views() %}
  {% if not execute %}
    {{ return('') }}
  {% endif %}

  {% set extract_dir = (var('extract_dir') | string).rstrip('/') %}
  {% if extract_dir | trim == '' %}
    {{ exceptions.raise_compiler_error("No extract folder: set TENURE_EXTRACT_DIR (or var extract_dir).") }}
  {% endif %}

  {% set present = tenure_list_extract_files(extract_dir) %}
  {% if present | length == 0 %}
    {{ exceptions.raise_compiler_error(
        "Extract folder '" ~ extract_dir ~ "' does not exist or is empty: expected extract.yml and the "
        ~ "folders crm/, billing/, support/, product/, surveys/ (see the README, section Your own extracts).") }}
  {% endif %}

  {% set problems = [] %}
  {% set registered = [] %}
  {# Contract tables another layout stands in for (sources with meta.system, enabled by var source_layouts):
     their views are empty, and their files are not looked for. #}
  {% set replaced = [] %}
  {% for node in graph.sources.values() if (node.source_meta or {}).get('system') %}
    {% for name in node.source_meta.get('replaces', []) %}
      {% do replaced.append(node.source_meta.system ~ '/' ~ name) %}
    {% endfor %}
  {% endfor %}
  {% for node in graph.sources.values()
        | selectattr('source_name', 'ne', 'extract')
        | sort(attribute='unique_id') %}
    {% set system = (node.source_meta or {}).get('system') or node.source_name %}
    {% set folder = system ~ '/' ~ node.name %}
    {% set files = [] %}
    {% for extension in ['csv', 'parquet'] %}
      {% if (folder ~ '.' ~ extension) in present %}
        {% do files.append(present[folder ~ '.' ~ extension]) %}
      {% endif %}
    {% endfor %}
    {% set relation = api.Relation.create(database=node.database, schema=node.schema, identifier=node.identifier) %}
    {% set declared = node.columns.keys() | list %}
    {% do adapter.create_schema(relation) %}

    {% if folder in replaced %}
      {% do tenure_create_empty_view(relation, declared) %}
    {% elif files | length > 1 %}
      {% do problems.append(folder ~ ": both " ~ folder ~ ".csv and " ~ folder ~ ".parquet exist; keep one") %}
    {% elif files | length == 1 %}
      {% do tenure_create_file_view(relation, files[0]) %}
      {% do registered.append({'relation': relation, 'file': files[0], 'label': folder, 'declared': declared}) %}
    {% elif tenure_source_table_required(node) %}
      {% do problems.append(
          folder ~ ": required table missing: expected " ~ folder ~ ".csv or " ~ folder ~ ".parquet") %}
    {% else %}
      {% do tenure_create_empty_view(relation, declared) %}
    {% endif %}
  {% endfor %}

  {% do problems.extend(tenure_missing_columns(registered)) %}
  {% if problems %}
    {{ exceptions.raise_compiler_error(
        "The extract in '" ~ extract_dir ~ "' does not match the data contract (models/staging/*/_*__sources.yml):\n  - "
        ~ (problems | join("\n  - "))) }}
  {% endif %}

  {% do tenure_register_metadata_view(extract_dir, present) %}
  {{ return('') }}
{% endmacro %}


{# Files under <dir>/<source>/ and <dir>/extract.yml, as {'crm/accounts.csv': '<full path>', ...}. #}
{% macro tenure_list_extract_files(extract_dir) %}
  {{ return(adapter.dispatch('tenure_list_extract_files')(extract_dir)) }}
{% endmacro %}

{% macro default__tenure_list_extract_files(extract_dir) %}
  {{ exceptions.raise_compiler_error(
      "Tenure reads extract files on DuckDB and Spark; this warehouse (" ~ target.type ~ ") is not supported.") }}
{% endmacro %}

{% macro duckdb__tenure_list_extract_files(extract_dir) %}
  {% set found = {} %}
  {% for row in run_query("select file from glob(" ~ tenure_sql_string(extract_dir ~ '/*/*') ~ ")").rows %}
    {% set parts = (row[0] | replace('\\', '/')).split('/') %}
    {% do found.update({parts[-2] ~ '/' ~ parts[-1]: row[0]}) %}
  {% endfor %}
  {% for row in run_query("select file from glob(" ~ tenure_sql_string(extract_dir ~ '/extract.yml') ~ ")").rows %}
    {% do found.update({'extract.yml': row[0]}) %}
  {% endfor %}
  {{ return(found) }}
{% endmacro %}


{% macro tenure_source_table_required(node) %}
  {% set meta = node.meta or {} %}
  {% set config_meta = (node.config.get('meta') if node.config is mapping else none) or {} %}
  {% set required = config_meta.get('required', meta.get('required', true)) %}
  {{ return(required not in [false, 'false', 'no', 0]) }}
{% endmacro %}


{# SQL string literal: single quotes doubled (standard SQL and DuckDB have no backslash escapes). #}
{% macro tenure_sql_string(text) %}
  {{ return(adapter.dispatch('tenure_sql_string')(text)) }}
{% endmacro %}
{% macro default__tenure_sql_string(text) %}
  {{ return("'" ~ (text | string | replace("'", "''")) ~ "'") }}
{% endmacro %}


{% macro tenure_sql_string_list(texts) %}
  {% set literals = [] %}
  {% for text in texts %}
    {% do literals.append(tenure_sql_string(text)) %}
  {% endfor %}
  {{ return(literals | join(', ')) }}
{% endmacro %}


{# Make `relation` a view of the extract file at `path`, with `null_columns` added as empty text. #}
{% macro tenure_create_file_view(relation, path, null_columns=[]) %}
  {{ return(adapter.dispatch('tenure_create_file_view')(relation, path, null_columns)) }}
{% endmacro %}

{% macro duckdb__tenure_create_file_view(relation, path, null_columns=[]) %}
  {% if path.endswith('.parquet') %}
    {% set reader = "read_parquet(" ~ tenure_sql_string(path) ~ ")" %}
  {% else %}
    {# Dialect fixed rather than sniffed: comma, RFC 4180 quotes ("" escapes a quote), header row, UTF-8.
       all_varchar: staging parses every column itself. An empty cell (quoted or not) is NULL. #}
    {% set reader = "read_csv(" ~ tenure_sql_string(path) ~ ", header = true, all_varchar = true, "
        ~ "delim = ',', quote = '\"', escape = '\"', encoding = 'utf-8', strict_mode = true, "
        ~ "null_padding = false, normalize_names = false, filename = false, max_line_size = "
        ~ var('csv_max_line_bytes') ~ ", buffer_size = " ~ 2 * var('csv_max_line_bytes') ~ ")" %}
  {% endif %}
  {% do tenure_create_view_over(relation, reader, null_columns) %}
{% endmacro %}


{# Make `relation` a view of every column of `from_sql`, and `null_columns` as empty text (portable SQL). #}
{% macro tenure_create_view_over(relation, from_sql, null_columns=[]) %}
  {% set selected = ['*'] + tenure_null_text_columns(null_columns) %}
  {% do run_query("create or replace view " ~ relation ~ " as select " ~ (selected | join(", ")) ~ " from " ~ from_sql) %}
{% endmacro %}


{# `cast(null as <text>) as <column>` for each column. #}
{% macro tenure_null_text_columns(columns) %}
  {% set selected = [] %}
  {% for column in columns %}
    {% do selected.append("cast(null as " ~ dbt.type_string() ~ ") as " ~ adapter.quote(column)) %}
  {% endfor %}
  {{ return(selected) }}
{% endmacro %}


{# Make `relation` an empty view with the declared columns, as text (portable SQL). #}
{% macro tenure_create_empty_view(relation, columns) %}
  {% do run_query("create or replace view " ~ relation ~ " as select "
      ~ (tenure_null_text_columns(columns) | join(", ")) ~ " where 1 = 0") %}
{% endmacro %}


{#
  One query for every registered view: declared columns the file does not have. A missing nullable column
  (one without a not_null test in the sources YAML) is added to the view as NULL, with a line in the log; a
  missing required one is a problem.
#}
{% macro tenure_missing_columns(registered) %}
  {% set problems = [] %}
  {% if registered | length == 0 %}
    {{ return(problems) }}
  {% endif %}
  {% set required = tenure_required_source_columns() %}
  {% set have = tenure_columns_of_relations(registered | map(attribute='relation') | list) %}
  {% for entry in registered %}
    {% set columns = have.get(tenure_relation_key(entry.relation), []) %}
    {% set missing_required, missing_nullable = [], [] %}
    {% for column in entry.declared if column | lower not in columns %}
      {% if column in required.get(entry.label, []) %}
        {% do missing_required.append(column) %}
      {% else %}
        {% do missing_nullable.append(column) %}
      {% endif %}
    {% endfor %}
    {% if missing_required %}
      {% do problems.append(entry.file ~ ": missing required column(s) " ~ (missing_required | join(', '))
          ~ " (found: " ~ (columns | join(', ')) ~ ")") %}
    {% elif missing_nullable %}
      {{ log(entry.file ~ ": no column " ~ (missing_nullable | join(', ')) ~ "; read as empty", info=true) }}
      {% do tenure_create_file_view(entry.relation, entry.file, missing_nullable) %}
    {% endif %}
  {% endfor %}
  {{ return(problems) }}
{% endmacro %}


{# The columns (lower case) of each relation, keyed by tenure_relation_key. #}
{% macro tenure_columns_of_relations(relations) %}
  {{ return(adapter.dispatch('tenure_columns_of_relations')(relations)) }}
{% endmacro %}

{% macro tenure_relation_key(relation) %}
  {{ return(((relation.database or '') ~ '.' ~ relation.schema ~ '.' ~ relation.identifier) | lower) }}
{% endmacro %}

{% macro default__tenure_columns_of_relations(relations) %}
  {% set have = {} %}
  {% for relation in relations %}
    {% do have.update({tenure_relation_key(relation):
        adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list}) %}
  {% endfor %}
  {{ return(have) }}
{% endmacro %}

{# DuckDB: one query of information_schema for all of them. #}
{% macro duckdb__tenure_columns_of_relations(relations) %}
  {% set listing = run_query(
      "select table_catalog, table_schema, table_name, column_name from information_schema.columns"
      ~ " where table_catalog in (" ~ tenure_sql_string_list(relations | map(attribute='database') | unique) ~ ")"
      ~ " and table_schema in (" ~ tenure_sql_string_list(relations | map(attribute='schema') | unique) ~ ")") %}
  {% set have = {} %}
  {% for row in listing.rows %}
    {% do have.setdefault((row[0] ~ '.' ~ row[1] ~ '.' ~ row[2]) | lower, []).append(row[3] | lower) %}
  {% endfor %}
  {{ return(have) }}
{% endmacro %}


{# {'crm/accounts': ['account_id', ...]}: the source columns with a not_null test, which a file must have. #}
{% macro tenure_required_source_columns() %}
  {% set required = {} %}
  {% for node in graph.nodes.values() if node.resource_type == 'test' and node.test_metadata %}
    {% if node.test_metadata.name == 'not_null' and node.column_name and node.sources | length == 1 %}
      {% set source = node.sources[0] %}
      {% do required.setdefault(source[0] ~ '/' ~ source[1], []).append(node.column_name) %}
    {% endif %}
  {% endfor %}
  {{ return(required) }}
{% endmacro %}


{#
  raw_extract.metadata: one row with the extract's as_of (YYYY-MM-DD text) and reporting_currency, and where
  as_of came from ('var', 'extract.yml' or 'default: today UTC'). Order of precedence: var (when not null),
  extract.yml, default (as_of = today in UTC, reporting_currency = USD).
#}
{% macro tenure_register_metadata_view(extract_dir, present) %}
  {% set settings = {} %}
  {% if 'extract.yml' in present %}
    {% set text = tenure_read_text_file(present['extract.yml']) %}
    {% set parsed = fromyaml(text) if (text or '') | trim else {} %}
    {% if parsed is not mapping %}
      {{ exceptions.raise_compiler_error(
          present['extract.yml'] ~ ": not a YAML mapping; expected lines like `as_of: 2026-06-30` and "
          ~ "`reporting_currency: USD`") }}
    {% endif %}
    {% do settings.update(parsed) %}
  {% endif %}

  {% if var('as_of', none) is not none %}
    {% set as_of, origin = var('as_of') | string, var('as_of_origin', none) or 'var as_of' %}
  {% elif settings.get('as_of') is not none %}
    {% set as_of, origin = settings['as_of'] | string, 'extract.yml' %}
  {% else %}
    {% set as_of = run_started_at.strftime('%Y-%m-%d') %}
    {% set origin = 'default (today, UTC)' %}
  {% endif %}
  {% if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', as_of | trim) %}
    {{ exceptions.raise_compiler_error(
        "as_of '" ~ as_of ~ "' (from " ~ origin ~ ") is not a date: expected YYYY-MM-DD, e.g. 2026-06-30") }}
  {% endif %}

  {% set currency = var('reporting_currency', none) %}
  {% if currency is none %}
    {% set currency = settings.get('reporting_currency') or 'USD' %}
  {% endif %}
  {% set currency = currency | string | trim | upper %}
  {% if not modules.re.match('^[A-Z]{3}$', currency) %}
    {{ exceptions.raise_compiler_error(
        "reporting_currency '" ~ currency ~ "' is not a 3-letter ISO 4217 code (e.g. USD, EUR)") }}
  {% endif %}

  {% set node = graph.sources.values() | selectattr('source_name', 'equalto', 'extract')
      | selectattr('name', 'equalto', 'metadata') | first %}
  {% set relation = api.Relation.create(database=node.database, schema=node.schema, identifier=node.identifier) %}
  {% do adapter.create_schema(relation) %}
  {% do run_query(
      "create or replace view " ~ relation ~ " as select "
      ~ tenure_sql_string(as_of | trim) ~ " as as_of, "
      ~ tenure_sql_string(currency) ~ " as reporting_currency, "
      ~ tenure_sql_string(origin) ~ " as as_of_origin") %}
{% endmacro %}


{# The whole text of a (small) file. #}
{% macro tenure_read_text_file(path) %}
  {{ return(adapter.dispatch('tenure_read_text_file')(path)) }}
{% endmacro %}
{% macro duckdb__tenure_read_text_file(path) %}
  {{ return(run_query("select content from read_text(" ~ tenure_sql_string(path) ~ ")").columns[0].values()[0]) }}
{% endmacro %}
