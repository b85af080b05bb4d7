"""Which engine builds the marts, and how the pages read what it wrote.

The engine is a target of profiles.yml (`--target`, or tenure.yml's `build: target`): `local`, DuckDB in the
work folder, or `spark`, Apache Spark (README, "Beyond one machine: Spark"). The same dbt models run on
both; engine-specific SQL lives only in the adapter.dispatch macros of macros/. Whatever engine builds them,
the pages read the marts through DuckDB (reports/mart_reader.py): after a Spark build the marts, Parquet
files in Spark's warehouse, are copied into the work folder's DuckDB file, small report-shaped tables that
one machine holds easily even when the extract does not.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from reports.errors import TenureError
from reports.extract_location import ExtractLocation, is_uri
from reports.paths import PROJECT_ROOT

DEFAULT_TARGET = "local"
URI_TARGET = "spark"  # the target for an extract at a URI, which only Spark reads
PROFILE = "tenure"
SUPPORTED = {"duckdb": "DuckDB", "spark": "Apache Spark"}


@dataclass(frozen=True)
class Engine:
    target: str
    adapter_type: str
    method: str | None = None

    @property
    def description(self) -> str:
        name = SUPPORTED[self.adapter_type]
        return f"{name}, target {self.target}" + (f", {self.method} method" if self.method else "")


def default_target(extract: ExtractLocation | None) -> str:
    """The target when neither --target nor tenure.yml names one: DuckDB for a local folder (or a sample),
    Spark for an extract at a URI."""
    return URI_TARGET if is_uri(extract) else DEFAULT_TARGET


def profile_targets(profiles_file: Path = PROJECT_ROOT / "profiles.yml") -> dict[str, dict]:
    """The outputs of the `tenure` profile, by target name (their Jinja left unrendered)."""
    try:
        profiles = yaml.safe_load(profiles_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise TenureError(f"cannot read {profiles_file}: {error}") from error
    return dict((profiles.get(PROFILE) or {}).get("outputs") or {})


def engine_for(target: str, profiles_file: Path = PROJECT_ROOT / "profiles.yml") -> Engine:
    """The engine of a target of profiles.yml; a clear message for an unknown target or a missing install."""
    targets = profile_targets(profiles_file)
    if target not in targets:
        known = ", ".join(sorted(targets)) or "none"
        raise TenureError(f"--target {target}: {profiles_file} has no such target; it has: {known}")
    output = targets[target] or {}
    adapter_type = str(output.get("type", ""))
    if adapter_type not in SUPPORTED:
        raise TenureError(
            f"target {target} of {profiles_file} is a {adapter_type or 'typeless'} target; Tenure builds on "
            f"{' or '.join(SUPPORTED.values())}"
        )
    method = str(output["method"]) if adapter_type == "spark" and output.get("method") else None
    if adapter_type == "spark":
        if method != "session":
            raise TenureError(
                f"target {target} uses dbt-spark's {method} method; tenure build reads the marts that Spark "
                "writes from the session method's warehouse in its work folder. With a Thrift server or "
                f"Databricks, run `dbt build --target {target}` (README, 'Beyond one machine: Spark')"
            )
        check_spark_installed(method)
    return Engine(target=target, adapter_type=adapter_type, method=method)


def check_spark_installed(method: str | None = "session", *, for_dbt: bool = True) -> None:
    """dbt-spark (for dbt's target), pyspark and Java (for a session on this machine): a clear message for
    what is missing."""
    if for_dbt and importlib.util.find_spec("dbt.adapters.spark") is None:
        raise TenureError(
            "the spark target needs dbt-spark: pip install 'tenure[spark]' (make venv installs it)"
        )
    if method == "session":
        if importlib.util.find_spec("pyspark") is None:
            raise TenureError("the spark target's session method needs pyspark: pip install 'tenure[spark]'")
        if shutil.which("java") is None:
            raise TenureError(
                "the spark target's session method runs Spark on this machine and needs Java 17 or newer "
                "(Debian: apt-get install default-jre-headless)"
            )


def spark_mart_folders(warehouse: Path, manifest_path: Path) -> dict[str, Path]:
    """mart name → the folder of Parquet files Spark wrote for it (<warehouse>/marts.db/<name>)."""
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise TenureError(f"cannot read dbt's manifest {manifest_path}: {error}") from error
    folders = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["schema"] == "marts":
            name = node.get("alias") or node["name"]
            folders[name] = warehouse / f"{node['schema']}.db" / name
    return folders


def copy_spark_marts(warehouse: Path, manifest_path: Path, duckdb_path: Path) -> int:
    """Copy every mart Spark wrote (Parquet) into a new DuckDB file's `marts` schema; return how many."""
    folders = spark_mart_folders(warehouse, manifest_path)
    missing = sorted(name for name, folder in folders.items() if not folder.is_dir())
    if missing:
        raise TenureError(
            f"Spark's warehouse {warehouse} has no Parquet folder for {', '.join(missing[:5])}"
            + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            + " (is TENURE_SPARK_WAREHOUSE the warehouse the spark target wrote to?)"
        )
    for stale in (duckdb_path, duckdb_path.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    with duckdb.connect(str(duckdb_path)) as con:
        con.execute("create schema marts")
        for name, folder in sorted(folders.items()):
            files = str(folder / "*.parquet").replace("'", "''")
            con.execute(f"create table marts.\"{name}\" as select * from read_parquet('{files}')")
    return len(folders)
