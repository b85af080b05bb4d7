"""Checks an extract folder against the data contract (models/staging/*/_*__sources.yml, read by
reports/contract.py) before dbt runs, so that bad input stops the build with a message a person can act on:
the file, the column, the lines, what was expected and what was found.

Fatal problems stop the build before anything is published: a missing required table or column, a file that
is not well-formed CSV, a value that does not parse, a duplicate key, an unknown enumeration value, an
impossible value (NaN, infinity, out of its declared range), a period ending before it starts or overlapping
another period of its subscription, amounts that look like minor units (cents), a billed currency without any
FX rate, a bad extract.yml. Problems that should not stop a nightly build are warnings, listed on the
data-quality page: an absent optional table or nullable column, an unknown extract.yml key, FX months
missing, references to rows that do not exist. The dbt var `warn_only_checks` (dbt_project.yml) turns
named fatal checks into warnings.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import yaml

from reports.contract import CONTRACT, Column, Table
from reports.extract_files import ExtractFiles, LoadedTable
from reports.extract_location import ExtractLocation
from reports.extract_settings import ExtractSettings, extract_settings_from
from reports.findings import Finding
from reports.paths import PROJECT_ROOT

BOOLEANS = ("true", "false", "1", "0", "yes", "no", "t", "f", "y", "n")
CAST_TYPES = {"date": "date", "timestamp": "timestamp", "integer": "double", "number": "double"}
EXPECTED = {
    "date": "a date YYYY-MM-DD",
    "timestamp": "an ISO 8601 timestamp (e.g. 2026-03-04T10:15:00Z)",
    "integer": "a whole number",
    "number": "a number (dot as decimal separator, no thousands separator)",
    "boolean": "true/false (or 1/0, yes/no)",
}
# No amount, count or rate of a company reaches this: a larger number is a unit or export error.
LARGEST_PLAUSIBLE_NUMBER = 1e15
# Amounts look like minor units (cents) when every non-zero unit amount is a whole number and the median
# subscription's monthly amount reaches this many units (a thousand dollars a month, written in cents, is
# 100,000; few companies bill a median subscription 100,000 dollars a month); at least
# MINOR_UNITS_MIN_ROWS amounts are needed to say so.
MINOR_UNITS_MEDIAN_MONTHLY = 100_000
MINOR_UNITS_MIN_ROWS = 10

PERIODS = "billing/subscription_periods"
FX_RATES = "billing/fx_rates"
STRIPE_PRICES, STRIPE_PLANS = "billing/price", "billing/plan"


@dataclass
class ValidationReport:
    settings: ExtractSettings
    findings: list[Finding] = field(default_factory=list)

    @property
    def fatal(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.fatal]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.fatal]

    @property
    def absent_tables(self) -> frozenset[str]:
        """The optional tables the extract does not have, as crm/contacts."""
        return frozenset(
            finding.file.removesuffix(".csv").removesuffix(".parquet")
            for finding in self.findings
            if finding.check == "absent_table"
        )


def _warn_only_checks() -> set[str]:
    project = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text(encoding="utf-8"))
    return set((project.get("vars") or {}).get("warn_only_checks") or [])


def _text(files: ExtractFiles, name: str) -> str:
    return f"nullif(trim({files.dialect.identifier(name)}), '')"


def _range_expected(column: Column) -> str:
    low, high = column.minimum, column.maximum
    if low is not None and high is not None:
        return f"a value from {low:g} to {high:g}"
    if low is not None:
        return f"a value above {low:g}" if column.minimum_exclusive else f"a value of {low:g} or more"
    return f"a value of {high:g} or less"


def _column_findings(files: ExtractFiles, loaded: LoadedTable, column: Column) -> list[Finding]:
    view, label, value = loaded.view, loaded.label, _text(files, column.name)
    dialect = files.dialect
    findings: list[Finding] = []

    def check(name: str, where: str, expected: str, shown: str = value) -> None:
        lines, values = files.sample(f"select _line, {shown} from {view} where {where}")
        if lines:
            findings.append(Finding(name, label, expected, column.name, lines, values))

    if column.required:
        check("missing_value", f"{value} is null", "a value (this column may not be empty)", "''")
    if column.kind in CAST_TYPES:
        parsed = (
            dialect.try_timestamp(value)
            if column.kind == "timestamp"
            else f"try_cast({value} as {CAST_TYPES[column.kind]})"
        )
        if column.kind == "date":  # a timestamp is not a date, and 2026-3-4 is not YYYY-MM-DD
            check("bad_date", f"{value} is not null and not ({dialect.is_iso_date(value)})", EXPECTED["date"])
        else:
            check(f"bad_{column.kind}", f"{value} is not null and {parsed} is null", EXPECTED[column.kind])
        if column.kind == "integer":
            check(
                "bad_integer",
                f"{parsed} is not null and not {dialect.is_infinite(parsed)} and {parsed} <> floor({parsed})",
                EXPECTED["integer"],
            )
        if column.kind in ("integer", "number"):
            check(
                "impossible_number",
                f"{parsed} is not null and (isnan({parsed}) or {dialect.is_infinite(parsed)} "
                f"or abs({parsed}) >= {LARGEST_PLAUSIBLE_NUMBER})",
                f"a finite number smaller than {LARGEST_PLAUSIBLE_NUMBER:g}",
            )
            bounds = []
            if column.minimum is not None:
                bounds.append(f"{parsed} {'<=' if column.minimum_exclusive else '<'} {column.minimum}")
            if column.maximum is not None:
                bounds.append(f"{parsed} > {column.maximum}")
            if bounds:
                check(
                    "out_of_range",
                    f"not isnan({parsed}) and ({' or '.join(bounds)})",
                    _range_expected(column),
                )
    elif column.kind == "boolean":
        allowed = ", ".join(map(dialect.string, BOOLEANS))
        check(
            "bad_boolean", f"{value} is not null and lower({value}) not in ({allowed})", EXPECTED["boolean"]
        )
    elif column.kind == "enum":
        allowed = ", ".join(map(dialect.string, column.values))
        check(
            "unknown_value",
            f"{value} is not null and lower({value}) not in ({allowed})",
            f"one of {', '.join(column.values)}",
        )
    return findings


def _extra_column_findings(files: ExtractFiles, loaded: LoadedTable) -> list[Finding]:
    """Columns beyond the contract's, where the table allows them (adoption measures): numbers."""
    table = loaded.table
    if table.extra_columns is None:
        return []
    findings: list[Finding] = []
    for name in loaded.columns:
        if name not in table.columns and not name.startswith("_"):
            findings += _column_findings(files, loaded, Column(name, table.extra_columns))
    return findings


def _key_findings(files: ExtractFiles, loaded: LoadedTable) -> list[Finding]:
    table = loaded.table
    if not table.key:
        return []
    key = " || '|' || ".join(f"coalesce({_text(files, name)}, '')" for name in table.key)
    lines, values = files.sample(
        f"select _line, _key from (select _line, {key} as _key, count(*) over (partition by {key}) as _n "
        f"from {loaded.view}) where _n > 1"
    )
    if not lines:
        return []
    return [
        Finding(
            "duplicate_key",
            loaded.label,
            f"a unique {' + '.join(table.key)}",
            ", ".join(table.key),
            lines,
            values,
        )
    ]


def _period_findings(files: ExtractFiles, periods: LoadedTable, settings: ExtractSettings) -> list[Finding]:
    view, label = periods.view, periods.label
    findings: list[Finding] = []
    start, end = "try_cast(start_date as date)", "try_cast(end_date as date)"
    lines, values = files.sample(
        f"select _line, start_date || ' → ' || end_date from {view} where {end} <= {start}"
    )
    if lines:
        findings.append(
            Finding("end_before_start", label, "an end_date after start_date", "end_date", lines, values)
        )
    # Two periods of one subscription that share a day: an open period exported twice doubles its MRR.
    lines, values = files.sample(
        f"""
        select a._line, a.subscription_id || ': ' || a.period_id || ' and ' || b.period_id
        from {view} as a
        join {view} as b
            on trim(a.subscription_id) = trim(b.subscription_id) and a._line <> b._line
            and try_cast(a.start_date as date) < coalesce(try_cast(b.end_date as date), date '9999-12-31')
            and try_cast(b.start_date as date) < coalesce(try_cast(a.end_date as date), date '9999-12-31')
        """
    )
    if lines:
        findings.append(
            Finding(
                "overlapping_periods",
                label,
                "periods of one subscription that do not overlap (a change ends one period, starts the next)",
                "start_date, end_date",
                lines,
                values,
            )
        )
    findings += _minor_units_findings(files, periods)
    findings += _currency_findings(files, periods, settings)
    return findings


def _monthly_amount(alias: str = "") -> str:
    p = f"{alias}." if alias else ""
    return (
        f"try_cast({p}quantity as double) * try_cast({p}unit_amount as double) "
        f"* (1 - coalesce(try_cast({p}discount_percent as double), 0) / 100) "
        f"/ nullif(try_cast({p}billing_period_months as double), 0)"
    )


def _minor_units_findings(files: ExtractFiles, periods: LoadedTable) -> list[Finding]:
    amount = "try_cast(unit_amount as double)"
    [(count, whole, median)] = files.rows(
        f"""
        select count(*), count(*) filter (where {amount} = floor({amount})), median({_monthly_amount()})
        from {periods.view} where {amount} > 0
        """
    )
    if count < MINOR_UNITS_MIN_ROWS or whole < count or (median or 0) < MINOR_UNITS_MEDIAN_MONTHLY:
        return []
    lines, values = files.sample(f"select _line, unit_amount from {periods.view} where {amount} > 0")
    return [
        Finding(
            "minor_units",
            periods.label,
            "amounts in major units (dollars, not cents): every unit_amount is a whole number and "
            f"the median subscription bills {median:,.0f} a month; divide the amounts by 100, or add "
            "minor_units to warn_only_checks if they are right",
            "unit_amount",
            lines,
            values,
        )
    ]


def _billed_currencies_without_rate(
    files: ExtractFiles, billed: LoadedTable, settings: ExtractSettings
) -> list[Finding]:
    """Rows of `billed` (periods, or Stripe prices) in a currency other than the reporting one that
    billing/fx_rates has no rate for at all."""
    reporting = settings.reporting_currency
    rates = files.loaded.get(FX_RATES)
    rated = f"select upper(trim(currency)) from {rates.view}" if rates else "select null where false"
    currency = "upper(trim(currency))"
    lines, values = files.sample(
        f"select _line, currency from {billed.view} where {currency} <> {files.dialect.string(reporting)} "
        f"and {currency} not in ({rated})"
    )
    if not lines:
        return []
    return [
        Finding(
            "currency_without_rate",
            billed.label,
            f"a rate in billing/fx_rates for every currency other than {reporting}",
            "currency",
            lines,
            values,
        )
    ]


def _currency_findings(files: ExtractFiles, periods: LoadedTable, settings: ExtractSettings) -> list[Finding]:
    missing_rates = _billed_currencies_without_rate(files, periods, settings)
    rates = files.loaded.get(FX_RATES)
    if missing_rates or rates is None:
        return missing_rates
    reporting = settings.reporting_currency
    # Months in which a currency bills but has no rate: dbt uses the latest earlier rate (a warning). The
    # periods are summed by currency and span in SQL (few rows), the spans walked month by month here.
    as_of = files.dialect.string(settings.as_of.isoformat())
    spans = files.rows(
        f"""
        select upper(trim(currency)) as currency,
               cast(date_trunc('month', try_cast(start_date as date)) as date) as first_month,
               cast(date_trunc('month', least(coalesce(try_cast(end_date as date) - 1, date '9999-12-31'),
                                              cast({as_of} as date))) as date) as last_month,
               sum({_monthly_amount()}) as mrr
        from {periods.view}
        where upper(trim(currency)) <> {files.dialect.string(reporting)}
            and try_cast(start_date as date) is not null
        group by 1, 2, 3
        """
    )
    rated = {
        (code, month.isoformat()[:7])
        for code, month in files.rows(
            f"select upper(trim(currency)), try_cast(month as date) from {rates.view} where month is not null"
        )
        if month is not None
    }
    totals: dict[tuple[str, str], float] = {}
    for code, first, last, mrr in spans:
        month = first
        while month <= last:
            if (code, month.isoformat()[:7]) not in rated:
                key = (code, month.isoformat()[:7])
                totals[key] = totals.get(key, 0.0) + float(mrr or 0)
            month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    missing = sorted((code, month, mrr) for (code, month), mrr in totals.items())
    if not missing:
        return []
    by_currency: dict[str, list[tuple[str, float]]] = {}
    for code, month, mrr in missing:
        by_currency.setdefault(code, []).append((month, float(mrr or 0)))
    values = tuple(
        f"{code} {_month_list([m for m, _ in months])} ({code} {sum(v for _, v in months):,.2f} MRR)"
        for code, months in by_currency.items()
    )
    return [
        Finding(
            "fx_month_missing",
            rates.label,
            "a rate for every month a currency bills in (the latest earlier rate is used instead)",
            "month",
            values=values,
            fatal=False,
        )
    ]


def _month_list(months: list[str], shown: int = 6) -> str:
    listed = ", ".join(months[:shown])
    return listed + (f" and {len(months) - shown} more months" if len(months) > shown else "")


ORPHAN_LINKS = (
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


def _orphan_findings(files: ExtractFiles) -> list[Finding]:
    """References to rows that do not exist: warnings, listed on the data-quality page by dbt's tests."""
    findings: list[Finding] = []
    for child, column, parent, parent_column, check in ORPHAN_LINKS:
        if child not in files.loaded or parent not in files.loaded:
            continue
        lines, values = files.sample(
            f"select _line, {column} from {files.loaded[child].view} "
            f"where nullif(trim({column}), '') is not null "
            f"and trim({column}) not in (select trim({parent_column}) from {files.loaded[parent].view} "
            f"where {parent_column} is not null)"
        )
        if lines:
            findings.append(
                Finding(
                    check,
                    files.loaded[child].label,
                    f"a {parent_column} that exists in {parent}",
                    column,
                    lines,
                    values,
                    fatal=False,
                )
            )
    return findings


def validate_extract(
    folder: ExtractLocation,
    tables: tuple[Table, ...] | None = None,
    files_class: type[ExtractFiles] = ExtractFiles,
) -> ValidationReport:
    """Every problem of the extract in `folder`, fatal or not, in the order of the contract's tables (those
    of the source layouts extract.yml chooses, unless `tables` are given), the files read by `files_class`
    (DuckDB; reports/spark_extract_files.py reads them with Spark)."""
    files = files_class(folder)
    try:
        settings = extract_settings_from(files.settings_file())
        if tables is None:
            tables = CONTRACT.tables_for(settings.layouts)
        findings: list[Finding] = [*settings.findings, *files.notices()]
        for table in tables:
            files.load(table, findings)
        for table in tables:
            loaded = files.loaded.get(table.path)
            if loaded is None:
                continue
            for column in table.fields:
                findings += _column_findings(files, loaded, column)
            findings += _extra_column_findings(files, loaded)
            findings += _key_findings(files, loaded)
        if PERIODS in files.loaded:
            findings += _period_findings(files, files.loaded[PERIODS], settings)
        for prices in (STRIPE_PRICES, STRIPE_PLANS):  # Stripe bills in the currencies of its prices
            if prices in files.loaded:
                findings += _billed_currencies_without_rate(files, files.loaded[prices], settings)
        findings += _orphan_findings(files)
    finally:
        files.close()
    warn_only = _warn_only_checks()
    return ValidationReport(
        settings, [finding.as_warning() if finding.check in warn_only else finding for finding in findings]
    )


def validate_extract_on_spark(folder: ExtractLocation) -> ValidationReport:
    """The same checks, the files read and checked by Spark (the spark target), in a process of their own:
    Spark's JVM ends with the checks instead of sitting beside dbt's, and its console noise stays there."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_validate_on_spark, folder).result()


def _validate_on_spark(folder: ExtractLocation) -> ValidationReport:
    from reports.spark_extract_files import SparkExtractFiles

    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    return validate_extract(folder, files_class=SparkExtractFiles)


__all__ = ["Finding", "ValidationReport", "validate_extract", "validate_extract_on_spark"]
