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
        arr_header.click()
        arr_header.click()  # descending: the largest account first
        sort_keys = page.eval_on_selector_all(
            "table[data-filterable] tbody tr td[data-sort]",
            "cells => cells.map(c => parseFloat(c.dataset.sort))",
        )
        assert sort_keys == sorted(sort_keys, reverse=True)
    assert watch.console_errors == [] and watch.external_requests == []
