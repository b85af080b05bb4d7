"""Bad input: every problem of the data contract gets one clear message (file, column, lines, what was
expected and what was found) before dbt runs; fatal ones stop the build, the others are warnings for the
data-quality page. Each case edits a small generated extract the way real exports go wrong and checks the
exact message."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from reports import validation
from reports.contract import TABLES
from reports.extract_settings import KNOWN_KEYS
from reports.sample import generate
from reports.validation import validate_extract

Change = Callable[[Path], None]


@pytest.fixture(scope="module")
def clean_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("clean") / "extract", accounts=25, seed=9)


def _rows(extract: Path, table: str) -> list[list[str]]:
    with open(extract / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _write(extract: Path, table: str, rows: list[list[str]]) -> None:
    with open(extract / f"{table}.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def edit(table: str, column: str, value: str, row: int = 2) -> Change:
    """Set `column` of data row `row` (1-based; file line row + 1) of `table`."""

    def change(extract: Path) -> None:
        rows = _rows(extract, table)
        rows[row][rows[0].index(column)] = value
        _write(extract, table, rows)

    return change


def edits(*changes: Change) -> Change:
    def change(extract: Path) -> None:
        for each in changes:
            each(extract)

    return change


def rewrite(table: str, transform: Callable[[bytes], bytes]) -> Change:
    def change(extract: Path) -> None:
        path = extract / f"{table}.csv"
        path.write_bytes(transform(path.read_bytes()))

    return change


def drop_column(table: str, column: str) -> Change:
    def change(extract: Path) -> None:
        rows = _rows(extract, table)
        index = rows[0].index(column)
        _write(extract, table, [r[:index] + r[index + 1 :] for r in rows])

    return change


def rename_column(table: str, column: str, new_name: str) -> Change:
    def change(extract: Path) -> None:
        rows = _rows(extract, table)
        rows[0][rows[0].index(column)] = new_name
        _write(extract, table, rows)

    return change


def duplicate_row(table: str) -> Change:
    return rewrite(table, lambda data: data + data.splitlines(keepends=True)[1])


def duplicate_open_period(extract: Path) -> None:
    """An open period exported twice under a new id: it would double the customer's MRR."""
    rows = _rows(extract, "billing/subscription_periods")
    copy = list(rows[1])
    copy[0] = "per_again"
    _write(extract, "billing/subscription_periods", [*rows, copy])


def amounts_in_cents(extract: Path) -> None:
    rows = _rows(extract, "billing/subscription_periods")
    index = rows[0].index("unit_amount")
    for row in rows[1:]:
        row[index] = str(round(float(row[index]) * 100))
    _write(extract, "billing/subscription_periods", rows)


def drop_fx_month(month: str) -> Change:
    def change(extract: Path) -> None:
        rows = _rows(extract, "billing/fx_rates")
        _write(extract, "billing/fx_rates", [row for row in rows if row[1] != month])

    return change


def also_parquet(table: str) -> Change:
    def change(extract: Path) -> None:
        source = extract / f"{table}.csv"
        target = source.with_suffix(".parquet")
        duckdb.sql(f"copy (select * from read_csv('{source}')) to '{target}' (format parquet)")

    return change


def write_settings(text: str) -> Change:
    def change(extract: Path) -> None:
        (extract / "extract.yml").write_text(text, encoding="utf-8")

    return change


PERIODS = "billing/subscription_periods.csv"
# (case, change, exact message, fatal)
CASES: list[tuple[str, Change, str, bool]] = [
    (
        "missing required file",
        lambda e: (e / "crm" / "accounts.csv").unlink(),
        "crm/accounts.csv: expected the required table crm/accounts.csv or .parquet [missing_table]",
        True,
    ),
    (
        "missing required column",
        drop_column("crm/opportunities", "stage"),
        "crm/opportunities.csv: expected the required column stage (header has: opportunity_id, account_id, "
        "opportunity_type, amount, currency, created_at, close_date, forecast_category, owner_user_id, "
        "primary_competitor, loss_reason) [missing_column]",
        True,
    ),
    (
        "missing nullable column",
        drop_column("crm/accounts", "parent_account_id"),
        "crm/accounts.csv, column parent_account_id: expected this nullable column (absent: read as empty) "
        "[absent_column]",
        False,
    ),
    (
        "missing optional table",
        lambda e: (e / "surveys" / "nps.csv").unlink(),
        "surveys/nps.csv: expected this optional table (absent: read as empty; the pages that need it say "
        "no data) [absent_table]",
        False,
    ),
    (
        "unparseable date",
        edit("billing/subscription_periods", "start_date", "31/02/2026", 3),
        f"{PERIODS}, column start_date, line 4: expected a date YYYY-MM-DD (found '31/02/2026') [bad_date]",
        True,
    ),
    (
        "impossible date",
        edit("billing/subscription_periods", "end_date", "2026-02-30"),
        f"{PERIODS}, column end_date, line 3: expected a date YYYY-MM-DD (found '2026-02-30') [bad_date]",
        True,
    ),
    (
        "unparseable number",
        edit("billing/subscription_periods", "quantity", "ten"),
        f"{PERIODS}, column quantity, line 3: expected a number (dot as decimal separator, no thousands "
        "separator) (found 'ten') [bad_number]",
        True,
    ),
    (
        "unparseable integer",
        edit("crm/accounts", "employee_count", "12.5k"),
        "crm/accounts.csv, column employee_count, line 3: expected a whole number (found '12.5k') "
        "[bad_integer]",
        True,
    ),
    (
        "fraction in a whole number",
        edit("crm/accounts", "employee_count", "12.5"),
        "crm/accounts.csv, column employee_count, line 3: expected a whole number (found '12.5') "
        "[bad_integer]",
        True,
    ),
    (
        "unparseable boolean",
        edit("crm/contacts", "is_champion", "maybe"),
        "crm/contacts.csv, column is_champion, line 3: expected true/false (or 1/0, yes/no) (found 'maybe') "
        "[bad_boolean]",
        True,
    ),
    (
        "unparseable timestamp",
        edit("support/tickets", "created_at", "yesterday"),
        "support/tickets.csv, column created_at, line 3: expected an ISO 8601 timestamp (e.g. "
        "2026-03-04T10:15:00Z) (found 'yesterday') [bad_timestamp]",
        True,
    ),
    (
        "duplicate key",
        duplicate_row("crm/accounts"),
        "crm/accounts.csv, column account_id, lines 2, 27: expected a unique account_id (found 'A00001', "
        "'A00001') [duplicate_key]",
        True,
    ),
    (
        "empty key",
        edit("crm/accounts", "account_id", ""),
        "crm/accounts.csv, column account_id, line 3: expected a value (this column may not be empty) "
        "(found '') [missing_value]",
        True,
    ),
    (
        "unknown enumeration value",
        edit("support/tickets", "priority", "critical"),
        "support/tickets.csv, column priority, line 3: expected one of low, normal, high, urgent "
        "(found 'critical') [unknown_value]",
        True,
    ),
    (
        "empty file",
        rewrite("billing/customers", lambda data: b""),
        "billing/customers.csv: expected a header row (the file is empty) [empty_file]",
        True,
    ),
    (
        "wrong delimiter",
        rewrite("crm/users", lambda data: data.replace(b",", b";")),
        "crm/users.csv, line 1: expected comma-separated columns; it looks ';'-separated [wrong_delimiter]",
        True,
    ),
    (
        "wrong encoding",
        rewrite("crm/accounts", lambda data: data.replace(b"Freight", "Fr\u00e9ight".encode("latin-1"))),
        "crm/accounts.csv, line 2: expected UTF-8 text [encoding]",
        True,
    ),
    (
        "short row",
        rewrite("crm/accounts", lambda data: data.replace(b",2023-11-12T22:37:00Z\n", b"\n", 1)),
        "crm/accounts.csv, line 2: expected as many fields as the header (a short row) [malformed_csv]",
        True,
    ),
    (
        "unclosed quote",
        rewrite("crm/accounts", lambda data: data.replace(b"Halcyon Freight", b'"Halcyon Freight', 1)),
        "crm/accounts.csv, line 2: expected a closing quote for the value opened on this line (the quote is "
        "never closed) [malformed_csv]",
        True,
    ),
    (
        "line numbers after a quoted line break",
        edits(
            edit("crm/accounts", "account_name", "Halcyon\nFreight", 1),
            edit("crm/accounts", "employee_count", "12.5k", 4),
        ),
        "crm/accounts.csv, column employee_count, line 6: expected a whole number (found '12.5k') "
        "[bad_integer]",
        True,
    ),
    (
        "duplicated column name",
        rename_column("crm/accounts", "region", "industry"),
        "crm/accounts.csv, column industry, line 1: expected each column name once in the header "
        "[duplicate_column]",
        True,
    ),
    (
        "NaN amount",
        edit("billing/subscription_periods", "unit_amount", "NaN"),
        f"{PERIODS}, column unit_amount, line 3: expected a finite number smaller than 1e+15 (found 'NaN') "
        "[impossible_number]",
        True,
    ),
    (
        "infinite quantity",
        edit("billing/subscription_periods", "quantity", "inf"),
        f"{PERIODS}, column quantity, line 3: expected a finite number smaller than 1e+15 (found 'inf') "
        "[impossible_number]",
        True,
    ),
    (
        "absurdly large amount",
        edit("billing/subscription_periods", "unit_amount", "1e308"),
        f"{PERIODS}, column unit_amount, line 3: expected a finite number smaller than 1e+15 (found '1e308') "
        "[impossible_number]",
        True,
    ),
    (
        "negative quantity",
        edit("billing/subscription_periods", "quantity", "-5"),
        f"{PERIODS}, column quantity, line 3: expected a value of 0 or more (found '-5') [out_of_range]",
        True,
    ),
    (
        "discount above 100 percent",
        edit("billing/subscription_periods", "discount_percent", "150"),
        f"{PERIODS}, column discount_percent, line 3: expected a value from 0 to 100 (found '150') "
        "[out_of_range]",
        True,
    ),
    (
        "FX rate of zero",
        edit("billing/fx_rates", "rate_to_reporting", "0"),
        "billing/fx_rates.csv, column rate_to_reporting, line 3: expected a value above 0 (found '0') "
        "[out_of_range]",
        True,
    ),
    (
        "NPS score above 10",
        edit("surveys/nps", "score", "11", 1),
        "surveys/nps.csv, column score, line 2: expected a value from 0 to 10 (found '11') [out_of_range]",
        True,
    ),
    (
        "zero billing period",
        edit("billing/subscription_periods", "billing_period_months", "0"),
        f"{PERIODS}, column billing_period_months, line 3: expected a value of 1 or more (found '0') "
        "[out_of_range]",
        True,
    ),
    (
        "end before start",
        edit("billing/subscription_periods", "end_date", "2000-01-01"),
        f"{PERIODS}, column end_date, line 3: expected an end_date after start_date "
        "(found '2025-02-01 → 2000-01-01') [end_before_start]",
        True,
    ),
    (
        "open period exported twice",
        duplicate_open_period,
        f"{PERIODS}, column start_date, end_date, lines 2, 62: expected periods of one subscription that do "
        "not overlap (a change ends one period, starts the next) (found 'sub_x00001: per_x00001 and "
        "per_again', 'sub_x00001: per_again and per_x00001') [overlapping_periods]",
        True,
    ),
    (
        "amounts in cents",
        amounts_in_cents,
        f"{PERIODS}, column unit_amount, lines 2, 3, 4, 5, 6: expected amounts in major units (dollars, not "
        "cents): every unit_amount is a whole number and the median subscription bills 138,120 a month; "
        "divide the amounts by 100, or add minor_units to warn_only_checks if they are right "
        "(found '6000', '6000', '6000', '6000', '72000') [minor_units]",
        True,
    ),
    (
        "unknown currency without a rate",
        edit("billing/subscription_periods", "currency", "JPY"),
        f"{PERIODS}, column currency, line 3: expected a rate in billing/fx_rates for every currency other "
        "than USD (found 'JPY') [currency_without_rate]",
        True,
    ),
    (
        "FX month missing",
        drop_fx_month("2026-10-01"),
        "billing/fx_rates.csv, column month: expected a rate for every month a currency bills in (the latest "
        "earlier rate is used instead) (found 'EUR 2026-10 (EUR 45,849.33 MRR)') [fx_month_missing]",
        False,
    ),
    (
        "table as both CSV and Parquet",
        also_parquet("crm/users"),
        "crm/users.csv: expected one file for crm/users, not both .csv and .parquet [duplicate_table]",
        True,
    ),
    (
        "broken extract.yml",
        write_settings("as_of: [2026"),
        "extract.yml: expected valid YAML (while parsing a flow sequence) [bad_metadata]",
        True,
    ),
    (
        "as_of not a date",
        write_settings("as_of: 31/10/2026\n"),
        "extract.yml: expected as_of as a date YYYY-MM-DD, e.g. as_of: 2026-10-31 (found '31/10/2026') "
        "[bad_as_of]",
        True,
    ),
    (
        "misspelt extract.yml key",
        write_settings("as_of: 2026-10-31\nreporting_curency: USD\n"),
        f"extract.yml: expected only the keys {', '.join(KNOWN_KEYS)}; 'reporting_curency' is ignored; did "
        "you mean reporting_currency? [unknown_setting]",
        False,
    ),
    (
        "orphaned ticket",
        edit("support/tickets", "organization_id", "org_gone"),
        "support/tickets.csv, column organization_id, line 3: expected a organization_id that exists in "
        "support/organizations (found 'org_gone') [orphan_ticket]",
        False,
    ),
    (
        "subscription of an unknown customer",
        edit("billing/subscription_periods", "billing_customer_id", "cus_gone"),
        f"{PERIODS}, column billing_customer_id, line 3: expected a billing_customer_id that exists in "
        "billing/customers (found 'cus_gone') [unknown_billing_customer]",
        False,
    ),
    (
        "contact of a deleted account",
        edit("crm/contacts", "account_id", "A-deleted"),
        "crm/contacts.csv, column account_id, line 3: expected a account_id that exists in crm/accounts "
        "(found 'A-deleted') [orphan_contact]",
        False,
    ),
]


def _changed(clean: Path, tmp_path: Path, change: Change) -> Path:
    extract = tmp_path / "extract"
    shutil.copytree(clean, extract)
    change(extract)
    return extract


@pytest.mark.parametrize(("case", "change", "message", "fatal"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_gets_one_clear_message(
    clean_extract: Path, tmp_path: Path, case: str, change: Change, message: str, fatal: bool
):
    findings = validate_extract(_changed(clean_extract, tmp_path, change)).findings
    check = message.rsplit("[", 1)[1].rstrip("]")
    matching = [finding for finding in findings if finding.check == check]
    assert [finding.message() for finding in matching] == [message], case
    assert matching[0].fatal is fatal
    if not fatal:
        assert not [finding for finding in findings if finding.fatal], case


def test_a_clean_extract_has_no_finding(clean_extract: Path):
    assert validate_extract(clean_extract).findings == []


@pytest.mark.parametrize(
    "change",
    [
        rewrite("crm/accounts", lambda data: b"\xef\xbb\xbf" + data),
        rewrite("surveys/nps", lambda data: data.splitlines(keepends=True)[0]),
        rewrite("crm/accounts", lambda data: data.replace(b"\n", b"\r\n")),
        edit("crm/activities", "notes", "A long meeting note. " * 250_000),
        edit("crm/accounts", "account_name", 'Halcyon "Freight", Inc.\nShipping'),
        write_settings("as_of: 2026-10-31T23:00:00\n"),
    ],
    ids=[
        "byte-order mark",
        "header-only optional table",
        "CRLF line ends",
        "5 MB quoted cell",
        "quotes, comma and line break in a quoted cell",
        "as_of written as a datetime",
    ],
)
def test_harmless_variations_are_accepted(clean_extract: Path, tmp_path: Path, change: Change):
    assert validate_extract(_changed(clean_extract, tmp_path, change)).findings == []


def test_without_extract_yml_as_of_is_today_and_the_build_says_why(clean_extract: Path, tmp_path: Path):
    report = validate_extract(_changed(clean_extract, tmp_path, lambda e: (e / "extract.yml").unlink()))
    assert report.settings.as_of == dt.datetime.now(tz=dt.UTC).date()
    assert report.settings.as_of_origin == "today (UTC): there is no extract.yml"
    assert report.settings.reporting_currency == "USD"


def test_an_as_of_written_as_a_datetime_is_its_day(clean_extract: Path, tmp_path: Path):
    report = validate_extract(
        _changed(clean_extract, tmp_path, write_settings("as_of: 2026-10-31T23:00:00\n"))
    )
    assert report.settings.as_of == dt.date(2026, 10, 31)
    assert report.settings.as_of_origin == "extract.yml (the day of 2026-10-31T23:00:00)"


def test_a_fatal_check_can_be_configured_to_only_warn(clean_extract: Path, tmp_path: Path, monkeypatch):
    extract = _changed(clean_extract, tmp_path, edit("billing/subscription_periods", "quantity", "-5"))
    monkeypatch.setattr(validation, "_warn_only_checks", lambda: {"out_of_range"})
    report = validate_extract(extract)
    assert report.fatal == [] and [f.check for f in report.warnings] == ["out_of_range"]


PARQUET_TYPES = {
    "date": "timestamp",  # a date column stored as a timestamp at midnight, as many exports do
    "timestamp": "timestamptz",
    "integer": "integer",
    "number": "decimal(18, 4)",
    "boolean": "boolean",
}


def to_parquet(extract: Path) -> None:
    """Every table as Parquet with natural types: decimals, timestamps for dates, 32-bit integers."""
    from reports.contract import TABLES

    with duckdb.connect() as con:
        for table in TABLES:
            source = extract / table.folder / f"{table.name}.csv"
            kinds = {column.name: column.kind for column in table.fields}
            names = [
                row[0] for row in con.execute("describe select * from read_csv(?)", [str(source)]).fetchall()
            ]
            select = ", ".join(
                f'cast("{name}" as {PARQUET_TYPES.get(kinds.get(name, "number"), "varchar")}) as "{name}"'
                for name in names
            )
            con.execute(
                f"copy (select {select} from read_csv(?, all_varchar = true)) to "
                f"'{source.with_suffix('.parquet')}' (format parquet)",
                [str(source)],
            )
            source.unlink()


def test_parquet_with_natural_types_passes_the_same_checks(clean_extract: Path, tmp_path: Path):
    assert validate_extract(_changed(clean_extract, tmp_path, to_parquet)).findings == []


def test_a_bad_value_in_parquet_names_its_row(clean_extract: Path, tmp_path: Path):
    extract = _changed(
        clean_extract,
        tmp_path,
        edits(edit("billing/subscription_periods", "discount_percent", "150"), to_parquet),
    )
    [finding] = validate_extract(extract).fatal
    assert finding.message() == (
        "billing/subscription_periods.parquet, column discount_percent, line 2: expected a value from 0 to "
        "100 (found '150.0000') [out_of_range]"
    )


def test_a_table_absent_from_a_parquet_extract_is_named_as_a_parquet_file(
    clean_extract: Path, tmp_path: Path
):
    def without_nps(extract: Path) -> None:
        to_parquet(extract)
        (extract / "surveys" / "nps.parquet").unlink()

    report = validate_extract(_changed(clean_extract, tmp_path, without_nps))

    assert [finding.message() for finding in report.findings] == [
        "surveys/nps.parquet: expected this optional table (absent: read as empty; the pages that need it "
        "say no data) [absent_table]"
    ]
    assert report.absent_tables == {"surveys/nps"}


# Without end_date every period is open: a subscription with several periods then overlaps itself (below).
NULLABLE_COLUMNS = [
    (table.path, name) for table in TABLES for name in table.nullable_columns if name != "end_date"
]


@pytest.mark.parametrize(("table", "column"), NULLABLE_COLUMNS, ids=[f"{t}.{c}" for t, c in NULLABLE_COLUMNS])
def test_each_nullable_column_may_be_left_out(clean_extract: Path, tmp_path: Path, table: str, column: str):
    """The check reads it as empty and says so; the end-to-end build without every nullable column at once is
    in tests/test_real_extracts.py."""
    findings = validate_extract(_changed(clean_extract, tmp_path, drop_column(table, column))).findings
    assert [finding.message() for finding in findings if finding.fatal] == []
    assert f"{table}.csv, column {column}: expected this nullable column (absent: read as empty) " in [
        finding.message().removesuffix("[absent_column]") for finding in findings
    ]


def test_without_end_date_the_periods_of_a_changed_subscription_overlap(clean_extract: Path, tmp_path: Path):
    extract = _changed(clean_extract, tmp_path, drop_column("billing/subscription_periods", "end_date"))
    assert [finding.check for finding in validate_extract(extract).fatal] == ["overlapping_periods"]
