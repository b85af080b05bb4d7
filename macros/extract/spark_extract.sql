{#
  The extract on Apache Spark (profiles.yml target `spark`): the Spark versions of the file steps of
  macros/extract/register_extract_views.sql. The folder may be a local path or any URI Spark reads (s3a://,
  abfss://, dbfs:/ ...); nothing is read onto the driver but the file listing and extract.yml.
  - the listing comes from Spark's binaryFile source without its content column, so no file is read;
  - each file becomes an external table <table>__file (USING csv or parquet, OPTIONS path: dropping it never
    touches the file), and the source relation a view of it with any absent nullable column added as NULL.
    CSV is read as the DuckDB target reads it: header row, comma, RFC 4180 quotes ("" escapes a quote),
    UTF-8, every column as text, quoted line breaks allowed, a malformed record stops the run (FAILFAST).
  A Parquet "file" may be a folder of part files, as Spark itself writes them (crm/accounts.parquet/part-*).
#}

{# Spark string literals take backslash escapes: escape the backslash as well as the quote. #}
{% macro spark__tenure_sql_string(text) %}
  {{ return("'" ~ (text | string | replace("\\", "\\\\") | replace("'", "\\'")) ~ "'") }}
{% endmacro %}


{% macro tenure_spark_path(path) -%}
  `{{ path | replace('`', '``') }}`
{%- endmacro %}


{#
  One listing of the whole folder (binaryFile without its content column reads no file); an extract without
  extract.yml, or a folder with nothing in it, is then a listing without them, as on DuckDB. Paths come back
  as Spark writes them (file:/tmp/x/crm/accounts.csv for /tmp/x, hdfs://namenode:8020/x/... for hdfs:///x):
  each is compared with the folder by its path alone, without scheme and authority (as
  reports/extract_location.py path_in_uri does for the check before dbt).
#}
{% macro spark__tenure_list_extract_files(extract_dir) %}
  {% set found = {} %}
  {% do run_query(
      "create or replace temporary view tenure_extract_listing using binaryFile options (path "
      ~ tenure_sql_string(extract_dir) ~ ", recursiveFileLookup 'true')") %}
  {% set scheme_and_authority = '^[A-Za-z][A-Za-z0-9+.-]+:(//[^/]*)?' %}
  {% set root = modules.re.sub('/+', '/', modules.re.sub(scheme_and_authority, '', extract_dir | replace('\\', '/'))).strip('/') %}
  {% for row in run_query("select path from tenure_extract_listing").rows %}
    {% set path = modules.re.sub('/+', '/', modules.re.sub(scheme_and_authority, '', row[0] | replace('\\', '/'))).strip('/') %}
    {% set parts = path[root | length:].strip('/').split('/') if path.startswith(root) else [] %}
    {% if parts == ['extract.yml'] %}
      {% do found.update({'extract.yml': row[0]}) %}
    {% elif parts | length == 2 %}
      {% do found.update({parts[0] ~ '/' ~ parts[1]: row[0]}) %}
    {% elif parts | length == 3 and parts[1].endswith('.parquet') %}
      {# a folder of part files: crm/accounts.parquet/part-00000-....parquet #}
      {% do found.update({parts[0] ~ '/' ~ parts[1]: row[0][:row[0].rindex('/')]}) %}
    {% endif %}
  {% endfor %}
  {{ return(found) }}
{% endmacro %}


{% macro spark__tenure_create_file_view(relation, path, null_columns=[]) %}
  {% set file_table = relation.incorporate(path={'identifier': relation.identifier ~ '__file'}) %}
  {% if path.endswith('.parquet') %}
    {% set reader = "using parquet options (path " ~ tenure_sql_string(path) ~ ")" %}
  {% else %}
    {% set reader = "using csv options (path " ~ tenure_sql_string(path) ~ ", header 'true', sep ',', "
        ~ "quote '\"', escape '\"', encoding 'UTF-8', multiLine 'true', mode 'FAILFAST', "
        ~ "inferSchema 'false', nullValue '', ignoreLeadingWhiteSpace 'false', ignoreTrailingWhiteSpace 'false')" %}
  {% endif %}
  {% do run_query("drop view if exists " ~ relation) %}
  {% do run_query("drop table if exists " ~ file_table) %}
  {% do run_query("create table " ~ file_table ~ " " ~ reader) %}
  {% do tenure_create_view_over(relation, file_table, null_columns) %}
{% endmacro %}


{% macro spark__tenure_read_text_file(path) %}
  {{ return(run_query(
      "select cast(content as string) from binaryFile." ~ tenure_spark_path(path)).columns[0].values()[0]) }}
{% endmacro %}
