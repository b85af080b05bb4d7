"""The spec's revenue formulas applied straight to extract files, and a real `dbt build`, for the tests:
an independent check of the SQL, shared by every test that needs it."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import os
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class DbtRun:
    returncode: int
    output: str
    duckdb_path: Path


def run_dbt_build(extract: Path, work: Path) -> DbtRun:
    """`dbt build` as build.py runs it: the dbt next to this Python, every path inside `work`."""
    dbt = Path(sys.executable).with_name("dbt")
    env = {
        **os.environ,
        "TENURE_EXTRACT_DIR": str(extract),
        "TENURE_DUCKDB_PATH": str(work / "tenure.duckdb"),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    completed = subprocess.run(
        [str(dbt), "build", "--project-dir", str(REPO_ROOT), "--profiles-dir", str(REPO_ROOT)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return DbtRun(completed.returncode, completed.stdout + completed.stderr, work / "tenure.duckdb")


def read_table(extract: Path, table: str) -> list[dict[str, str]]:
    with open(extract / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def set_cell(extract: Path, table: str, row: int, column: str, value: str) -> None:
    """Set `column` of data row `row` (1-based; the file's line row + 1) of a CSV table to `value`."""
    path = extract / f"{table}.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[row][rows[0].index(column)] = value
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def append_rows(extract: Path, table: str, rows: list[dict[str, str]]) -> None:
    """Add rows to a CSV file with its own line endings (DuckDB's strict CSV mode refuses mixed ones)."""
    path = extract / f"{table}.csv"
    content = path.read_bytes()
    newline = "\r\n" if b"\r\n" in content else "\n"
    with open(path, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    with open(path, "a", newline="", encoding="utf-8") as handle:
        if not content.endswith(b"\n"):
            handle.write(newline)
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator=newline)
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in header})


def extract_settings(extract: Path) -> tuple[dt.date, str]:
    settings = yaml.safe_load((extract / "extract.yml").read_text()) or {}
    as_of = settings.get("as_of") or dt.datetime.now(dt.UTC).date()
    return dt.date.fromisoformat(str(as_of)), settings.get("reporting_currency") or "USD"


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_month(month: dt.date) -> dt.date:
    return (month_end(month) + dt.timedelta(days=1)).replace(day=1)


def expected_account_mrr(extract: Path) -> dict[str, dict[dt.date, float]]:
    """MRR per revenue account and month, from the CSV files, as models/marts/revenue/_revenue__models.yml
    defines it.

    A period counts in month m when start_date <= measured_on < end_date (open end: forever), measured_on
    being the month end, or as_of in the month of as_of. MRR = quantity x unit_amount x (1 - discount/100) /
    billing_period_months at the month's rate (latest earlier rate when the month has none). Billing
    customers without an existing CRM account are their own account 'unmatched:<id>'. Rows run from the first
    month with MRR > 0 to the month of as_of, gap months 0.
    """
    as_of, reporting = extract_settings(extract)
    crm_accounts = {row["account_id"] for row in read_table(extract, "crm/accounts")}
    customers = {row["billing_customer_id"]: row for row in read_table(extract, "billing/customers")}
    rates: dict[str, list[tuple[dt.date, float]]] = defaultdict(list)
    if (extract / "billing" / "fx_rates.csv").exists():
        for row in read_table(extract, "billing/fx_rates"):
            rates[row["currency"].upper()].append(
                (dt.date.fromisoformat(row["month"]), float(row["rate_to_reporting"]))
            )

    def rate(currency: str, month: dt.date) -> float:
        if currency == reporting:
            return 1.0
        known = sorted(rates[currency])
        earlier = [value for rate_month, value in known if rate_month <= month]
        return earlier[-1] if earlier else known[0][1]

    def account_of(billing_customer_id: str) -> str:
        crm_id = (customers.get(billing_customer_id) or {}).get("crm_account_id", "")
        return crm_id if crm_id in crm_accounts else f"unmatched:{billing_customer_id}"

    periods = read_table(extract, "billing/subscription_periods")
    first = min(
        dt.date.fromisoformat(p["start_date"]) for p in periods if p["start_date"] <= as_of.isoformat()
    )
    as_of_month = as_of.replace(day=1)
    mrr: dict[str, dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
    month = first.replace(day=1)
    while month <= as_of_month:
        measured_on = as_of if month == as_of_month else month_end(month)
        for period in periods:
            start = dt.date.fromisoformat(period["start_date"])
            end = dt.date.fromisoformat(period["end_date"]) if period["end_date"] else None
            if start <= measured_on and (end is None or measured_on < end):
                customer = customers.get(period["billing_customer_id"], {})
                currency = (period["currency"] or customer.get("currency", "")).upper()
                amount = float(period["quantity"]) * float(period["unit_amount"])
                amount *= 1 - float(period["discount_percent"] or 0) / 100
                amount /= int(float(period["billing_period_months"]))
                mrr[account_of(period["billing_customer_id"])][month] += amount * rate(currency, month)
        month = add_month(month)

    expected: dict[str, dict[dt.date, float]] = {}
    for account, by_month in mrr.items():
        paying = sorted(m for m, value in by_month.items() if value > 0)
        if not paying:
            continue
        expected[account] = {}
        month = paying[0]
        while month <= as_of_month:
            expected[account][month] = by_month.get(month, 0.0)
            month = add_month(month)
    return expected
