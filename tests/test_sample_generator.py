"""The sample generator: deterministic, complete against the contract, and telling its planted stories."""

from __future__ import annotations

import csv
import datetime as dt
import filecmp
from pathlib import Path

import pytest
import yaml

from reports.contract import TABLES
from reports.sample import DEFAULT_AS_OF, PLANTED_STORIES, generate

SOURCES = Path(__file__).resolve().parent.parent / "models" / "staging"


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("sample") / "extract", accounts=60, seed=3)


def rows(extract: Path, table: str) -> list[dict[str, str]]:
    with open(extract / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def by_account(
    extract: Path, table: str, account_id: str, column: str = "account_id"
) -> list[dict[str, str]]:
    return [row for row in rows(extract, table) if row[column] == account_id]


def story(key: str) -> str:
    return next(s.account_id for s in PLANTED_STORIES if s.key == key)


def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(tmp_path: Path, extract: Path):
    again = generate(tmp_path / "again", accounts=60, seed=3)
    other = generate(tmp_path / "other", accounts=60, seed=4)
    names = sorted(str(p.relative_to(extract)) for p in extract.rglob("*") if p.is_file())
    match, mismatch, errors = filecmp.cmpfiles(extract, again, names, shallow=False)
    assert mismatch == [] and errors == [] and len(match) == len(TABLES) + 1
    assert not filecmp.cmp(extract / "crm" / "accounts.csv", other / "crm" / "accounts.csv", shallow=False)


def test_every_table_of_the_contract_is_written_with_its_columns(extract: Path):
    for table in TABLES:
        with open(extract / table.folder / f"{table.name}.csv", encoding="utf-8") as handle:
            assert tuple(next(csv.reader(handle))) == table.columns, table.path
        assert rows(extract, table.path), f"{table.path} is empty"
    meta = yaml.safe_load((extract / "extract.yml").read_text())
    assert meta == {"as_of": DEFAULT_AS_OF, "reporting_currency": "USD"}


def test_the_contract_module_and_the_dbt_sources_declare_the_same_tables_and_columns():
    declared: dict[str, tuple[str, ...]] = {}
    for sources_file in SOURCES.glob("*/_*__sources.yml"):
        for source in yaml.safe_load(sources_file.read_text())["sources"]:
            for table in source.get("tables", []):
                declared[f"{source['name']}/{table['name']}"] = tuple(
                    c["name"] for c in table.get("columns", [])
                )
    for table in TABLES:
        assert table.path in declared, table.path
        missing = set(declared[table.path]) - set(table.columns)
        assert not missing, (table.path, missing)


def test_keys_are_unique_and_periods_end_after_they_start(extract: Path):
    for table, key in (
        ("crm/accounts", "account_id"),
        ("crm/contacts", "contact_id"),
        ("crm/opportunities", "opportunity_id"),
        ("billing/subscription_periods", "period_id"),
        ("billing/invoices", "invoice_id"),
        ("support/tickets", "ticket_id"),
    ):
        values = [row[key] for row in rows(extract, table)]
        assert len(values) == len(set(values)), table
    for period in rows(extract, "billing/subscription_periods"):
        assert not period["end_date"] or period["end_date"] > period["start_date"]


def test_some_billing_customers_and_support_organizations_do_not_link_to_the_crm(extract: Path):
    accounts = {row["account_id"] for row in rows(extract, "crm/accounts")}
    unlinked = [c for c in rows(extract, "billing/customers") if c["crm_account_id"] not in accounts]
    assert 2 <= len(unlinked) <= 4
    assert any(
        p["billing_customer_id"] == unlinked[0]["billing_customer_id"]
        for p in rows(extract, "billing/subscription_periods")
    )
    assert 2 <= sum(1 for o in rows(extract, "support/organizations") if not o["external_id"]) <= 4


def test_the_champion_left_within_180_days_at_the_at_risk_account(extract: Path):
    account = story("champion_loss_at_risk")
    champions = [c for c in by_account(extract, "crm/contacts", account) if c["is_champion"] == "true"]
    left = [dt.date.fromisoformat(c["left_at"][:10]) for c in champions if c["left_at"]]
    assert left and all((DEFAULT_AS_OF - day).days < 180 for day in left)
    assert all(c["left_at"] for c in champions), "no active champion since"
    periods = by_account(
        extract, "billing/subscription_periods", "cus_" + account[1:].zfill(6), "billing_customer_id"
    )
    assert any(not p["end_date"] for p in periods), "still paying"


def test_the_churned_account_stopped_paying_and_lost_its_renewal(extract: Path):
    account = story("champion_loss_churned")
    periods = by_account(
        extract, "billing/subscription_periods", "cus_" + account[1:].zfill(6), "billing_customer_id"
    )
    assert periods and all(p["end_date"] and p["end_date"] < DEFAULT_AS_OF.isoformat() for p in periods)
    lost = [
        o
        for o in by_account(extract, "crm/opportunities", account)
        if o["opportunity_type"] == "renewal" and o["stage"] == "closed_lost"
    ]
    assert lost and lost[0]["primary_competitor"] and lost[0]["loss_reason"]


def test_the_late_payer_has_open_invoices_more_than_60_days_past_due(extract: Path):
    account = story("late_payer")
    invoices = by_account(extract, "billing/invoices", "cus_" + account[1:].zfill(6), "billing_customer_id")
    overdue = [
        (DEFAULT_AS_OF - dt.date.fromisoformat(i["due_date"])).days for i in invoices if i["status"] == "open"
    ]
    assert len(overdue) >= 2 and max(overdue) > 60


def test_the_foreign_account_is_billed_in_eur_with_rates(extract: Path):
    account = story("foreign_currency")
    periods = by_account(
        extract, "billing/subscription_periods", "cus_" + account[1:].zfill(6), "billing_customer_id"
    )
    assert {p["currency"] for p in periods} == {"EUR"}
    assert any(r["currency"] == "EUR" for r in rows(extract, "billing/fx_rates"))


def test_a_sample_smaller_than_the_story_list_plants_no_stories(tmp_path: Path):
    small = generate(tmp_path / "small", accounts=5, seed=1)
    names = {row["account_name"] for row in rows(small, "crm/accounts")}
    assert not names & {s.account_name for s in PLANTED_STORIES}


def test_parquet_format_writes_every_table_as_parquet(tmp_path: Path):
    out = generate(tmp_path / "pq", accounts=20, seed=1, format="parquet")
    assert sorted(p.name for p in (out / "crm").iterdir())[0].endswith(".parquet")
    assert not list(out.rglob("*.csv"))
