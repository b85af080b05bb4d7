"""The conventions in force: dbt builds marts.rpt_conventions from the vars of the run, and the pages quote
it, so a var changed for a run changes what the pages say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from reports import quality
from reports.paths import REPO_ROOT

# The extract's own settings (not conventions): where it is, and what extract.yml says of it.
EXTRACT_SETTINGS = {"extract_dir", "as_of", "reporting_currency"}


def test_every_var_but_the_extracts_own_settings_is_a_convention_the_pages_can_quote():
    declared = set(yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text(encoding="utf-8"))["vars"])
    model = (REPO_ROOT / "models" / "marts" / "core" / "rpt_conventions.sql").read_text(encoding="utf-8")
    listed = set(re.findall(r"'([a-z_]+)'", model.split("-%}", 1)[0].split("set names", 1)[1]))
    assert listed == declared - EXTRACT_SETTINGS


def test_pages_quote_the_conventions_of_the_run_not_the_project_file(monkeypatch):
    quality.use_conventions({"support_window_days": 30, "relationship_window_days": 60})
    try:
        assert quality.vars_in_force()["support_window_days"] == 30
        assert [row["name"] for row in quality.conventions()] == [
            "support_window_days",
            "relationship_window_days",
        ]
        from reports.health_context import component_evidence

        assert component_evidence("support", {"tickets_created": 0}) == "no ticket in 30 days"
    finally:
        monkeypatch.setattr(quality, "_IN_FORCE", None)


@pytest.mark.slow
def test_a_var_changed_for_a_run_changes_the_numbers_and_the_words(
    sample_extract: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A var given to the run (here the window of support signals, 90 days by default, set to 30) is the
    value the marts report and the pages quote."""
    from reports.dbt_runner import DbtPaths, run_dbt_build
    from reports.marts import load_site_data
    from reports.progress import StageLog

    paths = DbtPaths.inside(tmp_path / "work")
    run_dbt_build(sample_extract, paths, StageLog(quiet=True), {"support_window_days": 30})
    data = load_site_data(paths.duckdb, paths.target / "manifest.json")
    assert data.conventions["support_window_days"] == 30
    assert data.conventions["health_bands"][0]["name"] == "green"
    monkeypatch.setattr(quality, "_IN_FORCE", None)
    quality.use_conventions(data.conventions)
    from reports.health_context import component_evidence

    assert component_evidence("support", {"tickets_created": 0}) == "no ticket in 30 days"


def test_the_architecture_map_names_only_files_that_exist():
    """docs/architecture.md is how a newcomer finds a metric's SQL, tests and page: every path it names is
    real (marts/ and intermediate/ are under models/; templates under site_templates/pages/)."""
    text = (REPO_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_./*<>-]+)`", text))
    checked = 0
    for name in named:
        if "*" in name or "<" in name or ("/" not in name and not name.endswith(".j2")):
            continue
        candidates = [
            REPO_ROOT / name,
            REPO_ROOT / "models" / "staging" / name,
            REPO_ROOT / "models" / name,
            REPO_ROOT / "site_templates" / "pages" / name,
        ]
        candidates += [path.with_suffix(".sql") for path in candidates]
        assert any(path.exists() for path in candidates), name
        checked += 1
    assert checked > 40


def test_the_site_exposure_lists_every_mart_the_site_reads():
    """models/_exposures.yml declares the site's interface: exactly the marts reports/marts.py reads, each
    through the one reader (reports/mart_reader.py); no SQL names a mart."""
    source = (REPO_ROOT / "reports" / "marts.py").read_text(encoding="utf-8")
    read = set(re.findall(r'marts\.rows\(\s*"(\w+)"', source))
    assert not re.search(r"from\s+marts\.", source)
    exposure = yaml.safe_load((REPO_ROOT / "models" / "_exposures.yml").read_text(encoding="utf-8"))
    declared = {
        re.fullmatch(r"ref\('(\w+)'\)", ref).group(1) for ref in exposure["exposures"][0]["depends_on"]
    }
    assert declared == read
