"""Tables an executive can read, at 1,440 px and on a phone: no word broken inside, numbers aligned, the
largest accounts first, filters kept in the address, every table downloadable as CSV, every KPI linked to
its definition. Real pages in Debian's headless Chromium."""

from __future__ import annotations

import csv
import html
import io
import re

import duckdb
import pytest

from tests.browser import CHROMIUM, browser_page, screenshot, serve, wait_for_charts
from tests.conftest import BuiltSite

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed (make test installs it)"
    ),
]

WIDE_PAGES = ("accounts/index.html", "references.html", "renewals.html", "team/index.html", "qbr.html")

# For each table cell (the first rows of each table), the words that the browser laid out over more than
# one line: a word broken inside ("scal e", "$26, 208"). A line may end after a hyphen, as in print
# ("Reference-" / "able"); dates never break (they are kept on one line).
BROKEN_WORDS = """
() => {
  const broken = [];
  for (const table of document.querySelectorAll('.md-typeset table')) {
    const cells = [...table.querySelectorAll('tr')].slice(0, 26).flatMap(row => [...row.cells]);
    for (const cell of cells) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent;
        const pattern = /[^\\s-]+-*|-+/g;
        let match;
        while ((match = pattern.exec(text)) !== null) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const rects = [...range.getClientRects()].filter(r => r.width > 0);
          const tops = new Set(rects.map(r => Math.round(r.top)));
          if (tops.size > 1) broken.push(match[0]);
        }
      }
    }
  }
  return broken;
}
"""


def _an_account_page(built_site: BuiltSite) -> str:
    index = (built_site.site / "accounts" / "index.html").read_text(encoding="utf-8")
    return "accounts/" + html.unescape(re.findall(r'<a href="([^"]+\.html)">', index)[0])


@pytest.mark.parametrize("width", [1440, 390])
def test_no_table_cell_breaks_a_word_at_desktop_or_phone_width(built_site: BuiltSite, width: int):
    pages = (*WIDE_PAGES, "index.html", "health.html", _an_account_page(built_site))
    with serve(built_site.site) as base_url, browser_page(base_url, width=width) as (page, watch):
        for path in pages:
            page.goto(f"{base_url}/{path}")
            page.wait_for_timeout(200)
            assert page.evaluate(BROKEN_WORDS) == [], (path, width)
    assert watch.page_errors == []


def test_wide_pages_use_the_whole_window(built_site: BuiltSite):
    with serve(built_site.site) as base_url, browser_page(base_url, width=1440) as (page, _):
        for path in WIDE_PAGES:
            page.goto(f"{base_url}/{path}")
            content = page.evaluate(
                "() => document.querySelector('.md-content').getBoundingClientRect().width"
            )
            assert content > 1300, (path, content)


def test_reference_matrix_shows_every_type_beside_the_account_name_at_1440(built_site: BuiltSite):
    with serve(built_site.site) as base_url, browser_page(base_url, width=1440) as (page, _):
        page.goto(f"{base_url}/references.html")
        placed = page.evaluate(
            """() => {
              const table = document.querySelector('table.tenure-reference-matrix');
              const frame = table.closest('.tenure-table-wrap').getBoundingClientRect();
              const headers = [...table.tHead.rows[0].cells].map(th => th.getBoundingClientRect());
              return {frameLeft: frame.left, frameRight: frame.right,
                      lefts: headers.map(r => r.left), rights: headers.map(r => r.right)};
            }"""
        )
        # The account name, the tier and the twelve types are all inside the frame, not behind a scroll.
        assert placed["lefts"][0] >= placed["frameLeft"] - 1
        assert max(placed["rights"][:14]) <= placed["frameRight"] + 1
        screenshot(page, "references-1440")


def test_accounts_open_largest_first_and_a_filtered_view_is_kept_in_the_address(built_site: BuiltSite):
    with serve(built_site.site) as base_url, browser_page(base_url, width=1440) as (page, watch):
        page.goto(f"{base_url}/accounts/index.html")
        arr = page.eval_on_selector_all(
            "table[data-accounts-table] tbody tr td:nth-child(3)",
            "cells => cells.map(c => parseFloat(c.dataset.sort))",
        )
        assert arr == sorted(arr, reverse=True) and arr[0] > 0
        tier = page.eval_on_selector(
            "table[data-accounts-table] tbody tr td:nth-child(2)", "cell => cell.textContent.trim()"
        )
        page.select_option('select[data-facet="tier"]', tier)
        page.select_option('select[data-facet="renewal_days"]', "365")
        address = page.url
        assert f"tier={tier}" in address and "renewal_days=365" in address and "sort=2d" in address
        shown = page.eval_on_selector_all(
            "table[data-accounts-table] tbody tr:not([hidden])",
            "rows => rows.map(r => r.cells[1].textContent.trim())",
        )
        assert shown and set(shown) == {tier}
        # The same address, opened afresh, shows the same view.
        page.goto("about:blank")
        page.goto(address)
        again = page.eval_on_selector_all(
            "table[data-accounts-table] tbody tr:not([hidden])",
            "rows => rows.map(r => r.cells[1].textContent.trim())",
        )
        assert again == shown
        assert page.input_value('select[data-facet="tier"]') == tier
    assert watch.page_errors == [] and watch.console_errors == []


def test_a_table_downloads_as_csv_with_the_rows_shown_and_numbers_as_numbers(built_site: BuiltSite):
    with serve(built_site.site) as base_url, browser_page(base_url, width=1440) as (page, _):
        page.goto(f"{base_url}/accounts/index.html")
        first = page.eval_on_selector(
            "table[data-accounts-table] tbody tr td:first-child", "cell => cell.textContent.trim()"
        )
        page.fill("input.tenure-filter__input", first)
        with page.expect_download() as info:
            page.locator("[data-csv-download]").first.click()
        download = info.value
        assert download.suggested_filename.endswith(".csv")
        with open(download.path(), encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(io.StringIO(handle.read())))
        assert rows[0][:3] == ["Account", "Tier", "ARR"]
        assert first in [row[0] for row in rows[1:]]
        shown = page.locator("table[data-accounts-table] tbody tr:not([hidden])").count()
        assert len(rows) - 1 == shown
        arr = page.eval_on_selector(
            "table[data-accounts-table] tbody tr:not([hidden]) td:nth-child(3)", "cell => cell.dataset.sort"
        )
        assert rows[1][2] == arr and "$" not in rows[1][2]


def test_every_kpi_on_the_home_page_links_to_its_entry_on_the_definitions_page(built_site: BuiltSite):
    with serve(built_site.site) as base_url, browser_page(base_url, width=1440) as (page, _):
        page.goto(f"{base_url}/index.html")
        kpis = page.locator(".tenure-kpi").count()
        links = page.eval_on_selector_all(
            ".tenure-kpi__label a.tenure-def", "links => links.map(a => a.getAttribute('href'))"
        )
        assert kpis > 5 and len(links) == kpis
        page.goto(f"{base_url}/definitions.html")
        anchors = set(page.eval_on_selector_all("h2[id]", "hs => hs.map(h => h.id)"))
        assert {link.split("#")[1] for link in links} <= anchors


def test_every_definition_link_on_every_page_lands_on_an_entry(built_site: BuiltSite):
    """Figures and column headers link to the Definitions page; no link points at a missing entry, and the
    pages that show metrics in tables (team, CSM, QBR, references, support, retention, health) carry some."""
    definitions = html.unescape((built_site.site / "definitions.html").read_text(encoding="utf-8"))
    anchors = set(re.findall(r'<h2 id="([^"]+)"', definitions))
    counts: dict[str, int] = {}
    for path in built_site.site.rglob("*.html"):
        text = html.unescape(path.read_text(encoding="utf-8"))
        links = re.findall(r'<a class="tenure-def[^"]*" href="(?:\.\./)?definitions\.html#([^"]+)"', text)
        assert set(links) <= anchors, (path, set(links) - anchors)
        counts[str(path.relative_to(built_site.site))] = len(links)
    for page in (
        "team/index.html",
        "qbr.html",
        "references.html",
        "support.html",
        "retention.html",
        "health.html",
    ):
        assert counts[page] > 0, page
    csm = next(name for name in counts if name.startswith("team/") and name != "team/index.html")
    assert counts[csm] > 0


def test_every_chart_that_shows_a_metric_links_to_its_definition(built_site: BuiltSite):
    """Under every chart of the overview pages and an account page, a link to each metric it shows; the
    links land on entries of the Definitions page. (Seat use on an account page is no metric of its own.)"""
    pages = [
        "index.html",
        "retention.html",
        "health.html",
        "renewals.html",
        "support.html",
        "references.html",
    ]
    with serve(built_site.site) as base_url, browser_page(base_url, width=1440) as (page, _):
        page.goto(f"{base_url}/definitions.html")
        anchors = set(page.eval_on_selector_all("h2[id]", "hs => hs.map(h => h.id)"))
        charts = 0
        for path in [*pages, _an_account_page(built_site)]:
            page.goto(f"{base_url}/{path}")
            figures = page.eval_on_selector_all(
                "figure.tenure-chart[data-chart]",
                """figures => figures.map(f => [f.dataset.chart,
                    [...f.querySelectorAll('[data-chart-definitions] a.tenure-def')]
                        .map(a => a.getAttribute('href'))])""",
            )
            for kind, links in figures:
                charts += 1
                if kind == "account_usage":
                    continue
                assert links, (path, kind)
                assert {link.split("#")[1] for link in links} <= anchors, (path, kind)
        assert charts >= 15


def test_the_retention_page_shows_every_cohort_with_its_size_and_cohorts_by_year_and_segment(
    built_site: BuiltSite,
):
    database = next(built_site.work.glob("run-*/tenure.duckdb"))
    with duckdb.connect(str(database), read_only=True) as con:
        sizes = dict(
            con.execute(
                "select strftime(cohort_month, '%Y-%m'), max(cohort_accounts) "
                "from marts.rpt_cohort_retention where segment_type = 'company' group by 1"
            ).fetchall()
        )
        years = con.execute(
            "select count(*) from marts.rpt_cohort_summary where segment_type = 'company'"
        ).fetchone()[0]
        tiers = con.execute(
            "select count(*) from marts.rpt_cohort_summary where segment_type = 'tier'"
        ).fetchone()[0]
    with serve(built_site.site) as base_url, browser_page(base_url, width=1440) as (page, _):
        page.goto(f"{base_url}/retention.html")
        wait_for_charts(page)
        cells = page.eval_on_selector('figure[data-chart="cohort_logo"]', "f => JSON.parse(f.dataset.values)")
        labels = {cell["cohort_label"] for cell in cells}
        assert labels == {f"{month} ({size:,})" for month, size in sizes.items()}
        assert page.locator("table[data-cohort-company] tbody tr").count() == years
        tier_rows = page.locator('details[data-cohort-segment-type="tier"] tbody tr').count()
        assert tier_rows == tiers


def test_every_page_kind_is_photographed_at_desktop_and_phone_width(built_site: BuiltSite):
    """Screenshots for a person to look at (test-artifacts/screenshots/): every kind of page at 1,440 and
    390 px, each drawn with no error."""
    account = _an_account_page(built_site)
    brief = next(f"briefs/{p.name}" for p in (built_site.site / "briefs").glob("*.html"))
    csm = next(f"team/{p.name}" for p in (built_site.site / "team").glob("*.html") if p.name != "index.html")
    kinds = {
        "home": "index.html",
        "retention": "retention.html",
        "accounts": "accounts/index.html",
        "account": account,
        "brief": brief,
        "renewals": "renewals.html",
        "health": "health.html",
        "support": "support.html",
        "qbr": "qbr.html",
        "value-plans": "value-plans.html",
        "references": "references.html",
        "onboarding": "onboarding.html",
        "team": "team/index.html",
        "csm": csm,
        "data-quality": "data-quality.html",
        "definitions": "definitions.html",
    }
    with serve(built_site.site) as base_url, browser_page(base_url, width=1440) as (page, watch):
        for width in (1440, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for kind, path in kinds.items():
                page.goto(f"{base_url}/{path}")
                states = wait_for_charts(page)
                assert set(states) <= {"drawn", "empty"}, (kind, states)
                assert screenshot(page, f"page-{kind}-{width}").stat().st_size > 10_000, kind
    assert watch.page_errors == [] and watch.console_errors == []
