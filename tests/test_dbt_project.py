"""The dbt project run for real (`dbt build` on DuckDB) on a generated extract, its marts checked against
revenue recomputed in Python straight from the extract files with the MRR definition
(models/docs/definitions.md)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from tests.spec_from_files import (
    DbtRun,
    append_rows,
    expected_account_mrr,
    extract_settings,
    read_table,
    run_dbt_build,
)

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parent.parent
UNLINKED_CUSTOMER = "TEST-UNLINKED-1"


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


def test_a_plain_dbt_build_runs_every_unit_test(built: DbtRun):
    """The site build leaves unit tests out (they check logic, not the extract); here is where they run."""
    found = re.search(r"Found .*?(\d+) unit tests", built.output)
    assert found and int(found.group(1)) >= 30
    passed = set(re.findall(r"PASS (\w+::\w+)", built.output))
    assert len(passed) == int(found.group(1))


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
    accounts.write_text(lines[0].replace("account_id", "acct_id") + "".join(lines[1:]), encoding="utf-8")

    run = run_dbt_build(extract, tmp_path / "work")

    assert run.returncode != 0
    assert "crm/users: required table missing: expected crm/users.csv or crm/users.parquet" in run.output
    assert "accounts.csv: missing required column(s) account_id" in run.output


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
                "currency": "USD",
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
    assert "matches_contract_stg_crm__users_role" in run.output
