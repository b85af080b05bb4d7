"""End to end: a generated extract through dbt and MkDocs to a published site, checked in its HTML."""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import BuiltSite, run_build

pytestmark = pytest.mark.slow


def _rows(extract: Path, table: str) -> list[dict[str, str]]:
    with open(extract / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def company_arr_from_extract(extract: Path) -> float:
    """ARR at as_of recomputed from the files with the spec's formula, independently of the SQL."""
    meta = yaml.safe_load((extract / "extract.yml").read_text())
    as_of = dt.date.fromisoformat(str(meta["as_of"]))
    reporting = meta.get("reporting_currency", "USD")
    month = as_of.replace(day=1)
    rates: dict[str, list[tuple[dt.date, float]]] = {}
    fx_file = extract / "billing" / "fx_rates.csv"
    if fx_file.exists():
        for row in _rows(extract, "billing/fx_rates"):
            rates.setdefault(row["currency"], []).append(
                (dt.date.fromisoformat(row["month"]), float(row["rate_to_reporting"]))
            )

    def rate(currency: str) -> float:
        if currency == reporting:
            return 1.0
        earlier = [(m, r) for m, r in rates[currency] if m <= month]
        return max(earlier)[1]

    mrr = 0.0
    for period in _rows(extract, "billing/subscription_periods"):
        start = dt.date.fromisoformat(period["start_date"])
        end = dt.date.fromisoformat(period["end_date"]) if period["end_date"] else None
        if start <= as_of and (end is None or as_of < end):
            amount = float(period["quantity"]) * float(period["unit_amount"])
            amount *= 1 - float(period["discount_percent"] or 0) / 100
            mrr += amount / int(period["billing_period_months"]) * rate(period["currency"])
    return 12 * mrr


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
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
        assert heading and _text(heading.group(1)) == name
        assert 'data-chart="account_mrr"' in page or "No billing history" in page
    charts = sum(
        'data-chart="account_mrr"' in html.unescape(page.read_text(encoding="utf-8"))
        for page in (built_site.site / "accounts").glob("*.html")
    )
    assert charts >= len(accounts) * 0.8, "most accounts have billing history and so a chart"


def test_account_pages_are_not_listed_in_the_navigation(built_site: BuiltSite):
    home = (built_site.site / "index.html").read_text(encoding="utf-8")
    nav_links = re.findall(r'class="md-nav__link[^"]*"', home)
    assert len(nav_links) < 20, "the navigation lists account pages"
    assert "accounts/" in home  # the Accounts section itself is there


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
