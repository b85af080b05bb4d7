"""Choosing the engine that builds the marts (reports/engines.py) and reading Spark's Parquet marts back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from reports.cli import build_parser
from reports.config_file import find_config
from reports.engines import copy_spark_marts, default_target, engine_for
from reports.errors import TenureError
from reports.extract_location import extract_location, local_folder, path_in_uri
from reports.pipeline import BuildOptions, build_site
from reports.progress import StageLog

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


@pytest.mark.parametrize("uri", ["s3a://bucket/extract/", "dbfs:/mnt/extract", "file:///data/extract"])
def test_an_extract_at_a_uri_is_kept_as_written_and_builds_on_spark_by_default(uri: str) -> None:
    raw = build_parser().parse_args(["--raw", uri]).raw

    assert raw == uri.rstrip("/")
    assert default_target(raw) == "spark"


def test_a_local_folder_and_a_sample_build_on_duckdb_by_default() -> None:
    assert default_target(build_parser().parse_args(["--raw", "extract"]).raw) == "local"
    assert default_target(Path("C:/extract")) == "local"  # a drive letter is not a scheme
    assert default_target(None) == "local"


def test_only_a_file_uri_names_a_folder_on_this_machine() -> None:
    assert local_folder("file:///data/extract") == Path("/data/extract")
    assert local_folder("file:/data/extract") == Path("/data/extract")
    assert local_folder("s3a://bucket/extract") is None
    assert local_folder(Path("extract")) == Path("extract")


def test_an_extract_at_a_uri_on_the_duckdb_target_stops_before_any_work(tmp_path: Path) -> None:
    options = BuildOptions(out_dir=tmp_path / "site", work_dir=tmp_path / "work", raw_dir="s3a://b/extract")

    with pytest.raises(
        TenureError, match=r"s3a://b/extract is a URI, which only Spark reads.*--target spark"
    ):
        build_site(options, StageLog(quiet=True))
    assert not (tmp_path / "site").exists() and not (tmp_path / "work").exists()


def test_a_tenure_yml_is_looked_for_beside_a_local_extract_only(tmp_path: Path) -> None:
    (tmp_path / "tenure.yml").write_text("build: {jobs: 1}\n", encoding="utf-8")

    assert find_config(None, tmp_path) == tmp_path / "tenure.yml"
    assert find_config(None, tmp_path.as_uri()) is None


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


@pytest.mark.parametrize(
    ("written", "path"),
    [
        ("hdfs:///data/extract", "/data/extract"),
        ("hdfs://namenode:8020/data/extract/crm/accounts.csv", "/data/extract/crm/accounts.csv"),
        ("file://localhost/tmp/extract/", "/tmp/extract"),
        ("file:/tmp/extract", "/tmp/extract"),
        ("s3a://bucket//extract", "/extract"),
        ("file:///tmp/an%20extract", "/tmp/an extract"),
        ("/tmp/extract", "/tmp/extract"),
    ],
)
def test_a_listed_file_and_the_extract_root_are_compared_by_their_path_alone(written: str, path: str) -> None:
    assert path_in_uri(written) == path


def test_the_root_of_a_file_system_stays_a_uri() -> None:
    assert extract_location("file:///") == "file:///"
    assert extract_location("dbfs:/") == "dbfs:/"
