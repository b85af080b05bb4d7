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

from reports.errors import TenureError
from reports.paths import REPO_ROOT
from reports.progress import StageLog


@dataclass(frozen=True)
class DbtPaths:
    """Where one build keeps its DuckDB file and dbt's target and log folders."""

    duckdb: Path
    target: Path
    logs: Path

    @classmethod
    def inside(cls, work_dir: Path) -> DbtPaths:
        return cls(
            duckdb=work_dir / "tenure.duckdb",
            target=work_dir / "dbt" / "target",
            logs=work_dir / "dbt" / "logs",
        )


def dbt_executable() -> str:
    beside_python = Path(sys.executable).with_name("dbt")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("dbt")
    if not found:
        raise TenureError("dbt is not installed: run `make venv` (or `pip install -e .`) first")
    return found


def dbt_environment(extract_dir: Path, paths: DbtPaths) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TENURE_EXTRACT_DIR=str(extract_dir.resolve()),
        TENURE_DUCKDB_PATH=str(paths.duckdb.resolve()),
        DBT_TARGET_PATH=str(paths.target.resolve()),
        DBT_LOG_PATH=str(paths.logs.resolve()),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DO_NOT_TRACK="1",
    )
    return env


def run_dbt_build(extract_dir: Path, paths: DbtPaths, log: StageLog, extra_vars: dict | None = None) -> None:
    """`dbt build` the project (models and data tests) against `extract_dir`; raise TenureError naming what
    failed."""
    paths.duckdb.parent.mkdir(parents=True, exist_ok=True)
    for stale in (paths.duckdb, paths.duckdb.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    # Unit tests check the SQL's logic on fixed rows, not the extract: they run in `make test` (and with a
    # plain `dbt build`), as dbt advises, and would only add seconds to every nightly build.
    command = [
        dbt_executable(),
        "build",
        "--exclude-resource-type",
        "unit_test",
        "--project-dir",
        str(REPO_ROOT),
        "--profiles-dir",
        str(REPO_ROOT),
    ]
    if extra_vars:
        command += ["--vars", json.dumps(extra_vars)]
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=dbt_environment(extract_dir, paths),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        output.append(line.rstrip())
        if message := _progress_line(line):
            log.say(f"    dbt | {message}")
    if process.wait() != 0:
        raise TenureError(describe_dbt_failure(paths.target / "run_results.json", output))


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


def describe_dbt_failure(run_results: Path, output: list[str]) -> str:
    """One readable message: each failed model or test with dbt's own explanation."""
    failures: list[str] = []
    if run_results.exists():
        results = json.loads(run_results.read_text())["results"]
        for result in results:
            if result["status"] in ("error", "fail"):
                node = result["unique_id"].split(".", 2)[-1]
                message = (result.get("message") or "").strip()
                failures.append(f"  - {node}: {message}")
    if not failures:  # dbt stopped before running nodes (e.g. a missing extract file in on-run-start)
        errors = [line for line in output if "rror" in line or "Required" in line]
        failures = [f"  {line.strip()}" for line in (errors or output)[-15:]]
    return "dbt build failed on the extract:\n" + "\n".join(failures)
