"""The same models on Apache Spark: the sample built with `--target spark` gives the tables and the site that
the DuckDB build gives (README, "Beyond one machine: Spark").

Real Spark (pyspark's local session inside dbt-spark, Java from the machine), real dbt, real MkDocs: the
test runs when Java and pyspark are installed (`make test` installs both) and says why it is skipped when not.
Every table dbt builds (seeds, staging, intermediate, marts) is read back from Spark's Parquet files and
compared with DuckDB's: the same columns, the same number of rows, and the same rows, values of the same
type, doubles equal to 6 decimals.
The site's pages must be byte-identical; the Parquet exports in data/ hold the same rows to 6 decimals (the
last bits of a double may differ between engines, and the pages show far fewer). Plain `dbt build --target
spark` also stops on a value that does not parse, and reads a Parquet extract through a URI.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import REPO_ROOT, BuiltSite, build_from
from tests.spec_from_files import set_cell

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (make test installs a JRE)"),
    pytest.mark.skipif(
        importlib.util.find_spec("pyspark") is None, reason="needs pip install 'tenure[spark]'"
    ),
]

DECIMALS = 6


@pytest.fixture(scope="module")
def spark_build(built_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The site built from the same extract through Spark: (site, work folder). The extract is given as a
    file:/// URI, as s3a://bucket/… would be on a cluster: the spark target is then the default, and Spark
    alone reads the files, for the checks before dbt as for dbt (a local folder through Spark is checked in
    tests/test_spark_validation.py)."""
    root = tmp_path_factory.mktemp("spark")
    site, work = root / "site", root / "work"
    completed = build_from(built_site.extract.resolve().as_uri(), site, work)
    if completed.returncode != 0:
        pytest.fail(f"the Spark build failed ({completed.returncode}):\n{completed.stderr[-6000:]}")
    assert "validate extract (Spark)" in completed.stderr
    assert "dbt build (Apache Spark, target spark, session method)" in completed.stderr
    return site, work


def _run_dir(work: Path) -> Path:
    (run_dir,) = work.glob("run-*")
    return run_dir


def _built_tables(manifest_path: Path) -> dict[str, str]:
    """table → schema of every seed and model dbt built (seeds are in the target schema, which differs)."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return {
        node.get("alias") or node["name"]: node["schema"]
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed") and node["config"].get("materialized") != "ephemeral"
    }


def _sort_key(row: tuple) -> str:
    """Rows in an order both engines' rows share: doubles rounded well below the compared precision, so that
    a last-bit difference does not reorder them."""
    return repr(tuple(round(value, DECIMALS - 2) if isinstance(value, float) else value for value in row))


def _rows(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[list[str], list[tuple]]:
    cursor = con.execute(f"select * from {relation}")
    names = [column[0].lower() for column in cursor.description]
    return names, sorted(cursor.fetchall(), key=_sort_key)


def _same_value(left: Any, right: Any) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        if math.isnan(left) or math.isnan(right):
            return math.isnan(left) and math.isnan(right)
        return math.isclose(left, right, rel_tol=1e-9, abs_tol=10**-DECIMALS)
    if isinstance(left, dt.datetime) and isinstance(right, dt.datetime):
        return left.tzinfo == right.tzinfo and left == right
    return type(left) is type(right) and left == right


def _same_row(left: tuple, right: tuple) -> bool:
    return len(left) == len(right) and all(_same_value(a, b) for a, b in zip(left, right, strict=True))


def _same_rows(left: list[tuple], right: list[tuple]) -> bool:
    return len(left) == len(right) and all(_same_row(a, b) for a, b in zip(left, right, strict=True))


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _parquet_rows(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[list[str], list[tuple]]:
    return _rows(con, f"read_parquet({_sql_path(path)})")


def test_every_table_spark_builds_holds_the_rows_duckdb_builds(
    built_site: BuiltSite, spark_build: tuple[Path, Path]
) -> None:
    duck_run, spark_run = _run_dir(built_site.work), _run_dir(spark_build[1])
    spark_tables = _built_tables(spark_run / "dbt" / "target" / "manifest.json")
    duck_tables = _built_tables(duck_run / "dbt" / "target" / "manifest.json")
    assert sorted(spark_tables) == sorted(duck_tables)
    assert len(duck_tables) > 80
    warehouse = spark_run / "spark-warehouse"
    differences = []
    with duckdb.connect(str(duck_run / "tenure.duckdb"), read_only=True) as con:
        for table, schema in sorted(duck_tables.items()):
            duck_columns, duck_rows = _rows(con, f'"{schema}"."{table}"')
            spark_files = warehouse / f"{spark_tables[table]}.db" / table / "*.parquet"
            spark_columns, spark_rows = _rows(con, f"read_parquet({_sql_path(spark_files)})")
            if spark_columns != duck_columns:
                differences.append(f"{table}: columns {spark_columns} on Spark, {duck_columns} on DuckDB")
            elif len(spark_rows) != len(duck_rows):
                differences.append(f"{table}: {len(spark_rows)} rows on Spark, {len(duck_rows)} on DuckDB")
            elif not _same_rows(spark_rows, duck_rows):
                pairs = enumerate(zip(spark_rows, duck_rows, strict=True))
                first = next(i for i, (a, b) in pairs if not _same_row(a, b))
                differences.append(
                    f"{table}: rows differ: Spark {spark_rows[first]}, DuckDB {duck_rows[first]}"
                )
    assert not differences, "\n".join(differences)


def test_the_site_built_through_spark_is_the_site_built_through_duckdb(
    built_site: BuiltSite, spark_build: tuple[Path, Path]
) -> None:
    spark_site = spark_build[0]
    duck_files = sorted(
        path.relative_to(built_site.site) for path in built_site.site.rglob("*") if path.is_file()
    )
    spark_files = sorted(path.relative_to(spark_site) for path in spark_site.rglob("*") if path.is_file())
    assert spark_files == duck_files
    assert len(duck_files) > 50
    differing, con = [], duckdb.connect()
    for relative in duck_files:
        duck, spark = built_site.site / relative, spark_site / relative
        if duck.read_bytes() == spark.read_bytes():
            continue
        if relative.suffix == ".parquet":
            (duck_columns, duck_rows), (spark_columns, spark_rows) = (
                _parquet_rows(con, duck),
                _parquet_rows(con, spark),
            )
            if duck_columns == spark_columns and _same_rows(duck_rows, spark_rows):
                continue
        differing.append(str(relative))
    assert not differing, f"differ between the DuckDB and the Spark build: {differing[:20]}"


def _dbt_on_spark(
    extract: str, work: Path, *select: str, dbt_vars: str = "{}"
) -> subprocess.CompletedProcess[str]:
    """Plain `dbt build --target spark` of `select` on `extract` (a folder or a URI Spark reads)."""
    env = {
        **os.environ,
        "TENURE_EXTRACT_DIR": extract,
        "TENURE_SPARK_WAREHOUSE": str(work / "spark-warehouse"),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    dbt = str(Path(sys.executable).with_name("dbt"))
    project = ["--project-dir", str(REPO_ROOT), "--profiles-dir", str(REPO_ROOT)]
    return subprocess.run(
        [dbt, "build", "--target", "spark", "--select", *select, "--vars", dbt_vars, *project],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_a_value_that_does_not_parse_stops_the_spark_build_naming_file_column_and_value(
    sample_extract: Path, tmp_path: Path
) -> None:
    # dbt-spark turns ANSI mode off, so a plain cast would turn the bad date into NULL without a word.
    extract = tmp_path / "extract"
    shutil.copytree(sample_extract, extract)
    set_cell(extract, "billing/subscription_periods", 2, "start_date", "2024-13-45")

    completed = _dbt_on_spark(str(extract), tmp_path / "work", "stg_billing__subscription_periods")

    assert completed.returncode == 1
    assert (
        "billing/subscription_periods: column start_date has '2024-13-45', expected a date YYYY-MM-DD"
        in completed.stdout + completed.stderr
    )


def test_spark_reads_a_parquet_extract_through_a_uri(tmp_path: Path) -> None:
    from reports.sample import generate

    extract = tmp_path / "extract"
    generate(extract, accounts=5, seed=3, format="parquet")
    uri = extract.resolve().as_uri()  # file:///…, as s3a://bucket/… would be on a cluster

    completed = _dbt_on_spark(uri, tmp_path / "work", "stg_crm__accounts", "stg_extract__metadata")

    assert completed.returncode == 0, completed.stdout[-3000:]
    accounts = tmp_path / "work" / "spark-warehouse" / "staging.db" / "stg_crm__accounts" / "*.parquet"
    with duckdb.connect() as con:
        [(count,)] = con.execute(f"select count(*) from read_parquet({_sql_path(accounts)})").fetchall()
    assert count == 5


def test_the_fivetran_layouts_build_and_pass_their_tests_on_spark(tmp_path: Path) -> None:
    """Salesforce, Stripe and Zendesk as Fivetran syncs them (the source-layout staging models and what they
    read); the whole site from such an extract is compared with DuckDB's in tests/test_source_layouts.py."""
    from reports.sample import generate

    extract = tmp_path / "extract"
    generate(extract, accounts=8, seed=4, layout="fivetran")
    layouts = "{source_layouts: {crm: salesforce, billing: stripe, support: zendesk}}"
    staging = [
        "+path:models/staging/salesforce",
        "+path:models/staging/stripe",
        "+path:models/staging/zendesk",
    ]

    completed = _dbt_on_spark(str(extract), tmp_path / "work", *staging, dbt_vars=layouts)

    assert completed.returncode == 0, completed.stdout[-3000:]
    assert "ERROR=0" in completed.stdout
    periods = (
        tmp_path
        / "work"
        / "spark-warehouse"
        / "staging.db"
        / "stg_stripe__subscription_periods"
        / "*.parquet"
    )
    with duckdb.connect() as con:
        [(count,)] = con.execute(f"select count(*) from read_parquet({_sql_path(periods)})").fetchall()
    assert count > 8
