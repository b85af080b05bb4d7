"""What dbt checked and what the metrics mean, for the Data quality & definitions page.

Reads dbt's own artifacts (run_results.json, manifest.json) and the conventions the run was built with
(marts.rpt_conventions), so the page always shows the tests, definitions and conventions of the run that
built the site.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from reports.paths import PROJECT_ROOT

Row = dict[str, Any]


def test_results(target_dir: Path) -> list[Row]:
    """Every dbt test of the run with its status (pass, warn, fail, error) and failing-row count."""
    results_file, manifest_file = target_dir / "run_results.json", target_dir / "manifest.json"
    if not results_file.exists():
        return []
    nodes = json.loads(manifest_file.read_text())["nodes"] if manifest_file.exists() else {}
    tests = []
    for result in json.loads(results_file.read_text())["results"]:
        unique_id = result["unique_id"]
        if not unique_id.startswith(("test.", "unit_test.")):
            continue
        node = nodes.get(unique_id, {})
        severity = (node.get("config") or {}).get("severity", "")
        tests.append(
            {
                "name": unique_id.split(".")[2] if unique_id.count(".") >= 2 else unique_id,
                "kind": "unit test" if unique_id.startswith("unit_test.") else "data test",
                "status": result["status"],
                "severity": str(severity).lower(),
                "failures": result.get("failures") or 0,
                "message": (result.get("message") or "").strip(),
            }
        )
    order = {"error": 0, "fail": 1, "warn": 2, "pass": 3}
    return sorted(tests, key=lambda test: (order.get(test["status"], 4), test["name"]))


def status_counts(tests: list[Row]) -> dict[str, int]:
    counts = Counter(test["status"] for test in tests)
    return {status: counts.get(status, 0) for status in ("pass", "warn", "fail", "error")}


def definitions(target_dir: Path) -> list[Row]:
    """Every mart and its columns with the definition written next to the SQL (from dbt's manifest)."""
    manifest_file = target_dir / "manifest.json"
    if not manifest_file.exists():
        return []
    nodes = json.loads(manifest_file.read_text())["nodes"].values()
    marts = [node for node in nodes if node["resource_type"] == "model" and "/marts/" in f"/{node['path']}"]
    return [
        {
            "model": node["name"],
            "description": node.get("description") or "",
            "columns": [
                {"name": name, "description": column.get("description") or ""}
                for name, column in node.get("columns", {}).items()
            ],
        }
        for node in sorted(marts, key=lambda node: node["name"])
    ]


_IN_FORCE: dict[str, Any] | None = None


def use_conventions(conventions: dict[str, Any]) -> None:
    """Make the conventions of this run (marts.rpt_conventions, read by reports/marts.py) the ones every
    page context quotes."""
    global _IN_FORCE
    _IN_FORCE = dict(conventions)


@functools.cache
def project_file_vars() -> dict[str, Any]:
    """dbt_project.yml's vars: the conventions' defaults and the names a build may override."""
    project = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text(encoding="utf-8"))
    return dict(project.get("vars") or {})


def vars_in_force() -> dict[str, Any]:
    """The conventions and thresholds the marts were built with: this run's (marts.rpt_conventions) once
    the marts are loaded; before that (page logic tested without a run), dbt_project.yml's defaults."""
    return _IN_FORCE if _IN_FORCE is not None else project_file_vars()


def conventions() -> list[Row]:
    """The conventions in force, for the data-quality page."""
    return [
        {"name": name, "value": json.dumps(value, ensure_ascii=False)}
        for name, value in vars_in_force().items()
    ]
