"""Bad input: every problem of the data contract gets one clear message (file, column, lines, expectation);
fatal ones stop the build, the others are warnings."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reports import validation
from reports.sample import generate
from reports.validation import validate_extract

Change = Callable[[Path], None]


@pytest.fixture(scope="module")
def clean_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("clean") / "extract", accounts=25, seed=9)


def edit(table: str, column: str, value: str, row: int = 2) -> Change:
    """Set `column` of data row `row` (1-based; file line row + 1) of `table`."""

    def change(extract: Path) -> None:
        path = extract / f"{table}.csv"
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        rows[row][rows[0].index(column)] = value
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)

    return change


def rewrite(table: str, transform: Callable[[bytes], bytes]) -> Change:
    def change(extract: Path) -> None:
        path = extract / f"{table}.csv"
        path.write_bytes(transform(path.read_bytes()))

    return change


def drop_column(table: str, column: str) -> Change:
    def change(extract: Path) -> None:
        path = extract / f"{table}.csv"
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        index = rows[0].index(column)
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows([r[:index] + r[index + 1 :] for r in rows])

    return change


def duplicate_row(table: str) -> Change:
    return rewrite(table, lambda data: data + data.splitlines(keepends=True)[1])


def also_parquet(table: str) -> Change:
    def change(extract: Path) -> None:
        import duckdb

        source = extract / f"{table}.csv"
        target = source.with_suffix(".parquet")
        duckdb.sql(f"copy (select * from read_csv('{source}')) to '{target}' (format parquet)")

    return change


# (case, change, check, file, column, line, fatal)
CASES = [
    (
        "missing required file",
        lambda e: (e / "crm" / "accounts.csv").unlink(),
        "missing_table",
        "crm/accounts",
        None,
        None,
        True,
    ),
    (
        "missing column",
        drop_column("crm/accounts", "region"),
        "missing_column",
        "crm/accounts.csv",
        None,
        None,
        True,
    ),
    (
        "unparseable date",
        edit("billing/subscription_periods", "start_date", "31/02/2026", 3),
        "bad_date",
        "billing/subscription_periods.csv",
        "start_date",
        4,
        True,
    ),
    (
        "impossible date",
        edit("billing/subscription_periods", "end_date", "2026-02-30"),
        "bad_date",
        "billing/subscription_periods.csv",
        "end_date",
        3,
        True,
    ),
    (
        "unparseable number",
        edit("billing/subscription_periods", "quantity", "ten"),
        "bad_number",
        "billing/subscription_periods.csv",
        "quantity",
        3,
        True,
    ),
    (
        "unparseable integer",
        edit("crm/accounts", "employee_count", "12.5k"),
        "bad_integer",
        "crm/accounts.csv",
        "employee_count",
        3,
        True,
    ),
    (
        "unparseable boolean",
        edit("crm/contacts", "is_champion", "maybe"),
        "bad_boolean",
        "crm/contacts.csv",
        "is_champion",
        3,
        True,
    ),
    (
        "unparseable timestamp",
        edit("support/tickets", "created_at", "yesterday"),
        "bad_timestamp",
        "support/tickets.csv",
        "created_at",
        3,
        True,
    ),
    (
        "duplicate key",
        duplicate_row("crm/accounts"),
        "duplicate_key",
        "crm/accounts.csv",
        "account_id",
        2,
        True,
    ),
    (
        "empty key",
        edit("crm/accounts", "account_id", ""),
        "missing_value",
        "crm/accounts.csv",
        "account_id",
        3,
        True,
    ),
    (
        "unknown enumeration value",
        edit("support/tickets", "priority", "critical"),
        "unknown_value",
        "support/tickets.csv",
        "priority",
        3,
        True,
    ),
    (
        "empty file",
        rewrite("billing/customers", lambda data: b""),
        "empty_file",
        "billing/customers.csv",
        None,
        None,
        True,
    ),
    (
        "wrong delimiter",
        rewrite("crm/users", lambda data: data.replace(b",", b";")),
        "wrong_delimiter",
        "crm/users.csv",
        None,
        None,
        True,
    ),
    (
        "wrong encoding",
        rewrite("crm/accounts", lambda data: data.replace(b"Freight", "Fr\u00e9ight".encode("latin-1"))),
        "encoding",
        "crm/accounts.csv",
        None,
        None,
        True,
    ),
    (
        "negative quantity",
        edit("billing/subscription_periods", "quantity", "-5"),
        "negative_quantity",
        "billing/subscription_periods.csv",
        "quantity",
        3,
        True,
    ),
    (
        "end before start",
        edit("billing/subscription_periods", "end_date", "2000-01-01"),
        "end_before_start",
        "billing/subscription_periods.csv",
        "end_date",
        3,
        True,
    ),
    (
        "zero billing period",
        edit("billing/subscription_periods", "billing_period_months", "0"),
        "bad_billing_period",
        "billing/subscription_periods.csv",
        "billing_period_months",
        3,
        True,
    ),
    (
        "unknown currency without a rate",
        edit("billing/subscription_periods", "currency", "JPY"),
        "currency_without_rate",
        "billing/subscription_periods.csv",
        "currency",
        3,
        True,
    ),
    (
        "table as both CSV and Parquet",
        also_parquet("crm/users"),
        "duplicate_table",
        "crm/users",
        None,
        None,
        True,
    ),
    (
        "broken extract.yml",
        lambda e: (e / "extract.yml").write_text("as_of: [2026"),
        "bad_metadata",
        "extract.yml",
        None,
        None,
        True,
    ),
    (
        "orphaned ticket",
        edit("support/tickets", "organization_id", "org_gone"),
        "orphan_ticket",
        "support/tickets.csv",
        "organization_id",
        3,
        False,
    ),
    (
        "subscription of an unknown customer",
        edit("billing/subscription_periods", "billing_customer_id", "cus_gone"),
        "unknown_billing_customer",
        "billing/subscription_periods.csv",
        "billing_customer_id",
        3,
        False,
    ),
    (
        "contact of a deleted account",
        edit("crm/contacts", "account_id", "A-deleted"),
        "orphan_contact",
        "crm/contacts.csv",
        "account_id",
        3,
        False,
    ),
]


@pytest.mark.parametrize(
    ("case", "change", "check", "file", "column", "line", "fatal"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_input_gets_one_clear_finding(
    clean_extract: Path, tmp_path: Path, case, change, check, file, column, line, fatal
):
    extract = tmp_path / "extract"
    shutil.copytree(clean_extract, extract)
    change(extract)
    findings = [f for f in validate_extract(extract).findings if f.check == check]
    assert findings, f"{case}: no {check} finding"
    finding = findings[0]
    assert finding.file.startswith(file) and finding.fatal is fatal
    if column:
        assert finding.column == column
    if line:
        assert line in finding.lines
    message = finding.message()
    assert file.split("/")[-1].split(".")[0] in message and "expected" in message


def test_a_clean_extract_has_no_finding(clean_extract: Path):
    assert validate_extract(clean_extract).findings == []


@pytest.mark.parametrize(
    "change",
    [
        rewrite("crm/accounts", lambda data: b"\xef\xbb\xbf" + data),  # a UTF-8 byte-order mark
        rewrite(
            "surveys/nps", lambda data: data.splitlines(keepends=True)[0]
        ),  # an optional table, header only
        lambda e: (e / "surveys" / "nps.csv").unlink(),  # an optional table left out
        rewrite("crm/accounts", lambda data: data.replace(b"\n", b"\r\n")),  # Windows line ends
    ],
    ids=["byte-order mark", "header-only optional table", "missing optional table", "CRLF line ends"],
)
def test_harmless_variations_are_accepted(clean_extract: Path, tmp_path: Path, change: Change):
    extract = tmp_path / "extract"
    shutil.copytree(clean_extract, extract)
    change(extract)
    assert validate_extract(extract).fatal == []


def test_a_fatal_check_can_be_configured_to_only_warn(clean_extract: Path, tmp_path: Path, monkeypatch):
    extract = tmp_path / "extract"
    shutil.copytree(clean_extract, extract)
    edit("billing/subscription_periods", "quantity", "-5")(extract)
    monkeypatch.setattr(validation, "_warn_only_checks", lambda: {"negative_quantity"})
    report = validate_extract(extract)
    assert report.fatal == [] and [f.check for f in report.warnings] == ["negative_quantity"]
