"""tenure.yml: one file for a company's settings, so nobody edits the repository to change a threshold.

    # tenure.yml, beside extract.yml (or given with --config FILE)
    build:                     # the build's own settings; a command-line flag wins over them
      out: /srv/retention-site # relative paths are relative to this file
      work_dir: /var/tmp/tenure
      jobs: 4
      publish_emails: false
      export_data: true
      fail_on_stale_sources: false   # true: a table past its freshness error threshold stops the build
      target: local            # the dbt target of profiles.yml: local (DuckDB) or spark
    vars:                      # any var of dbt_project.yml (its comments document each and its default)
      support_window_days: 60
      health_bands:
        - {name: green, min_score: 80, colour: "#2e7d32"}

Precedence, lowest first: dbt_project.yml's defaults, extract.yml's own settings, tenure.yml, then `--var`
and the command-line flags of one build. Every wrong key or value is one message naming the file, the key
and what was expected, before any work starts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reports.errors import TenureError
from reports.extract_location import ExtractLocation
from reports.extract_settings import SETTINGS_FILE, did_you_mean
from reports.quality import project_file_vars

CONFIG_FILE = "tenure.yml"
SECTIONS = ("build", "vars")
# Each build setting, the type its value must have, and what the message says is expected.
BUILD_SETTINGS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "out": (str, "a folder path"),
    "work_dir": (str, "a folder path"),
    "jobs": (int, "a whole number of processes, 1 or more"),
    "publish_emails": (bool, "true or false"),
    "export_data": (bool, "true or false"),
    "fail_on_stale_sources": (bool, "true or false"),
    "target": (str, "a target of profiles.yml, e.g. local or spark"),
}
# Settings of extract.yml that are the extract's own and cannot be overridden from tenure.yml.
EXTRACT_OWN = ("as_of", "as_of_origin", "reporting_currency", "source_layouts")


@dataclass(frozen=True)
class TenureConfig:
    path: Path | None = None
    build: dict[str, Any] = field(default_factory=dict)
    vars: dict[str, Any] = field(default_factory=dict)


def find_config(explicit: Path | None, raw_dir: ExtractLocation | None) -> Path | None:
    """--config FILE when given (it must exist), else tenure.yml beside the extract's extract.yml in a local
    folder. An extract at a URI takes its settings from --config alone: they say where to build and with
    which engine before anything is read (the check before dbt warns of a tenure.yml it finds there)."""
    if explicit is not None:
        if not explicit.is_file():
            raise TenureError(f"--config {explicit}: no such file")
        return explicit
    if isinstance(raw_dir, Path) and (raw_dir / CONFIG_FILE).is_file():
        return raw_dir / CONFIG_FILE
    return None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return "a value"


def _same_kind(value: Any, default: Any) -> bool:
    """A var's value must have the shape of its default (a number for a number, a list for a list...);
    the SQL checks the details. A default of null takes anything."""
    if default is None or value is None:
        return True
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, type(default))


def load_config(path: Path | None) -> TenureConfig:
    """Read and check tenure.yml; raise TenureError naming every wrong key or value."""
    if path is None:
        return TenureConfig()
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise TenureError(f"{path}: not valid YAML ({str(error).splitlines()[0]})") from error
    if document is None:
        return TenureConfig(path=path)
    if not isinstance(document, dict):
        raise TenureError(f"{path}: expected a mapping with the sections {', '.join(SECTIONS)}")
    problems: list[str] = []
    for key in document:
        if key not in SECTIONS:
            problems.append(
                f"{key}: no such section (expected {', '.join(SECTIONS)}){did_you_mean(str(key), SECTIONS)}"
            )
    build = document.get("build") or {}
    variables = document.get("vars") or {}
    if not isinstance(build, dict):
        problems.append("build: expected a mapping of settings")
        build = {}
    if not isinstance(variables, dict):
        problems.append("vars: expected a mapping of dbt_project.yml vars")
        variables = {}
    for name, value in build.items():
        if name not in BUILD_SETTINGS:
            hint = did_you_mean(str(name), list(BUILD_SETTINGS))
            problems.append(f"build.{name}: no such setting (known: {', '.join(BUILD_SETTINGS)}){hint}")
            continue
        kind, expected = BUILD_SETTINGS[name]
        below_one = isinstance(value, int) and not isinstance(value, bool) and value < 1
        if not isinstance(value, kind) or (kind is int and (isinstance(value, bool) or below_one)):
            problems.append(f"build.{name}: expected {expected}, found {value!r}")
    defaults = project_file_vars()
    for name, value in variables.items():
        if name in EXTRACT_OWN:
            problems.append(f"vars.{name}: set it in the extract's {SETTINGS_FILE}, not in {CONFIG_FILE}")
        elif name not in defaults:
            hint = did_you_mean(str(name), list(defaults)) or " (see the vars in dbt_project.yml)"
            problems.append(f"vars.{name}: there is no such convention{hint}")
        elif not _same_kind(value, defaults[name]):
            problems.append(
                f"vars.{name}: expected {_kind(defaults[name])} like its default "
                f"({json.dumps(defaults[name])}), found {value!r}"
            )
    if problems:
        raise TenureError(f"{path}: " + "; ".join(problems))
    base = path.parent
    resolved = {
        name: (str((base / value).resolve()) if name in ("out", "work_dir") else value)
        for name, value in build.items()
    }
    return TenureConfig(path=path, build=resolved, vars=dict(variables))
