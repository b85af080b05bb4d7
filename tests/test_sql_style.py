"""The dbt models follow the house SQL style that .sqlfluff encodes (what `make lint` runs): sqlfluff
through the dbt templater, against a copy of the shared test build's DuckDB file (the staging macros read
the extract's columns)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reports.paths import REPO_ROOT
from tests.conftest import BuiltSite

pytestmark = pytest.mark.slow

SQLFLUFF = Path(sys.executable).with_name("sqlfluff")


def test_every_model_and_data_test_passes_sqlfluff_with_the_house_style(
    built_site: BuiltSite, tmp_path: Path
):
    # dbt opens its DuckDB file for writing: a copy, so the other tests keep reading the shared one
    database = tmp_path / "lint.duckdb"
    shutil.copy(next(built_site.work.glob("run-*/tenure.duckdb")), database)
    env = {
        **os.environ,
        "TENURE_EXTRACT_DIR": str(built_site.extract),
        "TENURE_DUCKDB_PATH": str(database),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
    }
    completed = subprocess.run(
        [str(SQLFLUFF), "lint", "models", "tests/dbt", "--disable-progress-bar"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
