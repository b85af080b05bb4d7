"""tenure.yml: every setting and var override in one file beside the extract, checked before any work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reports.config_file import find_config, load_config
from reports.errors import TenureError


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tenure.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_config_file_holds_build_settings_and_var_overrides_with_paths_relative_to_it(tmp_path: Path):
    path = _config(
        tmp_path,
        "build:\n  out: published\n  jobs: 3\n  export_data: false\n"
        "vars:\n  support_window_days: 60\n  health_bands: [{name: ok, min_score: 0}]\n",
    )
    config = load_config(path)
    assert config.build == {"out": str(tmp_path / "published"), "jobs": 3, "export_data": False}
    assert config.vars == {"support_window_days": 60, "health_bands": [{"name": "ok", "min_score": 0}]}


def test_every_wrong_key_or_value_is_named_with_what_was_expected(tmp_path: Path):
    path = _config(
        tmp_path,
        "bulid: {}\nbuild:\n  jobs: 0\n  publish_email: true\n"
        "vars:\n  support_window_day: 60\n  nps_window_months: twelve\n  as_of: 2026-01-31\n",
    )
    with pytest.raises(TenureError) as raised:
        load_config(path)
    message = str(raised.value)
    assert "bulid: no such section (expected build, vars); did you mean build?" in message
    assert "build.jobs: expected a whole number of processes, 1 or more, found 0" in message
    assert "build.publish_email: no such setting" in message and "did you mean publish_emails?" in message
    assert (
        "vars.support_window_day: there is no such convention; did you mean support_window_days?" in message
    )
    assert "vars.nps_window_months: expected a number like its default (12), found 'twelve'" in message
    assert "vars.as_of: set it in the extract's extract.yml, not in tenure.yml" in message


def test_the_config_is_found_beside_extract_yml_or_given_explicitly(tmp_path: Path):
    extract = tmp_path / "extract"
    extract.mkdir()
    assert find_config(None, extract) is None
    beside = _config(extract, "vars: {support_window_days: 30}\n")
    assert find_config(None, extract) == beside
    other = _config(tmp_path, "{}\n")
    assert find_config(other, extract) == other
    with pytest.raises(TenureError, match="no such file"):
        find_config(tmp_path / "missing.yml", extract)
    with pytest.raises(TenureError, match="not valid YAML"):
        load_config(_config(tmp_path, "vars: [unclosed\n"))


@pytest.mark.slow
def test_a_tenure_yml_beside_the_extract_changes_the_site_without_touching_the_repository(
    sample_extract: Path, tmp_path: Path
):
    from tests.conftest import run_build

    extract = tmp_path / "extract"
    shutil.copytree(sample_extract, extract)
    (extract / "tenure.yml").write_text(
        "build:\n  export_data: false\nvars:\n  support_window_days: 45\n", encoding="utf-8"
    )
    site = tmp_path / "site"
    completed = run_build("--raw", str(extract), "--out", str(site), "--work-dir", str(tmp_path / "work"))
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert f"settings from {extract / 'tenure.yml'}" in completed.stderr + completed.stdout
    assert "Tickets, last 45 days" in (site / "support.html").read_text(encoding="utf-8")
    assert not (site / "data").exists()
    quality = (site / "data-quality.html").read_text(encoding="utf-8")
    assert "Settings read from" in quality and "not written" in quality
    # the demo extract is weeks older than today: dbt's source freshness says so, and stops the build only
    # when the config asks for it
    assert 'data-freshness-status="error"' in quality
    (extract / "tenure.yml").write_text("build:\n  fail_on_stale_sources: true\n", encoding="utf-8")
    stopped = run_build(
        "--raw", str(extract), "--out", str(tmp_path / "site2"), "--work-dir", str(tmp_path / "work")
    )
    assert stopped.returncode == 2
    assert "error: stale sources: extract.metadata (newest record" in stopped.stderr
    assert not (tmp_path / "site2").exists()
