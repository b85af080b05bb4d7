"""End to end: a generated extract through dbt and MkDocs to a published site, checked in its HTML."""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
from pathlib import Path

import pytest

from tests.conftest import BuiltSite, run_build
from tests.spec_from_files import expected_account_mrr, extract_settings

pytestmark = pytest.mark.slow


def _rows(extract: Path, table: str) -> list[dict[str, str]]:
    with open(extract / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def company_arr_from_extract(extract: Path) -> float:
    """ARR at as_of recomputed from the files with the MRR definition (models/docs/definitions.md),
    independently of the SQL."""
    as_of, _ = extract_settings(extract)
    return 12 * sum(
        months.get(as_of.replace(day=1), 0.0) for months in expected_account_mrr(extract).values()
    )


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def test_home_page_shows_the_company_arr_computed_from_the_extract_files(built_site: BuiltSite):
    page = (built_site.site / "index.html").read_text(encoding="utf-8")
    shown = re.search(r'data-kpi="arr">([^<]+)<', page)
    assert shown, "the home page has no ARR figure"
    shown_value = float(re.sub(r"[^0-9.]", "", shown.group(1)))
    expected = company_arr_from_extract(built_site.extract)
    assert expected > 0
    assert abs(shown_value - expected) < 1.0, (shown.group(1), expected)


def test_every_account_has_a_page_with_its_name_and_its_mrr_chart(built_site: BuiltSite):
    accounts = _rows(built_site.extract, "crm/accounts")
    index = (built_site.site / "accounts" / "index.html").read_text(encoding="utf-8")
    links = {
        _text(name): html.unescape(href)
        for href, name in re.findall(r'<a href="([^"]+\.html)">(.*?)</a>', index)
    }
    for account in accounts:
        name = account["account_name"]
        assert name in links, f"{name!r} is not in the accounts table"
        page = html.unescape((built_site.site / "accounts" / links[name]).read_text(encoding="utf-8"))
        heading = re.search(r'<h1[^>]*>(.*?)(?:<a class="headerlink"[^>]*>[^<]*</a>)?</h1>', page, re.S)
        assert heading and _text(heading.group(1)) == name
        assert 'data-chart="account_mrr"' in page or "No billing history" in page
    charts = sum(
        'data-chart="account_mrr"' in html.unescape(page.read_text(encoding="utf-8"))
        for page in (built_site.site / "accounts").glob("*.html")
    )
    assert charts >= len(accounts) * 0.8, "most accounts have billing history and so a chart"


def test_account_pages_are_not_listed_in_the_navigation(built_site: BuiltSite):
    home = (built_site.site / "index.html").read_text(encoding="utf-8")
    nav_targets = re.findall(r'<a href="([^"]+)"[^>]*class="md-nav__link[^"]*"', home)
    assert "accounts/index.html" in nav_targets  # the Accounts section itself is there
    per_entity = [
        target for target in nav_targets if re.match(r"(accounts|briefs|team)/(?!index\.html)", target)
    ]
    assert per_entity == [], "the navigation lists account, brief or CSM pages"
    assert len(nav_targets) < 40  # the sample's account count: the navigation does not grow with it


# What a browser would fetch or follow: attributes that load or link, and CSS url()/@import.
_REFERENCE = re.compile(
    r"""(?:\b(?:src|href|action|poster|data|srcset|formaction)\s*=\s*["']?|url\(\s*["']?|@import\s+["'])"""
    r"""\s*((?:https?:)?//[^"'\s)>]+)""",
    re.IGNORECASE,
)


def test_built_site_refers_to_no_external_address(built_site: BuiltSite):
    offenders = []
    for path in built_site.site.rglob("*"):
        if path.suffix not in {".html", ".css", ".js", ".json", ".xml"}:
            continue
        if path.name == "vega-bundle.js" or path.parent.name == "workers":
            continue  # vendored libraries: their strings name URLs they never load on this site
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{path.relative_to(built_site.site)}: {url}" for url in _REFERENCE.findall(text)]
    assert not offenders, offenders[:10]


def test_pages_carry_no_absolute_web_address_at_all(built_site: BuiltSite):
    """Stricter for the pages themselves: no http(s) address anywhere but XML namespaces."""
    for page in built_site.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        urls = [
            u for u in re.findall(r"https?://[^\s\"'<>)]+", text) if not u.startswith("http://www.w3.org/")
        ]
        assert not urls, (page.name, urls[:5])


def test_vega_is_served_from_the_site_itself(built_site: BuiltSite):
    bundle = built_site.site / "assets" / "javascripts" / "vega-bundle.js"
    assert bundle.stat().st_size > 500_000
    assert 'src="../assets/javascripts/vega-bundle.js"' in (
        built_site.site / "accounts" / "index.html"
    ).read_text(encoding="utf-8")


def test_build_prints_stage_timings(built_site: BuiltSite):
    assert "Stage timings:" in built_site.stderr
    for stage in ("dbt build", "queries", "charts", "pages", "mkdocs build", "total"):
        assert stage in built_site.stderr


def test_a_missing_extract_folder_is_one_clear_message_and_publishes_nothing(tmp_path: Path):
    completed = run_build(
        "--raw",
        str(tmp_path / "nowhere"),
        "--out",
        str(tmp_path / "site"),
        "--work-dir",
        str(tmp_path / "work"),
    )
    assert completed.returncode == 2
    assert "nowhere" in completed.stderr and "does not exist" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert not (tmp_path / "site").exists()


def test_company_mrr_per_month_in_the_bridge_matches_the_files_to_the_cent(built_site: BuiltSite):
    import duckdb

    expected: dict[dt.date, float] = {}
    for months in expected_account_mrr(built_site.extract).values():
        for month, mrr in months.items():
            expected[month] = expected.get(month, 0.0) + round(mrr, 2)  # each account's MRR to the cent
    database = next(built_site.work.glob("run-*/tenure.duckdb"))
    with duckdb.connect(str(database), read_only=True) as con:
        bridge = dict(
            con.execute(
                "select month, ending_mrr from marts.rpt_mrr_bridge where segment_type = 'company'"
            ).fetchall()
        )
    months = sorted(set(expected) | set(bridge))
    assert len(months) > 36
    for month in months:
        assert round(bridge.get(month, 0.0), 2) == round(expected.get(month, 0.0), 2), month


def _account_page(built_site: BuiltSite, story_key: str) -> str:
    from reports.sample import PLANTED_STORIES

    story = next(s for s in PLANTED_STORIES if s.key == story_key)
    index = (built_site.site / "accounts" / "index.html").read_text(encoding="utf-8")
    for href, name in re.findall(r'<a href="([^"]+\.html)">(.*?)</a>', index):
        if _text(name) == story.account_name:
            return html.unescape(
                (built_site.site / "accounts" / html.unescape(href)).read_text(encoding="utf-8")
            )
    raise AssertionError(f"{story.account_name} has no page")


def _movement_rows(page: str) -> list[tuple[str, str, str]]:
    table = re.search(r'<table class="tenure-movements".*?</table>', page, re.S)
    assert table, "no movement table"
    return [
        tuple(_text(cell) for cell in re.findall(r"<td>(.*?)</td>", row)[:3])
        for row in re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)[1:]
    ]


def test_planted_expansion_shows_on_the_account_page_with_its_amount(built_site: BuiltSite):
    rows = _movement_rows(_account_page(built_site, "usage_expansion"))
    expansion = [row for row in rows if row[1] == "expansion"]
    assert expansion and expansion[0][0] == "Aug 2026"
    lumen = expected_account_mrr(built_site.extract)["A00003"]
    before, after = round(lumen[dt.date(2026, 7, 1)], 2), round(lumen[dt.date(2026, 8, 1)], 2)
    assert expansion[0][2] == f"${after - before:,.2f}"


def test_planted_churn_shows_on_the_account_page_and_the_account_has_no_arr(built_site: BuiltSite):
    page = _account_page(built_site, "champion_loss_churned")
    churn = [row for row in _movement_rows(page) if row[1] == "churn"]
    assert churn and churn[0][0] == "Apr 2026"
    assert re.search(r'data-fact="arr">\$0<', page)


def test_every_internal_link_in_the_site_resolves(built_site: BuiltSite):
    broken = []
    for page in built_site.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for attribute in re.findall(r'(?:href|src)="([^"]*)"', text):
            href = re.split(r"[#?]", html.unescape(attribute))[0]
            if href.startswith(("http:", "https:", "mailto:", "data:", "javascript:")) or not href:
                continue
            base = built_site.site if href.startswith("/") else page.parent  # 404.html links from the root
            target = (base / href.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built_site.site)} -> {href}")
    assert not broken, broken[:10]


def test_dbt_docs_generate_works_on_the_built_project_and_lists_the_site_exposure(built_site: BuiltSite):
    import json
    import os
    import subprocess
    import sys

    run_dir = next(built_site.work.glob("run-*"))
    target = run_dir / "docs-target"
    env = {
        **os.environ,
        "TENURE_EXTRACT_DIR": str(built_site.extract),
        "TENURE_DUCKDB_PATH": str(run_dir / "docs-check.duckdb"),
        "DBT_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(run_dir / "docs-logs"),
    }
    import shutil

    shutil.copyfile(run_dir / "tenure.duckdb", run_dir / "docs-check.duckdb")
    dbt = Path(sys.executable).with_name("dbt")
    repo = Path(__file__).resolve().parent.parent
    completed = subprocess.run(
        [str(dbt), "docs", "generate", "--project-dir", str(repo), "--profiles-dir", str(repo)],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout[-3000:]
    catalog = json.loads((target / "catalog.json").read_text())
    assert any(key.endswith(".rpt_mrr_bridge") for key in catalog["nodes"])
    manifest = json.loads((target / "manifest.json").read_text())
    assert "exposure.tenure.tenure_site" in manifest["exposures"]
