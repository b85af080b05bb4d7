"""The revenue retention marts, built by the real `dbt build` on a generated extract, checked against revenue
recomputed in Python straight from the extract's CSV files — never from the SQL:
company and unmatched MRR per month to the cent, every account-month's movement, trailing-12 NRR/GRR, and the
movements the sample generator plants (an expansion, a churn, a reactivation, a contraction).

Running dbt and reading the files reuse test_dbt_project's helpers (`run_dbt_build`, `expected_account_mrr`),
so both tests apply the very same reading of the MRR definition (models/docs/definitions.md).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from tests.spec_from_files import DbtRun, expected_account_mrr, extract_settings, run_dbt_build

pytestmark = pytest.mark.slow

SAMPLE_ACCOUNTS = 40
SAMPLE_SEED = 23

AccountMrr = dict[str, dict[dt.date, float]]


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def movements_by_spec(mrr_by_month: dict[dt.date, float]) -> dict[dt.date, str]:
    """The MRR movements (models/marts/retention/_retention__models.yml) of one account, month against
    month before, MRR to the cent (no window)."""
    movements, previous, paid_before = {}, 0.0, False
    for month in sorted(mrr_by_month):
        mrr = round(mrr_by_month[month], 2)
        if previous == 0 and mrr > 0:
            movements[month] = "reactivation" if paid_before else "new"
        elif previous > 0 and mrr == 0:
            movements[month] = "churn"
        elif mrr > previous:
            movements[month] = "expansion"
        elif mrr < previous:
            movements[month] = "contraction"
        else:
            movements[month] = "flat" if mrr > 0 else "inactive"
        paid_before = paid_before or mrr > 0
        previous = mrr
    return movements


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reports.sample import generate

    folder = tmp_path_factory.mktemp("revenue-extract")
    generate(folder, accounts=SAMPLE_ACCOUNTS, seed=SAMPLE_SEED)
    return folder


@pytest.fixture(scope="module")
def built(extract: Path, tmp_path_factory: pytest.TempPathFactory) -> DbtRun:
    run = run_dbt_build(extract, tmp_path_factory.mktemp("revenue-dbt"))
    assert run.returncode == 0, run.output[-6000:]
    return run


@pytest.fixture(scope="module")
def files_mrr(extract: Path) -> AccountMrr:
    """Each revenue account's MRR per month from the CSV files, to the cent as the marts count it."""
    return {
        account: {month: round(mrr, 2) for month, mrr in by_month.items()}
        for account, by_month in expected_account_mrr(extract).items()
    }


def query(run: DbtRun, sql: str, *parameters: object) -> list[tuple]:
    with duckdb.connect(str(run.duckdb_path), read_only=True) as con:
        return con.execute(sql, list(parameters)).fetchall()


def account_movements(run: DbtRun, account_id: str) -> list[tuple]:
    """(month, movement, previous_mrr, mrr, amount of the movement) of one account, by month."""
    return query(
        run,
        """
        select month, movement, previous_mrr, mrr,
            new_mrr + reactivation_mrr + expansion_mrr + contraction_mrr + churn_mrr
        from marts.fct_mrr_movements where account_id = ? order by month
        """,
        account_id,
    )


def story_account(key: str) -> str:
    from reports.sample import PLANTED_STORIES

    return next(story.account_id for story in PLANTED_STORIES if story.key == key)


def test_company_mrr_every_month_equals_the_files_to_the_cent(built: DbtRun, files_mrr: AccountMrr):
    expected: dict[dt.date, float] = {}
    for by_month in files_mrr.values():
        for month, mrr in by_month.items():
            expected[month] = expected.get(month, 0.0) + mrr
    bridge = {
        month: (starting, ending)
        for month, starting, ending in query(
            built,
            "select month, starting_mrr, ending_mrr from marts.rpt_mrr_bridge where segment_type = 'company'",
        )
    }

    assert sorted(bridge) == sorted(expected)
    assert len(expected) > 24
    for month, (starting, ending) in bridge.items():
        assert round(ending, 2) == round(expected[month], 2), month
        assert round(starting, 2) == round(expected.get(add_months(month, -1), 0.0), 2), month


def test_unmatched_billing_customers_count_in_the_company_and_their_own_segment(
    built: DbtRun, files_mrr: AccountMrr
):
    unmatched = {account: mrr for account, mrr in files_mrr.items() if account.startswith("unmatched:")}
    assert unmatched, "the generator plants billing customers without a CRM account"
    expected: dict[dt.date, float] = {}
    for by_month in unmatched.values():
        for month, mrr in by_month.items():
            expected[month] = expected.get(month, 0.0) + mrr
    segment = dict(
        query(
            built,
            """
            select month, ending_mrr from marts.rpt_mrr_bridge
            where segment_type = 'tier' and segment_value = '(unmatched billing)'
            """,
        )
    )
    assert {month: round(mrr, 2) for month, mrr in segment.items()} == {
        month: round(mrr, 2) for month, mrr in expected.items()
    }


def test_every_account_month_has_the_movement_the_spec_gives_the_files(built: DbtRun, files_mrr: AccountMrr):
    actual: dict[str, dict[dt.date, str]] = {}
    rows = query(built, "select account_id, month, movement from marts.fct_mrr_movements")
    for account, month, movement in rows:
        actual.setdefault(account, {})[month] = movement

    assert actual == {account: movements_by_spec(by_month) for account, by_month in files_mrr.items()}
    every_movement = {movement for by_month in actual.values() for movement in by_month.values()}
    assert every_movement >= {"new", "expansion", "contraction", "churn", "reactivation", "flat", "inactive"}


def test_trailing_twelve_month_nrr_and_grr_equal_the_board_definition_on_the_files(
    built: DbtRun, files_mrr: AccountMrr
):
    retention = {
        month: (nrr, grr, base)
        for month, nrr, grr, base in query(
            built,
            """
            select month, nrr_t12, grr_t12, base_accounts_t12 from marts.rpt_revenue_retention
            where segment_type = 'company'
            """,
        )
    }
    checked = 0
    for month, (nrr, grr, base) in retention.items():
        year_ago = add_months(month, -12)
        cohort = {a: m for a, m in files_mrr.items() if m.get(year_ago, 0.0) > 0}
        assert base == len(cohort), month
        if not cohort:
            assert nrr is None and grr is None, month
            continue
        before = sum(m[year_ago] for m in cohort.values())
        now = sum(m[month] for m in cohort.values())
        kept = sum(min(m[month], m[year_ago]) for m in cohort.values())
        assert nrr == pytest.approx(now / before, abs=1e-9), month
        assert grr == pytest.approx(kept / before, abs=1e-9), month
        checked += 1
    assert checked >= 12


def test_planted_expansion_lumen_analytics_expands_in_the_last_months(
    built: DbtRun, extract: Path, files_mrr: AccountMrr
):
    as_of, _ = extract_settings(extract)
    account = story_account("usage_expansion")
    rows = account_movements(built, account)
    expansions = [row for row in rows if row[1] == "expansion"]

    assert expansions, rows
    month, _, previous, mrr, amount = expansions[-1]
    assert add_months(as_of.replace(day=1), -4) <= month <= as_of.replace(day=1)
    files = files_mrr[account]
    assert amount == pytest.approx(files[month] - files[add_months(month, -1)], abs=0.005)
    assert mrr > previous > 0
    assert rows[-1][3] > 0 and rows[-1][1] != "churn"  # still paying at as_of


def test_planted_churn_bramblecote_insurance_churns_once_and_pays_nothing_since(
    built: DbtRun, extract: Path, files_mrr: AccountMrr
):
    as_of, _ = extract_settings(extract)
    account = story_account("champion_loss_churned")
    rows = account_movements(built, account)
    churns = [row for row in rows if row[1] == "churn"]

    assert len(churns) == 1, rows
    month, _, previous, mrr, amount = churns[0]
    assert add_months(as_of.replace(day=1), -8) <= month <= add_months(as_of.replace(day=1), -4)
    assert mrr == 0 and amount == previous == files_mrr[account][add_months(month, -1)] > 0
    assert {row[1] for row in rows if row[0] > month} == {"inactive"}


def test_planted_reactivation_phoenix_works_returns_after_five_months_without_revenue(
    built: DbtRun, files_mrr: AccountMrr
):
    account = story_account("reactivation")
    rows = account_movements(built, account)
    returns = [index for index, row in enumerate(rows) if row[1] == "reactivation"]

    assert len(returns) == 1, rows
    index = returns[0]
    gap = [row[1] for row in rows[index - 5 : index]]
    assert gap == ["churn", "inactive", "inactive", "inactive", "inactive"]
    month, _, previous, mrr, amount = rows[index]
    assert previous == 0 and mrr == amount == files_mrr[account][month] > 0
    assert rows[0][1] == "new"


def test_planted_contraction_granite_manufacturing_cuts_about_forty_percent(
    built: DbtRun, extract: Path, files_mrr: AccountMrr
):
    as_of, _ = extract_settings(extract)
    account = story_account("contraction")
    rows = account_movements(built, account)
    contractions = [row for row in rows if row[1] == "contraction"]

    assert contractions, rows
    month, _, previous, mrr, amount = contractions[-1]
    assert add_months(as_of.replace(day=1), -5) <= month <= add_months(as_of.replace(day=1), -1)
    files = files_mrr[account]
    assert amount == pytest.approx(files[add_months(month, -1)] - files[month], abs=0.005)
    assert 0.3 <= amount / previous <= 0.5
    assert mrr > 0 and rows[-1][3] > 0  # still a customer
