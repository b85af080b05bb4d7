"""The dbt project run for real (`dbt build` on DuckDB) on a generated extract, its marts checked against
revenue recomputed in Python straight from the extract files with the spec's formula (metrics.md, Revenue)."""

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

import duckdb
import pytest
import yaml

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parent.parent
UNLINKED_CUSTOMER = "TEST-UNLINKED-1"


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
    """MRR per revenue account and month, from the CSV files, as metrics.md defines it.

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


@pytest.fixture(scope="module")
def generated_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated extract plus a billing customer with no CRM link, paying for the last 3 months."""
    from reports.sample import generate

    extract = tmp_path_factory.mktemp("dbt-extract")
    generate(extract, accounts=30, seed=5)
    as_of, reporting = extract_settings(extract)
    start = (as_of.replace(day=1) - dt.timedelta(days=40)).replace(day=1)
    append_rows(
        extract,
        "billing/customers",
        [
            {
                "billing_customer_id": UNLINKED_CUSTOMER,
                "customer_name": "Nobody's CRM, Inc.",
                "currency": reporting,
                "created_at": f"{start.isoformat()}T00:00:00Z",
            }
        ],
    )
    append_rows(
        extract,
        "billing/subscription_periods",
        [
            {
                "period_id": "TEST-PERIOD-1",
                "subscription_id": "TEST-SUB-1",
                "billing_customer_id": UNLINKED_CUSTOMER,
                "plan_name": "Test",
                "start_date": start.isoformat(),
                "quantity": "3",
                "unit_amount": "120",
                "billing_period_months": "3",
                "discount_percent": "50",
                "currency": reporting,
            }
        ],
    )
    return extract


@pytest.fixture(scope="module")
def built(generated_extract: Path, tmp_path_factory: pytest.TempPathFactory) -> DbtRun:
    run = run_dbt_build(generated_extract, tmp_path_factory.mktemp("dbt-work"))
    assert run.returncode == 0, run.output[-6000:]
    return run


def query(run: DbtRun, sql: str) -> list[tuple]:
    with duckdb.connect(str(run.duckdb_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_dbt_build_passes_on_a_generated_extract(built: DbtRun):
    assert "ERROR=0" in built.output
    assert "Completed successfully" in built.output or "Completed with" in built.output


def test_company_mrr_at_as_of_equals_the_spec_formula_applied_to_the_files(
    built: DbtRun, generated_extract: Path
):
    as_of, reporting = extract_settings(generated_extract)
    expected = sum(
        months.get(as_of.replace(day=1), 0.0) for months in expected_account_mrr(generated_extract).values()
    )
    [(summary_as_of, currency, mrr, arr)] = query(
        built, "select as_of, reporting_currency, mrr, arr from marts.rpt_company_summary"
    )
    assert (summary_as_of, currency) == (as_of, reporting)
    assert expected > 0
    assert mrr == pytest.approx(expected, abs=0.01)
    assert arr == pytest.approx(12 * expected, abs=0.12)


def test_every_account_month_matches_the_spec_formula_gap_months_included(
    built: DbtRun, generated_extract: Path
):
    expected = expected_account_mrr(generated_extract)
    actual: dict[str, dict[dt.date, float]] = defaultdict(dict)
    for account_id, month, mrr in query(
        built, "select account_id, month, mrr from marts.fct_account_mrr_monthly"
    ):
        actual[account_id][month] = mrr
    assert set(actual) == set(expected)
    for account_id, months in expected.items():
        assert sorted(actual[account_id]) == sorted(months), account_id
        for month, value in months.items():
            assert actual[account_id][month] == pytest.approx(value, abs=1e-6), (account_id, month)


def test_an_unlinked_billing_customer_is_its_own_unmatched_account(built: DbtRun, generated_extract: Path):
    as_of, _ = extract_settings(generated_extract)
    rows = query(
        built,
        f"""select month, mrr, is_unmatched_billing from marts.fct_account_mrr_monthly
            where account_id = 'unmatched:{UNLINKED_CUSTOMER}' order by month""",
    )
    # 3 x 120 at 50% off, billed quarterly: 60 a month, from its first month to the month of as_of.
    assert [row[1] for row in rows] == [pytest.approx(60.0)] * len(rows)
    assert len(rows) == 3 and rows[-1][0] == as_of.replace(day=1)
    assert all(row[2] for row in rows)
    assert query(built, "select count(*) from marts.dim_accounts where account_id like 'unmatched:%'") == [
        (0,)
    ]


def test_every_crm_account_has_exactly_one_dim_accounts_row(built: DbtRun, generated_extract: Path):
    crm_ids = sorted(row["account_id"] for row in read_table(generated_extract, "crm/accounts"))
    assert [
        row[0] for row in query(built, "select account_id from marts.dim_accounts order by account_id")
    ] == crm_ids
    [(crm_account_count,)] = query(built, "select crm_account_count from marts.rpt_company_summary")
    assert crm_account_count == len(crm_ids)


def test_dim_accounts_current_revenue_adds_up_to_the_company_total_without_unmatched(built: DbtRun):
    [(dim_mrr, active)] = query(
        built, "select sum(current_mrr), count(*) filter (where is_active_customer) from marts.dim_accounts"
    )
    [(company_mrr, active_customers)] = query(
        built, "select mrr, active_customer_count from marts.rpt_company_summary"
    )
    [(unmatched_mrr, unmatched_active)] = query(
        built,
        """select coalesce(sum(f.mrr), 0), count(*) filter (where f.mrr > 0)
           from marts.fct_account_mrr_monthly f join marts.rpt_company_summary s
             on f.month = date_trunc('month', s.as_of)
           where f.is_unmatched_billing""",
    )
    assert dim_mrr + unmatched_mrr == pytest.approx(company_mrr, abs=0.01)
    assert active + unmatched_active == active_customers
    assert unmatched_mrr >= 60.0


def test_a_parquet_extract_builds_the_same_marts(built: DbtRun, generated_extract: Path, tmp_path: Path):
    """The same extract as Parquet files, typed as DuckDB infers them (dates, numbers, booleans), not text."""
    parquet = tmp_path / "extract"
    parquet.mkdir()
    (parquet / "extract.yml").write_text((generated_extract / "extract.yml").read_text())
    with duckdb.connect() as con:
        for csv_file in generated_extract.glob("*/*.csv"):
            (parquet / csv_file.parent.name).mkdir(exist_ok=True)
            target = parquet / csv_file.parent.name / f"{csv_file.stem}.parquet"
            con.execute(f"copy (select * from read_csv(?)) to '{target}' (format parquet)", [str(csv_file)])
    run = run_dbt_build(parquet, tmp_path / "work")
    assert run.returncode == 0, run.output[-6000:]

    def rounded(rows: list) -> list:  # sums of floats may add up in another order: compare to 1e-6
        return [tuple(round(v, 6) if isinstance(v, float) else v for v in row) for row in rows]

    for table in ("marts.rpt_company_summary", "marts.fct_account_mrr_monthly", "marts.dim_accounts"):
        assert rounded(query(run, f"select * from {table} order by all")) == rounded(
            query(built, f"select * from {table} order by all")
        )


def test_missing_required_files_and_columns_stop_the_build_naming_them(
    generated_extract: Path, tmp_path: Path
):
    extract = tmp_path / "extract"
    for source_file in generated_extract.rglob("*"):
        if source_file.is_file():
            target = extract / source_file.relative_to(generated_extract)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source_file.read_bytes())
    (extract / "crm" / "users.csv").unlink()
    accounts = extract / "crm" / "accounts.csv"
    lines = accounts.read_text(encoding="utf-8").splitlines(keepends=True)
    accounts.write_text(lines[0].replace("region", "territory") + "".join(lines[1:]), encoding="utf-8")

    run = run_dbt_build(extract, tmp_path / "work")

    assert run.returncode != 0
    assert "crm/users: required table missing: expected crm/users.csv or crm/users.parquet" in run.output
    assert "accounts.csv: missing column(s) region" in run.output


def test_bad_values_stop_the_build_naming_file_column_and_value(generated_extract: Path, tmp_path: Path):
    extract = tmp_path / "extract"
    for source_file in generated_extract.rglob("*"):
        if source_file.is_file():
            target = extract / source_file.relative_to(generated_extract)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source_file.read_bytes())
    append_rows(
        extract,
        "billing/subscription_periods",
        [
            {
                "period_id": "BAD-1",
                "subscription_id": "S",
                "billing_customer_id": UNLINKED_CUSTOMER,
                "start_date": "2024-02-30",
                "quantity": "1",
                "unit_amount": "1",
                "billing_period_months": "1",
            }
        ],
    )
    users = read_table(extract, "crm/users")
    append_rows(extract, "crm/users", [{**users[0], "user_id": "BAD-USER", "role": "wizard"}])

    run = run_dbt_build(extract, tmp_path / "work")

    assert run.returncode != 0
    assert (
        "billing/subscription_periods: column start_date has '2024-02-30', expected a date YYYY-MM-DD"
        in run.output
    )
    assert "accepted_values_stg_crm__users_role" in run.output
