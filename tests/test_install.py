"""Tenure as a user installs it: a wheel built from the repository (not the editable install of `make venv`)
in a fresh virtual environment, run from another folder with relative paths. The project files come from
the package, scratch files go to the work folder, and nothing is written into site-packages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reports.paths import REPO_ROOT


def test_the_dockerfile_copies_every_file_the_package_ships_and_installs_without_test_extras():
    """The image installs the package from what the Dockerfile copies: every top-level file or folder the
    wheel's data package lists (pyproject.toml) must be among them; no browser, no test extras."""
    import tomllib

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = {
        entry.split("/")[0] for entry in project["tool"]["setuptools"]["package-data"]["tenure_project"]
    }
    shipped |= {"reports", "pyproject.toml"}
    dockerfile = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    copied = {
        part.rstrip("/").split("/")[0]
        for line in dockerfile.splitlines()
        if line.startswith("COPY ")
        for part in line.split()[1:-1]
    }
    assert shipped <= copied, shipped - copied
    assert "chromium" not in dockerfile.lower().split("no chromium")[-1]
    assert "[test]" not in dockerfile and "playwright" not in dockerfile


def _files(folder: Path) -> dict[str, int]:
    return {
        str(path.relative_to(folder)): path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()
    }


@pytest.mark.slow
def test_a_fresh_install_builds_a_site_from_another_folder_and_writes_nothing_into_the_package(
    tmp_path: Path,
):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    installed = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", str(REPO_ROOT)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    tenure = str(venv / "bin" / "tenure")
    version = subprocess.run([tenure, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("tenure ")

    [package] = venv.glob("lib/python*/site-packages/tenure_project")
    assert (package / "dbt_project.yml").is_file() and (package / "site_templates" / "overrides").is_dir()
    before = _files(package)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("PYTHONPATH", None)  # the installed package, not this checkout

    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [tenure, *arguments], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=900
        )

    sample = run("sample", "--accounts", "40", "--out", "extract")
    assert sample.returncode == 0, sample.stderr
    validated = run("validate", "--raw", "extract")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    built = run("build", "--raw", "extract", "--out", "site", "--jobs", "1")
    assert built.returncode == 0, built.stderr[-3000:]
    assert (elsewhere / "site" / "index.html").is_file()
    assert any((elsewhere / "site" / "accounts").glob("*.html"))
    # no --work-dir: the scratch files went to the user's cache, never beside the package's files
    assert any((tmp_path / "cache" / "tenure").iterdir())
    assert _files(package) == before


@pytest.mark.slow
def test_a_plain_dbt_run_in_a_fresh_clone_needs_no_folder_made_by_hand(tmp_path: Path, sample_extract: Path):
    """profiles.yml's default DuckDB file is in target/, which dbt makes before it connects."""
    clone = tmp_path / "clone"
    clone.mkdir()
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(REPO_ROOT / name, clone / name)
    for folder in ("models", "macros", "seeds", "tests/dbt"):
        shutil.copytree(REPO_ROOT / folder, clone / folder)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TENURE_", "DBT_"))}
    env["TENURE_EXTRACT_DIR"] = str(sample_extract)
    dbt = Path(sys.executable).with_name("dbt")
    completed = subprocess.run(
        [str(dbt), "run", "--select", "stg_extract__metadata", "--profiles-dir", "."],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert (clone / "target" / "tenure.duckdb").is_file()
