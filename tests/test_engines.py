"""Choosing the engine that builds the marts (reports/engines.py) and reading Spark's Parquet marts back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from reports.cli import build_parser
from reports.engines import copy_spark_marts, engine_for
from reports.errors import TenureError

PROFILES = """
tenure:
  target: local
  outputs:
    local: {type: duckdb, path: x.duckdb}
    spark: {type: spark, method: session, host: localhost, schema: tenure}
    pg: {type: postgres, host: db}
"""


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    path = tmp_path / "profiles.yml"
    path.write_text(PROFILES, encoding="utf-8")
    return path


def test_the_local_target_is_duckdb(profiles: Path) -> None:
    engine = engine_for("local", profiles)
    assert (engine.adapter_type, engine.description) == ("duckdb", "DuckDB, target local")


def test_an_unknown_target_names_the_targets_there_are(profiles: Path) -> None:
    with pytest.raises(
        TenureError, match=r"--target nope: .*profiles.yml has no such target; it has: local, pg, spark"
    ):
        engine_for("nope", profiles)


def test_a_target_of_another_warehouse_is_refused_with_the_engines_tenure_builds_on(profiles: Path) -> None:
    with pytest.raises(TenureError, match="a postgres target; Tenure builds on DuckDB or Apache Spark"):
        engine_for("pg", profiles)


def test_the_project_profiles_offer_duckdb_and_spark() -> None:
    assert engine_for("local").adapter_type == "duckdb"
    pytest.importorskip("pyspark")
    pytest.importorskip("dbt.adapters.spark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (make test installs a JRE)")
    assert engine_for("spark").description == "Apache Spark, target spark, session method"


def test_a_spark_target_on_a_thrift_server_is_left_to_dbt_with_the_command_to_run(tmp_path: Path) -> None:
    profiles = tmp_path / "profiles.yml"
    profiles.write_text(
        "tenure: {outputs: {cluster: {type: spark, method: thrift, host: h, schema: s}}}", encoding="utf-8"
    )
    with pytest.raises(TenureError, match=r"thrift method; .* run `dbt build --target cluster`"):
        engine_for("cluster", profiles)


@pytest.mark.parametrize("uri", ["s3a://bucket/extract", "dbfs:/mnt/extract", "file:/data/extract"])
def test_an_extract_at_a_uri_is_refused_by_tenure_build_with_what_to_run_instead(
    capsys: pytest.CaptureFixture[str], uri: str
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--raw", uri])
    assert "TENURE_EXTRACT_DIR=<uri> dbt build --target spark" in capsys.readouterr().err


def test_spark_marts_are_copied_from_their_parquet_folders_into_duckdb(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse"
    folder = warehouse / "marts.db" / "rpt_a"
    folder.mkdir(parents=True)
    with duckdb.connect() as con:
        con.execute(
            f"copy (select 'A1' as account_id, 2.5 :: double as arr) to '{folder}/part-00000.parquet'"
        )
    manifest = tmp_path / "manifest.json"
    node = {"resource_type": "model", "schema": "marts", "name": "rpt_a", "alias": "rpt_a"}
    staging = {"resource_type": "model", "schema": "staging", "name": "stg_b", "alias": "stg_b"}
    manifest.write_text(json.dumps({"nodes": {"model.tenure.rpt_a": node, "model.tenure.stg_b": staging}}))

    assert copy_spark_marts(warehouse, manifest, tmp_path / "tenure.duckdb") == 1

    with duckdb.connect(str(tmp_path / "tenure.duckdb"), read_only=True) as con:
        assert con.execute("select account_id, arr from marts.rpt_a").fetchall() == [("A1", 2.5)]


def test_a_mart_spark_did_not_write_stops_the_build_naming_it(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.json"
    node = {"resource_type": "model", "schema": "marts", "name": "rpt_a", "alias": "rpt_a"}
    manifest.write_text(json.dumps({"nodes": {"model.tenure.rpt_a": node}}))
    with pytest.raises(TenureError, match="has no Parquet folder for rpt_a"):
        copy_spark_marts(tmp_path / "warehouse", manifest, tmp_path / "tenure.duckdb")
