"""Optional means optional: the real build (`build.py`: check, dbt, pages, MkDocs) on a small generated
extract with each optional table left out. It succeeds, the pages that need the table say "no data", and the
Data quality page lists what was absent."""

from __future__ import annotations

import csv
import html
from pathlib import Path

import pytest

from reports.contract import TABLES
from tests.conftest import run_build

pytestmark = pytest.mark.slow

OPTIONAL_TABLES = [table.path for table in TABLES if not table.required]
# Where each optional table's absence shows: a page (relative to the site) or any account page.
SAYS_NO_DATA = {
    "crm/contacts": "accounts/*.html",
    "crm/forecast_snapshots": "team/index.html",
    "crm/activities": "qbr.html",
    "crm/value_plans": "value-plans.html",
    "crm/references": "references.html",
    "crm/sow_milestones": "onboarding.html",
    "billing/invoices": "accounts/*.html",
    "billing/fx_rates": None,  # no page of its own: amounts are converted with it
    "product/usage_monthly": "accounts/*.html",
    "surveys/nps": "support.html",
}


@pytest.fixture(scope="module")
def small_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reports.sample import generate

    return generate(tmp_path_factory.mktemp("optional") / "extract", accounts=20, seed=4)


def copy_without(extract: Path, target: Path, table: str) -> Path:
    for path in extract.rglob("*"):
        relative = path.relative_to(extract)
        if path.is_file() and str(relative) != f"{table}.csv":
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            (target / relative).write_bytes(path.read_bytes())
    if table == "billing/fx_rates":  # without rates, one currency: the reporting one
        for name in ("customers", "subscription_periods", "invoices"):
            path = target / "billing" / f"{name}.csv"
            with open(path, newline="", encoding="utf-8") as handle:
                rows = list(csv.reader(handle))
            index = rows[0].index("currency")
            for row in rows[1:]:
                row[index] = "USD" if row[index] else row[index]
            with open(path, "w", newline="", encoding="utf-8") as handle:
                csv.writer(handle, lineterminator="\n").writerows(rows)
    return target


def test_every_optional_table_of_the_contract_has_a_place_that_says_no_data():
    assert set(SAYS_NO_DATA) == set(OPTIONAL_TABLES)


@pytest.mark.parametrize("table", OPTIONAL_TABLES)
def test_the_site_builds_without_an_optional_table_and_says_no_data(
    small_extract: Path, tmp_path: Path, table: str
):
    extract = copy_without(small_extract, tmp_path / "extract", table)
    site = tmp_path / "site"
    completed = run_build("--raw", str(extract), "--out", str(site), "--work-dir", str(tmp_path / "work"))
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert f"warning: {table}.csv: expected this optional table (absent" in completed.stderr

    quality = html.unescape((site / "data-quality.html").read_text(encoding="utf-8"))
    assert f"<li>table <code>{table}.csv</code></li>" in quality
    page = SAYS_NO_DATA[table]
    if page is not None:
        pages = sorted(site.glob(page))
        assert pages, page
        texts = [html.unescape(path.read_text(encoding="utf-8")) for path in pages]
        saying = [text for text in texts if f'data-no-data="{table}"' in text]
        assert saying, f"no 'no data' on {page}"
        assert f"No data: the extract has no {table} table (see Data quality)." in saying[0]
