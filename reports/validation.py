"""Checks an extract folder against the data contract before dbt runs, so bad input stops the build with a
message a person can act on: the file, the column, the lines and what was expected.

Fatal problems (a missing required table or column, an unreadable file, a value that does not parse, a
duplicate key, an unknown enumeration value, a negative quantity, a period ending before it starts, a billed
currency without any FX rate) stop the build before anything is published. Problems that should not stop a
nightly build (a ticket of an unknown organization, a subscription of an unknown customer, a contact of an
unknown account) are warnings here and are counted on the data-quality page by dbt's tests. The dbt var
`warn_only_checks` (dbt_project.yml) turns named fatal checks into warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from reports.contract import TABLES, Column, Table
from reports.paths import REPO_ROOT

SAMPLE_ROWS = 5
BOOLEANS = ("true", "false", "1", "0", "yes", "no", "t", "f", "y", "n")
CAST_TYPES = {"date": "date", "timestamp": "timestamptz", "integer": "bigint", "number": "double"}
EXPECTED = {
    "date": "a date YYYY-MM-DD",
    "timestamp": "an ISO 8601 timestamp (e.g. 2026-03-04T10:15:00Z)",
    "integer": "a whole number",
    "number": "a number (dot as decimal separator, no thousands separator)",
    "boolean": "true/false (or 1/0, yes/no)",
}


@dataclass(frozen=True)
class Finding:
    check: str
    file: str
    expected: str
    column: str | None = None
    lines: tuple[int, ...] = ()
    values: tuple[str, ...] = ()
    fatal: bool = True

    def message(self) -> str:
        where = self.file + (f", column {self.column}" if self.column else "")
        if self.lines:
            where += f", line{'s' if len(self.lines) > 1 else ''} {', '.join(map(str, self.lines))}"
        found = f" (found {', '.join(repr(v) for v in self.values)})" if self.values else ""
        return f"{where}: expected {self.expected}{found} [{self.check}]"


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)

    @property
    def fatal(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.fatal]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.fatal]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _warn_only_checks() -> set[str]:
    project = yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text(encoding="utf-8"))
    return set((project.get("vars") or {}).get("warn_only_checks") or [])


class _Extract:
    """The extract's tables read once into DuckDB (all text), each with `_line`: the line in the file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.con = duckdb.connect()
        self.loaded: dict[str, str] = {}  # table path -> file name relative to the extract

    def load(self, table: Table, report: list[Finding]) -> None:
        csv_file = self.folder / table.folder / f"{table.name}.csv"
        parquet_file = csv_file.with_suffix(".parquet")
        present = [path for path in (csv_file, parquet_file) if path.exists()]
        label = f"{table.path}.csv"
        if not present:
            if table.required:
                report.append(
                    Finding("missing_table", label, f"the required table {table.path}.csv or .parquet")
                )
            return
        if len(present) > 1:
            report.append(
                Finding("duplicate_table", label, f"one file for {table.path}, not both .csv and .parquet")
            )
            return
        path = present[0]
        label = str(path.relative_to(self.folder))
        view = _identifier(table.path.replace("/", "__"))
        if path.suffix == ".csv":
            if path.stat().st_size == 0:
                report.append(Finding("empty_file", label, "a header row (the file is empty)"))
                return
            header = path.open("rb").readline()
            if b"," not in header and len(table.columns) > 1:
                hint = (
                    "; it looks ';'-separated"
                    if b";" in header
                    else ("; it looks tab-separated" if b"\t" in header else "")
                )
                report.append(Finding("wrong_delimiter", label, f"comma-separated columns{hint}"))
                return
            reader = (
                f"read_csv({_quote(str(path))}, header = true, all_varchar = true, delim = ',', "
                "quote = '\"', escape = '\"', encoding = 'utf-8', null_padding = false)"
            )
            # The line in the file: the header is line 1 (a quoted line break shifts it).
            select = f"select (row_number() over ()) + 1 as _line, * from {reader}"
        else:
            select = f"select (row_number() over ()) as _line, * from read_parquet({_quote(str(path))})"
        try:
            self.con.execute(f"create table {view} as {select}")
            columns = [row[0] for row in self.con.execute(f"describe {view}").fetchall()]
        except duckdb.Error as error:
            detail = str(error).splitlines()[0]
            if "unicode" in str(error).lower() or "utf-8" in str(error).lower():
                report.append(Finding("encoding", label, f"UTF-8 text ({detail})"))
            else:
                report.append(
                    Finding("unreadable", label, f"a CSV file with a header row (RFC 4180): {detail}")
                )
            return
        missing = [column for column in table.columns if column not in columns]
        if missing:
            report.append(
                Finding(
                    "missing_column",
                    label,
                    f"the column{'s' if len(missing) > 1 else ''} "
                    f"{', '.join(missing)} (header has: {', '.join(columns[1:][:12])})",
                )
            )
            return
        self.loaded[table.path] = label

    def view(self, table: Table) -> str:
        return _identifier(table.path.replace("/", "__"))

    def sample(self, sql: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
        rows = self.con.execute(f"{sql} order by _line limit {SAMPLE_ROWS}").fetchall()
        return tuple(row[0] for row in rows), tuple(str(row[1])[:80] for row in rows)


def _text(column: Column) -> str:
    return f"nullif(trim(cast({_identifier(column.name)} as varchar)), '')"


def _column_checks(extract: _Extract, table: Table, findings: list[Finding]) -> None:
    view, label = extract.view(table), extract.loaded[table.path]
    for column in table.fields:
        value = _text(column)
        if column.required:
            lines, _ = extract.sample(f"select _line, '' from {view} where {value} is null")
            if lines:
                findings.append(
                    Finding(
                        "missing_value", label, "a value (this column may not be empty)", column.name, lines
                    )
                )
        if column.kind in CAST_TYPES:
            bad = f"{value} is not null and try_cast({value} as {CAST_TYPES[column.kind]}) is null"
            if column.kind == "date":  # a timestamp is not a date, and 2026-3-4 is not YYYY-MM-DD
                bad = f"{value} is not null and (try_strptime({value}, '%Y-%m-%d') is null)"
            lines, values = extract.sample(f"select _line, {value} from {view} where {bad}")
            if lines:
                findings.append(
                    Finding(f"bad_{column.kind}", label, EXPECTED[column.kind], column.name, lines, values)
                )
        elif column.kind == "boolean":
            bad = f"{value} is not null and lower({value}) not in ({', '.join(map(_quote, BOOLEANS))})"
            lines, values = extract.sample(f"select _line, {value} from {view} where {bad}")
            if lines:
                findings.append(
                    Finding("bad_boolean", label, EXPECTED["boolean"], column.name, lines, values)
                )
        elif column.kind == "enum":
            bad = f"{value} is not null and lower({value}) not in ({', '.join(map(_quote, column.values))})"
            lines, values = extract.sample(f"select _line, {value} from {view} where {bad}")
            if lines:
                findings.append(
                    Finding(
                        "unknown_value",
                        label,
                        f"one of {', '.join(column.values)}",
                        column.name,
                        lines,
                        values,
                    )
                )
    if table.key:
        key = " || '|' || ".join(f"coalesce({_text(Column(name))}, '')" for name in table.key)
        lines, values = extract.sample(
            f"select _line, _key from (select _line, {key} as _key, count(*) over (partition by {key}) as _n "
            f"from {view}) where _n > 1"
        )
        if lines:
            findings.append(
                Finding(
                    "duplicate_key",
                    label,
                    f"a unique {' + '.join(table.key)}",
                    ", ".join(table.key),
                    lines,
                    values,
                )
            )


def _domain_checks(extract: _Extract, findings: list[Finding], reporting_currency: str) -> None:
    by_path = {table.path: table for table in TABLES}
    periods = "billing/subscription_periods"
    if periods in extract.loaded:
        view, label = extract.view(by_path[periods]), extract.loaded[periods]
        for name, check, expected in (
            ("quantity", "negative_quantity", "a quantity of 0 or more"),
            ("unit_amount", "negative_amount", "a unit amount of 0 or more"),
        ):
            lines, values = extract.sample(
                f"select _line, {name} from {view} where try_cast(trim({name}) as double) < 0"
            )
            if lines:
                findings.append(Finding(check, label, expected, name, lines, values))
        lines, values = extract.sample(
            f"select _line, start_date || ' → ' || end_date from {view} "
            "where try_cast(end_date as date) <= try_cast(start_date as date)"
        )
        if lines:
            findings.append(
                Finding("end_before_start", label, "an end_date after start_date", "end_date", lines, values)
            )
        lines, values = extract.sample(
            f"select _line, billing_period_months from {view} "
            "where try_cast(trim(billing_period_months) as bigint) <= 0"
        )
        if lines:
            findings.append(
                Finding(
                    "bad_billing_period",
                    label,
                    "billing_period_months of 1 or more",
                    "billing_period_months",
                    lines,
                    values,
                )
            )
        rates = "billing/fx_rates"
        has_rate = (
            f"upper(trim(currency)) in (select upper(trim(currency)) from {extract.view(by_path[rates])})"
            if rates in extract.loaded
            else "false"
        )
        lines, values = extract.sample(
            f"select _line, currency from {view} "
            f"where upper(trim(currency)) <> {_quote(reporting_currency.upper())} "
            f"and not {has_rate}"
        )
        if lines:
            findings.append(
                Finding(
                    "currency_without_rate",
                    label,
                    f"a rate in billing/fx_rates for every currency other than {reporting_currency}",
                    "currency",
                    lines,
                    values,
                )
            )
    _orphans(extract, findings, by_path)


def _orphans(extract: _Extract, findings: list[Finding], by_path: dict[str, Table]) -> None:
    """References to rows that do not exist: warnings, listed on the data-quality page by dbt's tests."""
    links = (
        ("support/tickets", "organization_id", "support/organizations", "organization_id", "orphan_ticket"),
        (
            "billing/subscription_periods",
            "billing_customer_id",
            "billing/customers",
            "billing_customer_id",
            "unknown_billing_customer",
        ),
        ("crm/contacts", "account_id", "crm/accounts", "account_id", "orphan_contact"),
        ("crm/opportunities", "account_id", "crm/accounts", "account_id", "orphan_opportunity"),
    )
    for child, column, parent, parent_column, check in links:
        if child not in extract.loaded or parent not in extract.loaded:
            continue
        lines, values = extract.sample(
            f"select _line, {column} from {extract.view(by_path[child])} "
            f"where nullif(trim({column}), '') is not null "
            f"and trim({column}) not in (select trim({parent_column}) from {extract.view(by_path[parent])} "
            f"where {parent_column} is not null)"
        )
        if lines:
            findings.append(
                Finding(
                    check,
                    extract.loaded[child],
                    f"a {parent_column} that exists in {parent}",
                    column,
                    lines,
                    values,
                    fatal=False,
                )
            )


def validate_extract(folder: Path) -> ValidationReport:
    """Every problem of the extract in `folder`, fatal or not, in the order of the contract's tables."""
    findings: list[Finding] = []
    metadata_file = folder / "extract.yml"
    reporting_currency = "USD"
    if metadata_file.exists():
        try:
            metadata = yaml.safe_load(metadata_file.read_text(encoding="utf-8")) or {}
            reporting_currency = str(metadata.get("reporting_currency") or "USD")
        except yaml.YAMLError as error:
            findings.append(
                Finding("bad_metadata", "extract.yml", f"valid YAML ({str(error).splitlines()[0]})")
            )
            metadata = {}
        if not isinstance(metadata, dict):
            findings.append(
                Finding("bad_metadata", "extract.yml", "keys as_of: YYYY-MM-DD and reporting_currency")
            )
    extract = _Extract(folder)
    for table in TABLES:
        extract.load(table, findings)
    for table in TABLES:
        if table.path in extract.loaded:
            _column_checks(extract, table, findings)
    _domain_checks(extract, findings, reporting_currency)
    extract.con.close()
    warn_only = _warn_only_checks()
    return ValidationReport(
        [
            Finding(f.check, f.file, f.expected, f.column, f.lines, f.values, fatal=False)
            if f.check in warn_only
            else f
            for f in findings
        ]
    )


__all__ = ["Finding", "ValidationReport", "validate_extract"]
