"""Shared fixtures: a small generated extract and one real build of the site from it.

The build is expensive (dbt + MkDocs), so it runs once per test session even when pytest-xdist spreads the
tests over several processes: the first worker builds under a file lock, the others reuse its output.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ACCOUNTS = 40
SAMPLE_SEED = 11
SOURCE_DATE_EPOCH = "1790000000"


@dataclass(frozen=True)
class BuiltSite:
    extract: Path
    site: Path
    work: Path
    stderr: str


def run_build(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line, as a user runs it."""
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "build.py"), *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=900,
    )


def build_from(
    extract: Path | str, site: Path, work: Path, *options: str
) -> subprocess.CompletedProcess[str]:
    """`build.py` on `extract` (a folder, or a URI) into `site`, as the tests build: two jobs, the fixed
    SOURCE_DATE_EPOCH."""
    return run_build(
        "--raw",
        str(extract),
        "--out",
        str(site),
        "--work-dir",
        str(work),
        "--jobs",
        "2",
        *options,
        env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
    )


def _shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.getbasetemp()
    # Under xdist every worker has its own basetemp inside one shared parent.
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def sample_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small extract written by the sample generator (shared, read-only for tests)."""
    shared = _shared_dir(tmp_path_factory)
    extract = shared / "sample-extract"
    with open(shared / "sample-extract.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (extract / "extract.yml").exists():
            from reports.sample import generate

            generate(extract, accounts=SAMPLE_ACCOUNTS, seed=SAMPLE_SEED)
    return extract


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, sample_extract: Path) -> BuiltSite:
    """The site built once from `sample_extract` by `build.py` (shared, read-only for tests)."""
    shared = _shared_dir(tmp_path_factory)
    site, work, record = shared / "site", shared / "work", shared / "build.json"
    with open(shared / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            completed = build_from(sample_extract, site, work)
            if completed.returncode != 0:
                pytest.fail(f"build failed ({completed.returncode}):\n{completed.stderr[-4000:]}")
            record.write_text(json.dumps({"stderr": completed.stderr}))
    return BuiltSite(sample_extract, site, work, json.loads(record.read_text())["stderr"])
