"""The Python code keeps the house style that `make lint` checks (`make test` runs `ruff check` itself):
ruff's format and mypy (pyproject.toml's settings), so that a type hint that lies fails the tests, not a
reader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reports.paths import REPO_ROOT


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *arguments], cwd=REPO_ROOT, capture_output=True, text=True, timeout=600
    )


def test_the_python_code_is_formatted_as_ruff_formats_it() -> None:
    formatted = _run("ruff", "format", "--check", "--no-cache", ".")
    assert formatted.returncode == 0, formatted.stdout[-4000:]


@pytest.mark.slow
def test_the_reports_package_and_build_py_pass_mypy(tmp_path: Path) -> None:
    completed = _run("mypy", "--cache-dir", str(tmp_path / "mypy"))
    assert completed.returncode == 0, completed.stdout[-4000:]
