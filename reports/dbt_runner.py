"""Runs `dbt build` on an extract folder, in a subprocess so dbt's memory and logging stay its own."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reports.errors import TenureError
from reports.extract_location import ExtractLocation, as_dbt_location
from reports.paths import PROJECT_ROOT
from reports.progress import StageLog


@dataclass(frozen=True)
class DbtPaths:
    """Where one build keeps its DuckDB file, dbt's target and log folders, and (target spark, session
    method) Spark's warehouse of Parquet tables."""

    duckdb: Path
    target: Path
    logs: Path
    spark_warehouse: Path

    @classmethod
    def inside(cls, work_dir: Path) -> DbtPaths:
        return cls(
            duckdb=work_dir / "tenure.duckdb",
            target=work_dir / "dbt" / "target",
            logs=work_dir / "dbt" / "logs",
            spark_warehouse=work_dir / "spark-warehouse",
        )


def dbt_executable() -> str:
    beside_python = Path(sys.executable).with_name("dbt")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("dbt")
    if not found:
        raise TenureError("dbt is not installed: run `make venv` (or `pip install -e .`) first")
    return found


def dbt_environment(extract_dir: ExtractLocation, paths: DbtPaths) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TENURE_EXTRACT_DIR=as_dbt_location(extract_dir),
        TENURE_DUCKDB_PATH=str(paths.duckdb.resolve()),
        DBT_TARGET_PATH=str(paths.target.resolve()),
        DBT_LOG_PATH=str(paths.logs.resolve()),
        TENURE_SPARK_WAREHOUSE=str(paths.spark_warehouse.resolve()),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DO_NOT_TRACK="1",
    )
    return env


def stop_child(process: subprocess.Popen[str], grace_seconds: float = 10) -> None:
    """Stop a child process: SIGTERM, then SIGKILL if it has not ended after `grace_seconds`."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _start_dbt(
    arguments: list[str], extract_dir: ExtractLocation, paths: DbtPaths, extra_vars: dict | None, target: str
) -> subprocess.Popen[str]:
    """A dbt command on the project against `extract_dir` with the profiles.yml target `target`, its output
    (stdout and stderr) in one pipe."""
    command = [
        dbt_executable(),
        *arguments,
        "--project-dir",
        str(PROJECT_ROOT),
        "--profiles-dir",
        str(PROJECT_ROOT),
        "--target",
        target,
    ]
    if extra_vars:
        command += ["--vars", json.dumps(extra_vars)]
    return subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=dbt_environment(extract_dir, paths),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def run_dbt_build(
    extract_dir: ExtractLocation,
    paths: DbtPaths,
    log: StageLog,
    extra_vars: dict | None = None,
    target: str = "local",
) -> None:
    """`dbt build` the project (models and data tests) against `extract_dir`; raise TenureError naming what
    failed."""
    paths.duckdb.parent.mkdir(parents=True, exist_ok=True)
    for stale in (paths.duckdb, paths.duckdb.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    # The previous build's Spark tables (the work folder's own): Spark will not create a table over a folder
    # that holds files, and its catalog (in memory, profiles.yml) does not outlive a dbt run.
    if paths.spark_warehouse.exists():
        shutil.rmtree(paths.spark_warehouse)
    # Unit tests check the SQL's logic on fixed rows, not the extract: they run in `make test` (and with a
    # plain `dbt build`), as dbt advises, and would only add seconds to every nightly build.
    process = _start_dbt(
        ["build", "--exclude-resource-type", "unit_test"], extract_dir, paths, extra_vars, target
    )
    output: list[str] = []
    assert process.stdout is not None
    try:
        for line in process.stdout:
            output.append(line.rstrip())
            if message := _progress_line(line):
                log.say(f"    dbt | {message}")
    except BaseException:  # interrupted (SIGINT, SIGTERM): dbt stops with the build, never runs on alone
        stop_child(process)
        raise
    if process.wait() != 0:
        raise TenureError(describe_dbt_failure(paths, output))


_NODE = re.compile(r"(\d+) of (\d+) (START|OK|PASS|WARN|ERROR|FAIL|SKIP)\b")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
PROGRESS_EVERY = 50


def _progress_line(line: str) -> str | None:
    """What of dbt's output is worth a person's eye: problems, every 50th node, and the summary."""
    text = _ANSI.sub("", line).strip()
    node = _NODE.search(text)
    if node:
        done, total, status = int(node.group(1)), int(node.group(2)), node.group(3)
        if status in ("WARN", "ERROR", "FAIL"):
            return text.split("  ", 1)[-1]
        if status != "START" and (done % PROGRESS_EVERY == 0 or done == total):
            return f"{done} of {total} models and tests done"
        return None
    if " Done. " in f" {text} " or "Compilation Error" in text or "Runtime Error" in text:
        return text.split("  ", 1)[-1]
    return None


SAMPLE_FAILING_ROWS = 5


def _failing_rows(duckdb_path: Path, compiled_sql: str) -> list[str]:
    """A few rows the failed test's own SQL returns, each as `column=value` pairs, read from the DuckDB file
    dbt left behind."""
    import duckdb

    try:
        with duckdb.connect(str(duckdb_path), read_only=True) as con:
            cursor = con.execute(f"select * from ({compiled_sql}) limit {SAMPLE_FAILING_ROWS}")
            names = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
    except (duckdb.Error, OSError):
        return []
    return [", ".join(f"{name}={value!r}" for name, value in zip(names, row, strict=True)) for row in rows]


def _tested_relation(node: dict[str, Any], nodes: dict[str, Any]) -> str:
    """What a data test checks: the model's name, or the raw file of a source (crm/accounts)."""
    attached = node.get("attached_node")
    if attached and attached in nodes:
        return str(nodes[attached]["name"])
    sources = node.get("sources") or []
    if sources:
        return "extract file " + "/".join(sources[0])
    refs = node.get("refs") or []
    return str(refs[0]["name"]) if refs else "the project"


def _describe_result(result: dict[str, Any], nodes: dict[str, Any], duckdb_path: Path) -> str:
    unique_id = result["unique_id"]
    node = nodes.get(unique_id, {})
    message = (result.get("message") or "").strip()
    if not unique_id.startswith("test."):
        return f"  - {node.get('resource_type', 'node')} {unique_id.split('.', 2)[-1]}: {message}"
    metadata = node.get("test_metadata") or {}
    test = metadata.get("name") or node.get("name") or unique_id
    column = node.get("column_name") or (metadata.get("kwargs") or {}).get("column_name")
    where = _tested_relation(node, nodes) + (f", column {column}" if column else "")
    failures = result.get("failures")
    lines = [
        f"  - {where}: test {test} failed"
        + (f" on {failures:,} row{'s' if failures != 1 else ''}" if failures else f" ({message})")
    ]
    compiled = result.get("compiled_code")
    if failures and compiled:
        lines += [f"      e.g. {row}" for row in _failing_rows(duckdb_path, compiled)]
    return "\n".join(lines)


def describe_dbt_failure(paths: DbtPaths, output: list[str]) -> str:
    """One readable message from dbt's own results (run_results.json and manifest.json, not its console text):
    each failed model with dbt's explanation, each failed test with the model, the column and a sample of the
    failing rows."""
    failures: list[str] = []
    results_file, manifest_file = paths.target / "run_results.json", paths.target / "manifest.json"
    if results_file.exists():
        nodes = json.loads(manifest_file.read_text())["nodes"] if manifest_file.exists() else {}
        for result in json.loads(results_file.read_text())["results"]:
            if result["status"] in ("error", "fail"):
                failures.append(_describe_result(result, nodes, paths.duckdb))
    if not failures:  # dbt stopped before running nodes (e.g. a missing extract file in on-run-start)
        errors = [line for line in output if "rror" in line or "Required" in line]
        failures = [f"  {_ANSI.sub('', line).strip()}" for line in (errors or output)[-15:]]
    return "dbt build failed on the extract:\n" + "\n".join(failures)


def run_source_freshness(
    extract_dir: ExtractLocation, paths: DbtPaths, extra_vars: dict | None = None, target: str = "local"
) -> Path:
    """`dbt source freshness` on the extract (after `dbt build`, which left the manifest for a quick parse);
    return dbt's sources.json. A table past its error threshold makes dbt exit 1: that is a result, read by
    reports/freshness.py, not a failure of the run; any other failure is one message."""
    process = _start_dbt(["source", "freshness"], extract_dir, paths, extra_vars, target)
    try:
        output, _ = process.communicate()
    except BaseException:  # interrupted: dbt stops with the build
        stop_child(process)
        raise
    sources = paths.target / "sources.json"
    if process.returncode not in (0, 1) or not sources.is_file():
        tail = "\n".join(output.splitlines()[-15:])
        raise TenureError(f"dbt source freshness failed:\n{tail}")
    return sources
