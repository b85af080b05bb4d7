"""The site as a person sees it: real pages in Debian's headless Chromium."""

from __future__ import annotations

import html
import re

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


def _first_account_page(built_site: BuiltSite) -> str:
    index = (built_site.site / "accounts" / "index.html").read_text(encoding="utf-8")
    return "accounts/" + html.unescape(re.findall(r'<a href="([^"]+\.html)">', index)[0])


def test_home_and_account_pages_draw_their_charts_with_no_error_and_no_outside_request(built_site: BuiltSite):
    with serve(built_site.site) as base_url, browser_page(base_url) as (page, watch):
        for name, path in (("home", "index.html"), ("account", _first_account_page(built_site))):
            page.goto(f"{base_url}/{path}")
            states = wait_for_charts(page)
            assert states and set(states) == {"drawn"}, (path, states)
            assert page.locator("figure.tenure-chart svg").count() == len(states)
            screenshot(page, name)
        page.goto(f"{base_url}/accounts/index.html")
        screenshot(page, "accounts")
    assert watch.console_errors == [] and watch.page_errors == []
    assert watch.external_requests == []


def test_accounts_table_filters_and_sorts_in_the_page(built_site: BuiltSite):
    with serve(built_site.site) as base_url, browser_page(base_url) as (page, watch):
        page.goto(f"{base_url}/accounts/index.html")
        rows = page.locator("table[data-filterable] tbody tr")
        total = rows.count()
        first_name = page.locator("table[data-filterable] tbody tr td:first-child").first.inner_text()
        page.fill("input.tenure-filter__input", first_name)
        visible = page.locator("table[data-filterable] tbody tr:visible td:first-child").all_inner_texts()
        assert first_name in visible and len(visible) < total
        page.fill("input.tenure-filter__input", "")
        assert page.locator("table[data-filterable] tbody tr:visible").count() == total
        arr_header = page.locator("table[data-filterable] th", has_text="ARR")
        arr_column = "table[data-filterable] tbody tr td:nth-child(3)"
        keys = "cells => cells.map(c => parseFloat(c.dataset.sort))"
        # The table opens with the largest accounts first; a click on ARR reverses, another restores.
        sort_keys = page.eval_on_selector_all(arr_column, keys)
        assert sort_keys == sorted(sort_keys, reverse=True)
        assert arr_header.get_attribute("aria-sort") == "descending"
        arr_header.click()
        assert page.eval_on_selector_all(arr_column, keys) == sorted(sort_keys)
        arr_header.click()
        assert page.eval_on_selector_all(arr_column, keys) == sorted(sort_keys, reverse=True)
        tier_header = page.locator("table[data-filterable] th", has_text="Tier")
        tier_header.click()  # a text column: A to Z first
        tiers = page.eval_on_selector_all(
            "table[data-filterable] tbody tr td:nth-child(2)", "cells => cells.map(c => c.textContent.trim())"
        )
        assert tiers == sorted(tiers)
    assert watch.console_errors == [] and watch.external_requests == []


def test_site_search_finds_an_account_by_name(built_site: BuiltSite):
    from reports.sample import PLANTED_STORIES

    name = PLANTED_STORIES[2].account_name  # Lumen Analytics
    with serve(built_site.site) as base_url, browser_page(base_url) as (page, watch):
        page.goto(f"{base_url}/index.html")
        page.click("input.md-search__input")
        page.keyboard.type(name.split()[0], delay=30)  # Material's search listens to key presses
        result = page.locator(".md-search-result__link", has_text=name).first
        result.wait_for(timeout=10_000)
        result.click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text().rstrip("¶") == name
        assert "/accounts/" in page.url
    assert watch.console_errors == [] and watch.external_requests == []


def test_pages_fit_a_phone_and_draw_in_dark_mode(built_site: BuiltSite):
    with serve(built_site.site) as base_url, browser_page(base_url, width=390, height=844) as (page, watch):
        for name, path in (("home-phone", "index.html"), ("account-phone", _first_account_page(built_site))):
            page.goto(f"{base_url}/{path}")
            wait_for_charts(page)
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, (path, overflow)
            screenshot(page, name)
        page.goto(f"{base_url}/index.html")
        page.locator("label.md-header__button[for^=__palette]").first.click()
        page.wait_for_timeout(300)
        assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
        assert set(wait_for_charts(page)) == {"drawn"}
        screenshot(page, "home-phone-dark")
    assert watch.console_errors == [] and watch.page_errors == []


def test_qbr_brief_prints_to_at_most_two_pages_with_no_navigation(built_site: BuiltSite):
    from reports.sample import PLANTED_STORIES

    story = next(s for s in PLANTED_STORIES if s.key == "strategic_no_qbr")
    briefs = built_site.site / "briefs"
    page_name = next(p.name for p in briefs.glob("*.html") if p.name.startswith("orbital-dynamics"))
    with serve(built_site.site) as base_url, browser_page(base_url) as (page, watch):
        page.goto(f"{base_url}/briefs/{page_name}")
        assert page.locator("h1").inner_text().rstrip("¶") == f"QBR brief: {story.account_name}"
        screenshot(page, "qbr-brief")
        page.emulate_media(media="print")
        hidden = page.evaluate(
            "() => ['.md-header', '.md-tabs', '.md-sidebar--primary', '.md-footer', '.tenure-print-button']"
            ".map(s => document.querySelector(s)).filter(Boolean)"
            ".every(e => !e.checkVisibility())"
        )
        assert hidden, "navigation chrome shows in print"
        stamp = page.locator(".tenure-stamp").inner_text().strip()
        assert "· ·" not in stamp and not stamp.endswith("·"), stamp  # no empty separators on paper
        pdf = page.pdf(format="A4", print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert 1 <= pages <= 2, pages
        (built_site.site.parent / "qbr-brief.pdf").write_bytes(pdf)
    assert watch.console_errors == [] and watch.page_errors == [] and watch.external_requests == []


def test_program_pages_load_with_no_error_and_draw_their_charts(built_site: BuiltSite):
    pages = [
        "renewals.html",
        "health.html",
        "support.html",
        "qbr.html",
        "value-plans.html",
        "references.html",
        "onboarding.html",
        "team/index.html",
        "retention.html",
    ]
    with serve(built_site.site) as base_url, browser_page(base_url) as (page, watch):
        for path in pages:
            page.goto(f"{base_url}/{path}")
            states = wait_for_charts(page)
            assert set(states) <= {"drawn"}, (path, states)
            screenshot(page, path.replace("/", "-").removesuffix(".html"))
    assert watch.console_errors == [] and watch.page_errors == [] and watch.external_requests == []


def test_site_search_works_with_the_site_opened_from_disk(built_site: BuiltSite):
    """The README says the site opens from disk: search must too (the theme's offline plugin, with its
    web-worker shim vendored, and the account pages in search/search_index.js)."""
    from reports.sample import PLANTED_STORIES

    name = PLANTED_STORIES[2].account_name
    base_url = built_site.site.resolve().as_uri()
    with browser_page(base_url) as (page, watch):
        page.goto(f"{base_url}/index.html")
        page.click("input.md-search__input")
        page.keyboard.type(name, delay=20)
        result = page.locator(".md-search-result__link", has_text=name).first
        result.wait_for(timeout=10_000)
        result.click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text().rstrip("¶") == name
        assert page.url.startswith("file://") and "/accounts/" in page.url
    assert watch.console_errors == [] and watch.external_requests == []


@pytest.mark.parametrize("width", [1440, 390])
def test_a_churned_account_page_opens_with_its_churn_and_a_summary(built_site: BuiltSite, width: int):
    from reports.sample import PLANTED_STORIES

    story = next(story for story in PLANTED_STORIES if story.key == "champion_loss_churned")
    path = next(
        f"accounts/{p.name}"
        for p in (built_site.site / "accounts").glob("*.html")
        if p.name != "index.html" and f">{story.account_name}<" in p.read_text(encoding="utf-8")
    )
    with serve(built_site.site) as base_url, browser_page(base_url, width=width) as (page, watch):
        page.goto(f"{base_url}/{path}")
        summary = page.locator("#summary")
        assert summary.is_visible()
        top = summary.bounding_box()["y"]
        # The summary comes before every section of the page, and opens with the churn.
        assert top < page.locator("h2").first.bounding_box()["y"]
        banner = page.locator("[data-churned]")
        assert banner.is_visible() and banner.inner_text().startswith("Churned ")
        assert "ARR lost" in banner.inner_text()
        page.locator("[data-churned] a", has_text="retrospective").click()
        page.wait_for_load_state("load")
        assert "retention.html#retro-" in page.url
        assert page.locator("div.tenure-retro:target").count() == 1
        for fact in ("arr", "health", "renewal", "owners", "tickets", "qbr"):
            assert page.locator(f'#summary [data-summary="{fact}"]').count() == 0  # we left the page
        page.go_back()
        for fact in ("arr", "health", "renewal", "owners", "contacts", "tickets", "qbr", "opportunities"):
            assert page.locator(f'#summary [data-summary="{fact}"]').count() == 1, fact
        screenshot(page, f"account-churned-{width}")
    assert watch.page_errors == [] and watch.console_errors == []
