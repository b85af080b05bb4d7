"""The installed `tenure` command: --version, validate (check an extract without building) and the same
build as `python build.py`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reports.paths import REPO_ROOT

TENURE = Path(sys.executable).with_name("tenure")


def tenure(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TENURE), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_the_tenure_command_is_installed_and_says_its_version():
    completed = tenure("--version")
    assert completed.returncode == 0
    assert completed.stdout.strip() == "tenure 0.1.0"


def test_validate_checks_an_extract_without_building_anything(sample_extract: Path, tmp_path: Path):
    completed = tenure("validate", "--raw", str(sample_extract), cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert f"The extract in {sample_extract} meets the data contract (0 warnings)." in completed.stderr
    assert list(tmp_path.iterdir()) == []  # wrote nothing


def test_validate_names_every_fatal_problem_and_exits_2(sample_extract: Path, tmp_path: Path):
    broken = tmp_path / "extract"
    broken.mkdir()
    (broken / "extract.yml").write_text("as_of: 31/10/2026\n")
    completed = tenure("validate", "--raw", str(broken))
    assert completed.returncode == 2
    assert "extract.yml: expected as_of as a date YYYY-MM-DD" in completed.stderr
    assert "crm/accounts.csv: expected the required table crm/accounts.csv or .parquet" in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize(
    "command", [["--help"], ["build", "--help"], ["validate", "--help"], ["sample", "--help"]]
)
def test_every_subcommand_documents_its_options(command: list[str]):
    completed = tenure(*command)
    assert completed.returncode == 0 and "usage:" in completed.stdout


def test_a_var_override_must_name_a_convention_and_be_yaml():
    from reports.cli import parse_var_overrides
    from reports.errors import TenureError

    assert parse_var_overrides(["support_window_days=30", "health_bands=[{name: ok, min_score: 0}]"]) == {
        "support_window_days": 30,
        "health_bands": [{"name": "ok", "min_score": 0}],
    }
    with pytest.raises(TenureError, match="no such convention; did you mean support_window_days"):
        parse_var_overrides(["support_window_day=30"])
    with pytest.raises(TenureError, match="expected NAME=VALUE"):
        parse_var_overrides(["support_window_days"])


@pytest.mark.slow
def test_a_var_given_to_the_build_is_the_convention_the_site_quotes(sample_extract: Path, tmp_path: Path):
    from tests.conftest import run_build

    site = tmp_path / "site"
    completed = run_build(
        "--raw",
        str(sample_extract),
        "--out",
        str(site),
        "--work-dir",
        str(tmp_path / "work"),
        "--var",
        "support_window_days=30",
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "Tickets, last 30 days" in (site / "support.html").read_text(encoding="utf-8")
