"""The same models on Apache Spark: the sample built with `--target spark` gives the tables and the site that
the DuckDB build gives (README, "Beyond one machine: Spark").

Real Spark (pyspark's local session inside dbt-spark, Java from the machine), real dbt, real MkDocs: the
test runs when Java and pyspark are installed (`make test` installs both) and says why it is skipped when not.
Every table dbt builds (seeds, staging, intermediate, marts) is read back from Spark's Parquet files and
compared with DuckDB's: the same columns, the same number of rows, and the same rows, doubles to 6 decimals.
The site's pages must be byte-identical; the Parquet exports in data/ hold the same rows to 6 decimals (the
last bits of a double may differ between engines, and the pages show far fewer).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import math
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import SOURCE_DATE_EPOCH, BuiltSite, run_build

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
    """The site built from the same extract through Spark: (site, work folder)."""
    root = tmp_path_factory.mktemp("spark")
    site, work = root / "site", root / "work"
    completed = run_build(
        "--target",
        "spark",
        "--raw",
        str(built_site.extract),
        "--out",
        str(site),
        "--work-dir",
        str(work),
        "--jobs",
        "2",
        env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
    )
    if completed.returncode != 0:
        pytest.fail(f"the Spark build failed ({completed.returncode}):\n{completed.stderr[-6000:]}")
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


def _comparable(value: Any) -> Any:
    if isinstance(value, float):
        return "nan" if math.isnan(value) else round(value, DECIMALS) + 0.0
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def _rows(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[list[str], list[tuple]]:
    cursor = con.execute(f"select * from {relation}")
    names = [column[0].lower() for column in cursor.description]
    rows = [tuple(_comparable(value) for value in row) for row in cursor.fetchall()]
    return names, sorted(rows, key=repr)


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
            elif spark_rows != duck_rows:
                first = next(i for i, (a, b) in enumerate(zip(spark_rows, duck_rows, strict=True)) if a != b)
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
        if relative.suffix == ".parquet" and _parquet_rows(con, duck) == _parquet_rows(con, spark):
            continue
        differing.append(str(relative))
    assert not differing, f"differ between the DuckDB and the Spark build: {differing[:20]}"
