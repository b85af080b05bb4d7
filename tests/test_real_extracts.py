"""Extracts shaped unlike the generator's, through the real build (`build.py`): Parquet with natural types,
every nullable column and optional table left out, no extract.yml, an as_of outside the data, a header-only
required table, and a dbt test failing on data the check let through."""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pytest

from reports.contract import TABLES
from reports.dbt_runner import DbtPaths, run_dbt_build
from reports.errors import TenureError
from reports.progress import StageLog
from tests.conftest import SOURCE_DATE_EPOCH, BuiltSite, run_build
from tests.spec_from_files import set_cell
from tests.test_validation import to_parquet

pytestmark = pytest.mark.slow


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(extract: Path, tmp_path: Path, name: str = "site"):
    site = tmp_path / name
    completed = run_build(
        "--raw",
        str(extract),
        "--out",
        str(site),
        "--work-dir",
        str(tmp_path / f"work-{name}"),
        "--jobs",
        "2",
        env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
    )
    return completed, site


def _rewrite_csv(path: Path, keep_columns=None, keep_rows=None) -> None:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    columns = [i for i, name in enumerate(header) if keep_columns is None or keep_columns(name)]
    body = [row for row in rows[1:] if keep_rows is None or keep_rows(dict(zip(header, row, strict=True)))]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(
            [[row[i] for i in columns] for row in [header, *body]]
        )


def test_parquet_with_natural_types_builds_the_same_site_as_csv(built_site: BuiltSite, tmp_path: Path):
    """Decimals for money, timestamps for dates, 32-bit integers, booleans: the site is byte for byte the
    site of the same extract as CSV."""
    extract = tmp_path / "extract"
    shutil.copytree(built_site.extract, extract)
    to_parquet(extract)
    assert not list(extract.rglob("*.csv"))
    completed, site = _build(extract, tmp_path)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert _files(site) == _files(built_site.site)


def test_an_extract_with_only_the_required_tables_and_columns_builds(built_site: BuiltSite, tmp_path: Path):
    """Every optional table and every nullable column left out at once (end_date kept: without it every
    period is open, and a subscription's periods would overlap, which the check refuses)."""
    extract = tmp_path / "extract"
    shutil.copytree(built_site.extract, extract)
    absent_columns = []
    for table in TABLES:
        path = extract / table.folder / f"{table.name}.csv"
        if not table.required:
            path.unlink()
            continue
        dropped = [name for name in table.nullable_columns if name != "end_date"]
        absent_columns += [(table.path, name) for name in dropped]
        _rewrite_csv(path, keep_columns=lambda name, dropped=dropped: name not in dropped)
        if table.path == "billing/subscription_periods":  # one currency, as there are no FX rates
            _rewrite_csv(path, keep_rows=lambda row: row["currency"] == "USD")

    completed, site = _build(extract, tmp_path)
    assert completed.returncode == 0, completed.stderr[-3000:]
    quality = html.unescape((site / "data-quality.html").read_text(encoding="utf-8"))
    for path in {path for path, _ in absent_columns}:
        columns = [column for table, column in absent_columns if table == path]
        listed = ", ".join(f"<code>{column}</code>" for column in columns)
        noun = "columns" if len(columns) > 1 else "column"
        assert f"<li>{noun} {listed} of <code>{path}.csv</code></li>" in quality
    account_pages = [p for p in (site / "accounts").glob("*.html") if p.name != "index.html"]
    assert account_pages
    assert "<title>A0" in account_pages[0].read_text(encoding="utf-8")  # named by its id: no names given


def test_without_extract_yml_as_of_is_today_and_the_build_says_so(built_site: BuiltSite, tmp_path: Path):
    extract = tmp_path / "extract"
    shutil.copytree(built_site.extract, extract)
    (extract / "extract.yml").unlink()
    completed, site = _build(extract, tmp_path)
    assert completed.returncode == 0, completed.stderr[-3000:]
    today = dt.datetime.now(tz=dt.UTC).date().isoformat()
    assert f"as_of {today} (from today (UTC): there is no extract.yml), amounts in USD" in completed.stderr
    page = re.sub(r"<[^>]+>", "", (site / "index.html").read_text(encoding="utf-8"))
    assert f"Data as of {today}" in page


def test_a_bad_as_of_is_one_message_before_dbt(built_site: BuiltSite, tmp_path: Path):
    extract = tmp_path / "extract"
    shutil.copytree(built_site.extract, extract)
    (extract / "extract.yml").write_text("as_of: 31/10/2026\n", encoding="utf-8")
    completed, site = _build(extract, tmp_path)
    assert completed.returncode == 2
    assert completed.stderr.splitlines()[-2:] == [
        f"error: the extract in {extract} does not meet the data contract:",
        "  - extract.yml: expected as_of as a date YYYY-MM-DD, e.g. as_of: 2026-10-31 (found '31/10/2026') "
        "[bad_as_of]",
    ]
    assert "==> dbt build" not in completed.stderr and not site.exists()


@pytest.mark.parametrize(
    ("case", "as_of", "header_only_periods", "nrr"),
    [
        ("as_of before any revenue", "2001-01-31", False, "–"),
        ("as_of years after the data", "2035-06-30", False, "100.0%"),  # open periods go on billing
        ("no subscription period at all", "2026-10-31", True, "–"),
    ],
)
def test_an_extract_with_no_revenue_at_as_of_still_builds(
    built_site: BuiltSite, tmp_path: Path, case: str, as_of: str, header_only_periods: bool, nrr: str
):
    extract = tmp_path / "extract"
    shutil.copytree(built_site.extract, extract)
    (extract / "extract.yml").write_text(f"as_of: {as_of}\n", encoding="utf-8")
    if header_only_periods:
        _rewrite_csv(extract / "billing" / "subscription_periods.csv", keep_rows=lambda row: False)
    completed, site = _build(extract, tmp_path)
    assert completed.returncode == 0, f"{case}: {completed.stderr[-3000:]}"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'data-kpi="nrr">{nrr}</span>' in home


def test_a_dbt_test_failing_on_data_names_the_model_column_and_rows(built_site: BuiltSite, tmp_path: Path):
    """The check before dbt would stop this discount (out_of_range); here dbt runs on it directly, as a
    plain `dbt build` would, and its failing test becomes a message read from dbt's results."""
    extract = tmp_path / "extract"
    shutil.copytree(built_site.extract, extract)
    set_cell(extract, "billing/subscription_periods", 3, "discount_percent", "150")

    with pytest.raises(TenureError) as raised:
        run_dbt_build(extract, DbtPaths.inside(tmp_path / "work"), StageLog(quiet=True))
    assert str(raised.value) == (
        "dbt build failed on the extract:\n"
        "  - stg_billing__subscription_periods, column discount_percent: test matches_contract failed "
        "on 1 row\n"
        "      e.g. value_outside_the_contract=150.0"
    )
