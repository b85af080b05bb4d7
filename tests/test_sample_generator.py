"""The sample generator: deterministic, complete against the contract, consistent across tables, varied
enough for every page, and telling its planted stories."""

from __future__ import annotations

import csv
import datetime as dt
import filecmp
import itertools
import re
from collections import Counter, defaultdict
from pathlib import Path

import duckdb
import pytest
import yaml

import reports.sample as sample
from reports.contract import REFERENCE_TYPES, TABLES
from reports.sample import DEFAULT_AS_OF, PLANTED_STORIES, STORY_MIN_ACCOUNTS, generate
from reports.sample.writer import written_columns

SOURCES = Path(__file__).resolve().parent.parent / "models" / "staging"
AS_OF = DEFAULT_AS_OF
ACTIVITY_TYPES = {
    "qbr",
    "exec_visit",
    "kickoff",
    "status_meeting",
    "call",
    "discovery_call",
    "training",
    "user_group",
    "advisory_board",
    "reference_call",
    "churn_interview",
}
Table = list[dict[str, str]]


class Extract:
    """The CSV files of one generated extract, read once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.as_of: dt.date = yaml.safe_load((folder / "extract.yml").read_text())["as_of"]
        self._tables: dict[str, Table] = {}

    def __getitem__(self, table: str) -> Table:
        if table not in self._tables:
            with open(self.folder / f"{table}.csv", newline="", encoding="utf-8") as handle:
                self._tables[table] = list(csv.DictReader(handle))
        return self._tables[table]

    def of(self, table: str, account_id: str) -> Table:
        return [row for row in self[table] if row["account_id"] == account_id]

    def customers_of(self, account_id: str) -> set[str]:
        return {
            c["billing_customer_id"] for c in self["billing/customers"] if c["crm_account_id"] == account_id
        }

    def periods_of(self, account_id: str) -> Table:
        customers = self.customers_of(account_id)
        return [p for p in self["billing/subscription_periods"] if p["billing_customer_id"] in customers]

    def invoices_of(self, account_id: str) -> Table:
        customers = self.customers_of(account_id)
        return [i for i in self["billing/invoices"] if i["billing_customer_id"] in customers]

    def tickets_of(self, account_id: str) -> Table:
        organizations = {
            o["organization_id"] for o in self["support/organizations"] if o["external_id"] == account_id
        }
        return [t for t in self["support/tickets"] if t["organization_id"] in organizations]

    def arr_on(self, day: dt.date) -> dict[str, float]:
        """ARR in USD per CRM account (or billing customer when unlinked) on `day`."""
        rates = {(r["currency"], r["month"]): float(r["rate_to_reporting"]) for r in self["billing/fx_rates"]}
        owner = {
            c["billing_customer_id"]: c["crm_account_id"] or c["billing_customer_id"]
            for c in self["billing/customers"]
        }
        arr: dict[str, float] = defaultdict(float)
        for p in self["billing/subscription_periods"]:
            if p["start_date"] <= day.isoformat() and (not p["end_date"] or day.isoformat() < p["end_date"]):
                rate = (
                    1.0 if p["currency"] == "USD" else rates[(p["currency"], day.replace(day=1).isoformat())]
                )
                monthly = (
                    float(p["quantity"]) * float(p["unit_amount"]) * (1 - float(p["discount_percent"]) / 100)
                )
                arr[owner[p["billing_customer_id"]]] += 12 * monthly / int(p["billing_period_months"]) * rate
        return arr


def story(key: str) -> str:
    return next(s.account_id for s in PLANTED_STORIES if s.key == key)


def day_of(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("sample") / "extract", accounts=60, seed=3)


@pytest.fixture(scope="module")
def extract(folder: Path) -> Extract:
    return Extract(folder)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Extract:
    """Enough accounts for the rarer cases (strategic accounts, reactivations, write-offs) to appear."""
    return Extract(generate(tmp_path_factory.mktemp("large") / "extract", accounts=600, seed=8))


# --- determinism ---------------------------------------------------------------------------------------


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(tmp_path: Path, folder: Path):
    again = generate(tmp_path / "again", accounts=60, seed=3)
    other = generate(tmp_path / "other", accounts=60, seed=4)
    names = _files(folder)
    assert names == _files(again)
    match, mismatch, errors = filecmp.cmpfiles(folder, again, names, shallow=False)
    assert mismatch == [] and errors == [] and len(match) == len(TABLES) + 1
    different = [n for n in names if not filecmp.cmp(folder / n, other / n, shallow=False)]
    assert {"crm/accounts.csv", "billing/subscription_periods.csv", "support/tickets.csv"} <= set(different)


def test_worker_processes_and_sample_size_do_not_change_an_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(sample, "CHUNK_ACCOUNTS", 15)  # several chunks without a large sample
    serial = generate(tmp_path / "serial", accounts=45, seed=6, workers=1)
    parallel = generate(tmp_path / "parallel", accounts=45, seed=6, workers=2)
    _, mismatch, errors = filecmp.cmpfiles(serial, parallel, _files(serial), shallow=False)
    assert mismatch == [] and errors == []

    bigger = Extract(generate(tmp_path / "bigger", accounts=50, seed=6))
    smaller = Extract(serial)
    for table in ("crm/accounts", "crm/contacts", "crm/opportunities", "product/usage_monthly"):
        assert [r for r in bigger[table] if r["account_id"] <= "A00045"] == smaller[table], table


def test_the_default_as_of_is_fixed_and_history_covers_three_years(extract: Extract, folder: Path):
    assert yaml.safe_load((folder / "extract.yml").read_text()) == {
        "as_of": dt.date(2026, 10, 31),
        "reporting_currency": "USD",
    }
    months = sorted({row["month"] for row in extract["product/usage_monthly"]})
    assert months[0] == "2023-10-01" and months[-1] == "2026-10-01"
    assert min(p["start_date"] for p in extract["billing/subscription_periods"]) < "2023-10-01"


def test_another_as_of_moves_the_whole_extract(tmp_path: Path):
    moved = Extract(generate(tmp_path / "moved", accounts=25, seed=3, as_of=dt.date(2025, 6, 30)))
    assert yaml.safe_load((moved.folder / "extract.yml").read_text())["as_of"] == dt.date(2025, 6, 30)
    assert max(row["month"] for row in moved["product/usage_monthly"]) == "2025-06-01"
    assert max(t["created_at"] for t in moved["support/tickets"]) < "2025-07-01"
    champion = [
        c for c in moved.of("crm/contacts", story("champion_loss_at_risk")) if c["is_champion"] == "true"
    ]
    assert 90 < (dt.date(2025, 6, 30) - day_of(champion[0]["left_at"])).days < 180


# --- the contract ----------------------------------------------------------------------------------------


def test_every_table_of_the_contract_is_written_with_exactly_its_columns(extract: Extract, folder: Path):
    written = {p for p in _files(folder) if p != "extract.yml"}
    assert written == {f"{t.folder}/{t.name}.csv" for t in TABLES}
    for table in TABLES:
        with open(folder / table.folder / f"{table.name}.csv", encoding="utf-8") as handle:
            assert tuple(next(csv.reader(handle))) == tuple(c.name for c in written_columns(table)), (
                table.path
            )
        assert extract[table.path], f"{table.path} is empty"


def test_the_contract_is_read_from_the_dbt_sources_yaml_alone(tmp_path: Path):
    """A column added to the sources YAML is in the contract at once: there is no second declaration."""
    from reports.contract import load_tables

    copy = tmp_path / "staging"
    for sources_file in SOURCES.glob("*/_*__sources.yml"):
        target = copy / sources_file.parent.name / sources_file.name
        target.parent.mkdir(parents=True)
        target.write_text(sources_file.read_text(encoding="utf-8"), encoding="utf-8")
    accounts = copy / "crm" / "_crm__sources.yml"
    document = yaml.safe_load(accounts.read_text(encoding="utf-8"))
    table = next(t for t in document["sources"][0]["tables"] if t["name"] == "accounts")
    table["columns"].append(
        {"name": "health_override", "data_type": "double", "config": {"meta": {"min": 0, "max": 100}}}
    )
    accounts.write_text(yaml.safe_dump(document), encoding="utf-8")

    [loaded] = [t for t in load_tables(copy) if t.path == "crm/accounts"]
    column = loaded.fields[-1]
    assert (column.name, column.kind, column.minimum, column.maximum, column.required) == (
        "health_override",
        "number",
        0,
        100,
        False,
    )
    assert [t.path for t in load_tables(copy)] == [t.path for t in TABLES]


def test_no_python_module_declares_a_contract_table_again():
    """Only the sources YAML lists a table's columns: no module under reports/ names all of them (but the
    sample's writer of source layouts, which maps each contract column to where another tool keeps it)."""
    root = SOURCES.parent.parent
    mappings = {root / "reports" / "sample" / "fivetran.py"}
    for module in [*sorted((root / "reports").rglob("*.py")), root / "build.py"]:
        if module in mappings:
            continue
        words = set(re.findall(r"\w+", module.read_text(encoding="utf-8")))
        for table in TABLES:
            if len(table.columns) >= 5:
                assert not set(table.columns) <= words, f"{module} lists every column of {table.path}"


def test_every_contract_column_has_a_type_a_description_and_required_keys():
    for table in TABLES:
        assert table.fields, table.path
        for column in table.fields:
            assert column.description, f"{table.path}.{column.name}"
        for key in table.key:
            assert next(c for c in table.fields if c.name == key).required, f"{table.path}.{key}"


TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def _parses(kind: str, value: str, values: tuple[str, ...]) -> bool:
    try:
        if kind == "date":
            return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None and bool(
                dt.date.fromisoformat(value)
            )
        if kind == "timestamp":
            return TIMESTAMP.match(value) is not None and bool(dt.datetime.fromisoformat(value))
        if kind == "integer":
            return str(int(value)) == value
        if kind == "number":
            return float(value) == float(value)
        if kind == "boolean":
            return value in ("true", "false")
        if kind == "enum":
            return value in values
    except ValueError:
        return False
    return True


def test_every_cell_is_in_the_form_its_column_expects_and_required_cells_are_filled(large: Extract):
    for table in TABLES:
        for column in table.fields:
            cells = [row[column.name] for row in large[table.path]]
            bad = {v for v in cells if v != "" and not _parses(column.kind, v, column.values)}
            assert not bad, (table.path, column.name, sorted(bad)[:5])
            if column.required:
                assert all(cells), (table.path, column.name, "empty")
    money = re.compile(r"^-?\d+\.\d{2}$")
    for table, columns in (
        ("billing/invoices", ("amount_due", "amount_paid")),
        ("billing/subscription_periods", ("unit_amount",)),
        ("crm/opportunities", ("amount",)),
    ):
        for column in columns:
            assert all(money.match(row[column]) for row in large[table]), (table, column)


def test_every_enumeration_uses_all_its_values(large: Extract):
    unused = {}
    for table in TABLES:
        for column in table.fields:
            if column.kind == "enum":
                seen = {row[column.name] for row in large[table.path]}
                if set(column.values) - seen:
                    unused[f"{table.path}.{column.name}"] = set(column.values) - seen
    assert unused == {}
    assert {row["activity_type"] for row in large["crm/activities"]} == ACTIVITY_TYPES
    assert {row["reference_type"] for row in large["crm/references"]} == set(REFERENCE_TYPES)
    assert {row["satisfaction"] for row in large["support/tickets"]} == {"good", "bad", "offered", ""}


def test_keys_are_unique(large: Extract):
    for table in TABLES:
        key = table.key or tuple(c.name for c in table.fields if c.required)
        values = [tuple(row[column] for column in key) for row in large[table.path]]
        assert len(values) == len(set(values)), (table.path, Counter(values).most_common(1))


def test_the_build_validator_finds_nothing_fatal(folder: Path):
    from reports.validation import validate_extract

    assert [finding.message() for finding in validate_extract(folder).fatal] == []


# --- consistency between and within tables ------------------------------------------------------------


def test_references_between_tables_resolve(large: Extract):
    accounts = {row["account_id"] for row in large["crm/accounts"]}
    users = {row["user_id"]: row for row in large["crm/users"]}
    contacts = {row["contact_id"]: row["account_id"] for row in large["crm/contacts"]}
    opportunities = {row["opportunity_id"] for row in large["crm/opportunities"]}
    for table in (
        "crm/contacts",
        "crm/opportunities",
        "crm/activities",
        "crm/value_plans",
        "crm/references",
        "crm/sow_milestones",
        "product/usage_monthly",
        "surveys/nps",
    ):
        assert {row["account_id"] for row in large[table]} <= accounts, table
    for row in large["crm/accounts"]:
        assert row["owner_user_id"] in users and users[row["owner_user_id"]]["role"] == "ae"
        assert row["csm_user_id"] in users and users[row["csm_user_id"]]["role"] == "csm"
        assert not row["exec_sponsor_user_id"] or users[row["exec_sponsor_user_id"]]["role"] == "exec"
        assert not row["parent_account_id"] or row["parent_account_id"] in accounts
    for row in large["crm/activities"]:
        assert set(row["internal_attendee_user_ids"].split(";")) <= set(users), row
        attendees = [c for c in row["customer_attendee_contact_ids"].split(";") if c]
        assert all(contacts[c] == row["account_id"] for c in attendees), row
    assert {r["opportunity_id"] for r in large["crm/forecast_snapshots"]} <= opportunities
    assert {r["opportunity_id"] for r in large["crm/sow_milestones"]} <= opportunities
    assert all(contacts[r["contact_id"]] == r["account_id"] for r in large["surveys/nps"])
    periods = {p["subscription_id"]: p["billing_customer_id"] for p in large["billing/subscription_periods"]}
    assert all(periods[i["subscription_id"]] == i["billing_customer_id"] for i in large["billing/invoices"])


def test_users_form_one_hierarchy_under_exactly_one_ceo(large: Extract):
    users = {row["user_id"]: row for row in large["crm/users"]}
    ceos = [u for u in users.values() if u["role"] == "ceo"]
    assert len(ceos) == 1 and ceos[0]["manager_user_id"] == ""
    assert {u["role"] for u in users.values()} == {"ae", "csm", "exec", "ceo", "support", "se"}
    for user in users.values():
        seen, current = set(), user
        while current["manager_user_id"]:  # every chain of managers ends at the CEO
            assert current["user_id"] not in seen
            seen.add(current["user_id"])
            current = users[current["manager_user_id"]]
        assert current is ceos[0]
    assert any(u["is_active"] == "false" for u in users.values())


def test_dates_and_amounts_are_consistent(large: Extract):
    as_of = AS_OF.isoformat()
    for p in large["billing/subscription_periods"]:
        assert not p["end_date"] or p["end_date"] > p["start_date"], p
        assert p["start_date"] <= as_of and int(p["billing_period_months"]) in (1, 3, 12)
    for i in large["billing/invoices"]:
        assert i["issued_at"] <= i["due_date"] + "T" and i["issued_at"][:10] <= as_of
        assert (i["status"] == "paid") == bool(i["paid_at"]), i
        assert not i["paid_at"] or i["issued_at"] < i["paid_at"] <= as_of + "T23:59:59Z"
        assert i["amount_paid"] == (i["amount_due"] if i["status"] == "paid" else "0.00")
    for t in large["support/tickets"]:
        times = [t["created_at"], t["first_response_at"], t["solved_at"]]
        present = [x for x in times if x]
        assert present == sorted(present) and present[-1] <= as_of + "T23:59:59Z", t
        assert bool(t["solved_at"]) == (t["status"] in ("solved", "closed")), t
        assert t["status"] != "new" or not t["first_response_at"], t
    for c in large["crm/contacts"]:
        assert not c["left_at"] or c["created_at"] < c["left_at"] <= as_of + "T23:59:59Z", c
    for u in large["product/usage_monthly"]:
        assert 0 <= int(u["active_users"]) <= int(u["licensed_seats"])
    for n in large["surveys/nps"]:
        assert bool(n["responded_at"]) == bool(n["score"]) and (not n["comment"] or n["score"])
        assert not n["responded_at"] or n["sent_at"] < n["responded_at"] <= as_of
    for r in large["crm/activities"]:
        assert r["occurred_at"][:10] <= as_of


def test_fx_rates_cover_every_foreign_currency_in_every_month_billed(large: Extract):
    rates = {(r["currency"], r["month"]) for r in large["billing/fx_rates"]}
    assert {r["month"][8:] for r in large["billing/fx_rates"]} == {"01"}
    assert all(0.9 < float(r["rate_to_reporting"]) < 1.4 for r in large["billing/fx_rates"])
    for p in large["billing/subscription_periods"]:
        if p["currency"] != "USD":
            assert (p["currency"], p["start_date"][:8] + "01") in rates
            assert (p["currency"], AS_OF.replace(day=1).isoformat()) in rates


def test_text_with_quotes_commas_and_accents_round_trips(large: Extract, tmp_path: Path):
    comments = {n["comment"] for n in large["surveys/nps"]}
    assert 'Our board now asks for the "Tenure view" by name.' in comments
    assert any("ë" in c["full_name"] or "é" in c["full_name"] for c in large["crm/contacts"])
    assert all(c["email"].isascii() for c in large["crm/contacts"])
    raw = (large.folder / "surveys" / "nps.csv").read_text(encoding="utf-8")
    assert '"Our board now asks for the ""Tenure view"" by name."' in raw


# --- realism: the variety the pages need ------------------------------------------------------------------


def test_sizes_span_every_tier_and_employee_band_with_a_long_tail(large: Extract):
    arr = large.arr_on(AS_OF)
    tiers = Counter(
        "strategic" if v >= 1e6 else "enterprise" if v >= 5e5 else "growth" if v >= 1e5 else "scale"
        for v in arr.values()
        if v > 0
    )
    assert 0 < tiers["strategic"] < tiers["enterprise"] < tiers["growth"] < tiers["scale"]
    bands = Counter(
        next(
            b
            for limit, b in (
                (50, "1-50"),
                (200, "51-200"),
                (1000, "201-1000"),
                (5000, "1001-5000"),
                (10**9, "5000+"),
            )
            if int(a["employee_count"]) <= limit
        )
        for a in large["crm/accounts"]
    )
    assert len(bands) == 5 and min(bands.values()) >= 10
    assert len({a["industry"] for a in large["crm/accounts"]}) >= 8
    assert len({a["region"] for a in large["crm/accounts"]}) == 4


def _movements(large: Extract) -> Counter[str]:
    month, previous, seen, movements = dt.date(2023, 10, 1), {}, set(), Counter()
    while month <= AS_OF:
        end = min(AS_OF, (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1))
        now = {k: v for k, v in large.arr_on(end).items() if v > 0.005}
        for account in set(now) | set(previous):
            before, after = previous.get(account, 0), now.get(account, 0)
            if not before and after:
                movements["reactivation" if account in seen else "new"] += 1
            elif before and not after:
                movements["churn"] += 1
            elif after > before + 0.005:
                movements["expansion"] += 1
            elif after < before - 0.005:
                movements["contraction"] += 1
        seen |= set(now)
        previous = now
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return movements


def test_revenue_moves_in_every_way_over_the_history(large: Extract):
    movements = _movements(large)
    assert movements["new"] > 100  # including the accounts that started before the history
    assert movements["expansion"] > 50 and movements["contraction"] > 20 and movements["churn"] > 20
    assert movements["reactivation"] >= 3
    periods = large["billing/subscription_periods"]
    assert any(p["end_date"] > AS_OF.isoformat() for p in periods), "a cancellation scheduled after as_of"
    assert {p["discount_percent"] for p in periods} >= {"0", "10", "15", "20"}
    price_changes = Counter(
        (p["subscription_id"], p["quantity"]) for p in periods if p["plan_name"] != "Analytics add-on"
    )
    assert any(count > 1 for count in price_changes.values()), "a price change at the same quantity"


def test_currencies_and_billing_links_vary(large: Extract):
    customers = large["billing/customers"]
    linked = [c for c in customers if c["crm_account_id"].startswith("A") and c["crm_account_id"] != "A00000"]
    foreign = [c for c in linked if c["currency"] != "USD"]
    assert {c["currency"] for c in foreign} == {"EUR", "GBP"}
    assert 0.05 < len(foreign) / len(linked) < 0.15
    per_account = Counter(c["crm_account_id"] for c in linked)
    assert any(count == 2 for count in per_account.values()), "an account with two billing customers"
    per_account = Counter(o["external_id"] for o in large["support/organizations"] if o["external_id"])
    assert any(count == 2 for count in per_account.values()), "an account with two support organizations"


def test_some_billing_customers_and_support_organizations_do_not_link_to_the_crm(extract: Extract):
    accounts = {row["account_id"] for row in extract["crm/accounts"]}
    unlinked = [c for c in extract["billing/customers"] if c["crm_account_id"] not in accounts]
    assert 2 <= sum(1 for c in unlinked if not c["crm_account_id"]) <= 4 and len(unlinked) <= 4
    arr = extract.arr_on(AS_OF)
    assert all(
        arr[c["billing_customer_id"] if not c["crm_account_id"] else c["crm_account_id"]] > 0
        for c in unlinked
    ), "they carry MRR"
    orphans = [o["organization_id"] for o in extract["support/organizations"] if not o["external_id"]]
    assert 2 <= len(orphans) <= 4
    assert all(any(t["organization_id"] == o for t in extract["support/tickets"]) for o in orphans)


def test_deals_contacts_and_programs_vary(large: Extract):
    deals = Counter((o["opportunity_type"], o["stage"]) for o in large["crm/opportunities"])
    for kind in ("pilot", "new_business", "expansion", "renewal"):
        assert deals[(kind, "closed_won")] and deals[(kind, "closed_lost")], kind
        assert any(k == kind and s not in ("closed_won", "closed_lost") for k, s in deals), kind
    lost = [o for o in large["crm/opportunities"] if o["stage"] == "closed_lost"]
    assert (
        all(o["loss_reason"] for o in lost)
        and sum(bool(o["primary_competitor"]) for o in lost) > len(lost) / 2
    )
    contacts = large["crm/contacts"]
    assert {c["seniority"] for c in contacts} == {"c_level", "vp", "director", "manager", "individual"}
    assert {(c["referral_mode"], c["referral_scope"]) for c in contacts if c["is_evangelist"] == "true"} == {
        (mode, scope) for mode in ("unprompted", "prompted") for scope in ("external", "internal")
    }
    assert sum(c["left_at"] != "" for c in contacts) > 50
    qbrs = [a for a in large["crm/activities"] if a["activity_type"] == "qbr"]
    assert {a["materials_shared"] for a in qbrs} == {"true", "false"}
    assert {len(a["internal_attendee_user_ids"].split(";")) for a in qbrs} >= {2, 3}
    quarters = {v["quarter"] for v in large["crm/value_plans"]}
    assert {"2026-Q2", "2026-Q3", "2026-Q4"} <= quarters
    log = Counter((r["account_id"], r["reference_type"]) for r in large["crm/references"])
    assert any(count > 1 for count in log.values()), "statuses change over time"


def test_pilots_convert_or_not(large: Extract):
    by_account: dict[str, Table] = defaultdict(list)
    for o in large["crm/opportunities"]:
        by_account[o["account_id"]].append(o)
    converted = not_converted = 0
    for deals in by_account.values():
        for pilot in (o for o in deals if o["opportunity_type"] == "pilot" and o["stage"] == "closed_won"):
            won = day_of(pilot["close_date"])
            if won > AS_OF - dt.timedelta(days=180):
                continue  # still in flight
            if any(
                o["opportunity_type"] == "new_business"
                and o["stage"] == "closed_won"
                and 0 <= (day_of(o["close_date"]) - won).days <= 180
                for o in deals
            ):
                converted += 1
            else:
                not_converted += 1
    assert converted >= 10 and not_converted >= 1


# --- planted stories ---------------------------------------------------------------------------------------


# --- the hazard model: churn follows the signals, with noise (reports/sample/README.md) ---------------


def test_each_sign_of_trouble_multiplies_the_chance_of_churning_at_a_renewal_up_to_a_cap():
    from reports.sample.plans import CHURN_PER_RENEWAL, HAZARD_MAX, TROUBLE_SIGNS, churn_hazard

    base = CHURN_PER_RENEWAL["growth"]
    assert churn_hazard("growth", set()) == base
    champion = TROUBLE_SIGNS["champion_loss"][1]
    usage = TROUBLE_SIGNS["usage_decline"][1]
    assert churn_hazard("growth", {"champion_loss", "usage_decline"}) == pytest.approx(
        base * champion * usage
    )
    assert churn_hazard("scale", set(TROUBLE_SIGNS)) == HAZARD_MAX


def test_accounts_that_showed_trouble_churn_more_often_but_not_always_and_quiet_ones_sometimes():
    """Over 4,000 drawn plans: a churn is much likelier within a year after a sign of trouble than
    without one, yet most troubled accounts stay and some quiet ones leave (a real, imperfect signal)."""
    from reports.sample.plans import draw_plan

    history_start = dt.date(2023, 11, 1)
    troubled = troubled_churned = quiet = quiet_churned = 0
    for index in range(1, 4001):
        plan = draw_plan(index, 11, history_start, AS_OF)
        if not plan.spells or plan.first_start < history_start:
            continue
        end = plan.spells[0].end
        churned = end is not None and end <= AS_OF
        horizon = end if churned else AS_OF
        signs = [
            trouble for trouble in plan.troubles if horizon - dt.timedelta(days=365) <= trouble.on < horizon
        ]
        if signs:
            troubled, troubled_churned = troubled + 1, troubled_churned + churned
        else:
            quiet, quiet_churned = quiet + 1, quiet_churned + churned
    troubled_rate, quiet_rate = troubled_churned / troubled, quiet_churned / quiet
    assert troubled > 200 and quiet > 200
    assert troubled_rate > 1.8 * quiet_rate
    assert troubled_rate < 0.7 and quiet_rate > 0.02


def test_a_churn_ends_the_contract_at_a_renewal_so_no_renewal_is_won_months_before_it_is_lost(large: Extract):
    renewals: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
    for row in large["crm/opportunities"]:
        if row["opportunity_type"] == "renewal" and row["stage"] in ("closed_won", "closed_lost"):
            renewals[row["account_id"]].append((day_of(row["close_date"]), row["stage"]))
    lost = 0
    for account_id, deals in renewals.items():
        deals.sort()
        for (won_on, won), (lost_on, stage) in itertools.pairwise(deals):
            if won == "closed_won" and stage == "closed_lost":
                lost += 1
                assert (lost_on - won_on).days >= 300, (account_id, won_on, lost_on)
    assert lost > 20


def test_nothing_in_the_extract_was_created_after_it_was_taken(large: Extract):
    for table, column in (("crm/opportunities", "created_at"), ("crm/contacts", "created_at")):
        late = [row[column] for row in large[table] if row[column] and day_of(row[column]) > AS_OF]
        assert not late, (table, late[:3])


def test_people_of_an_account_have_distinct_names_and_titles_that_fit_their_department(large: Extract):
    from reports.sample.vocabulary import DEPARTMENT_OF_TITLE

    names = Counter((row["account_id"], row["full_name"]) for row in large["crm/contacts"])
    assert max(names.values()) == 1
    for row in large["crm/contacts"]:
        assert DEPARTMENT_OF_TITLE.get(row["title"], row["department"]) == row["department"], row


def test_no_account_repeats_an_nps_comment(large: Extract):
    comments = Counter((row["account_id"], row["comment"]) for row in large["surveys/nps"] if row["comment"])
    assert comments and max(comments.values()) == 1


def test_value_plans_cover_two_years_and_churned_accounts_too(large: Extract):
    quarters = {row["quarter"] for row in large["crm/value_plans"]}
    assert len(quarters) == 8
    paying_now = {
        row["account_id"]
        for row in large["product/usage_monthly"]
        if day_of(row["month"]) == AS_OF.replace(day=1)
    }
    assert {row["account_id"] for row in large["crm/value_plans"]} - paying_now


def test_stories_sit_at_the_first_ids_with_their_names(extract: Extract):
    names = {row["account_id"]: row["account_name"] for row in extract["crm/accounts"]}
    assert [s.account_id for s in PLANTED_STORIES] == [
        f"A{n:05d}" for n in range(1, len(PLANTED_STORIES) + 1)
    ]
    assert all(names[s.account_id] == s.account_name for s in PLANTED_STORIES)
    assert len({s.key for s in PLANTED_STORIES}) == len(PLANTED_STORIES)
    assert all(s.description and s.shows_on for s in PLANTED_STORIES)


def test_a_sample_too_small_for_the_stories_plants_none_and_the_minimum_plants_all(tmp_path: Path):
    small = Extract(generate(tmp_path / "small", accounts=STORY_MIN_ACCOUNTS - 1, seed=1))
    assert not {r["account_name"] for r in small["crm/accounts"]} & {s.account_name for s in PLANTED_STORIES}
    enough = Extract(generate(tmp_path / "enough", accounts=STORY_MIN_ACCOUNTS, seed=1))
    assert {s.account_name for s in PLANTED_STORIES} <= {r["account_name"] for r in enough["crm/accounts"]}


@pytest.fixture(
    scope="module", params=[DEFAULT_AS_OF, dt.date(2026, 1, 3)], ids=["default-as-of", "early-in-a-year"]
)
def told(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Extract:
    """A sample with the stories, at the default as_of and at one early in a quarter and a year: the
    stories are planted relative to as_of, so they must hold at any date."""
    return Extract(
        generate(tmp_path_factory.mktemp("told") / "extract", accounts=40, seed=12, as_of=request.param)
    )


def month(as_of: dt.date, shift: int) -> dt.date:
    """The first day of the month `shift` months from as_of's month."""
    index = as_of.year * 12 + as_of.month - 1 + shift
    return dt.date(index // 12, index % 12 + 1, 1)


def test_halcyon_lost_its_champion_recently_and_is_at_risk(told: Extract):
    account, as_of = story("champion_loss_at_risk"), told.as_of
    champions = [c for c in told.of("crm/contacts", account) if c["is_champion"] == "true"]
    assert champions and all(c["left_at"] for c in champions), "no active champion"
    assert all(90 < (as_of - day_of(c["left_at"])).days < 180 for c in champions)
    recent = [t for t in told.tickets_of(account) if (as_of - day_of(t["created_at"])).days < 90]
    assert sum(t["priority"] in ("urgent", "high") for t in recent) >= 8
    answers = [n for n in told.of("surveys/nps", account) if n["score"]]
    latest = max(answers, key=lambda n: n["sent_at"])
    assert int(latest["score"]) <= 6 and (as_of - day_of(latest["sent_at"])).days < 365
    before = [int(n["score"]) for n in answers if n["sent_at"] < champions[0]["left_at"]]
    assert before and max(before) >= 7, "it was fine before"
    renewals = [
        o
        for o in told.of("crm/opportunities", account)
        if o["opportunity_type"] == "renewal" and o["stage"] not in ("closed_won", "closed_lost")
    ]
    assert len(renewals) == 1 and 30 <= (day_of(renewals[0]["close_date"]) - as_of).days <= 125
    assert told.arr_on(as_of)[account] > 100_000


def test_bramblecote_lost_its_champion_then_churned_to_a_competitor(told: Extract):
    account, as_of = story("champion_loss_churned"), told.as_of
    champion = next(c for c in told.of("crm/contacts", account) if c["is_champion"] == "true")
    left = day_of(champion["left_at"])
    assert 12 * 30 < (as_of - left).days < 15 * 31
    periods = told.periods_of(account)
    ends = {p["end_date"] for p in periods}
    assert periods and "" not in ends and max(ends) == month(as_of, -6).isoformat()
    urgent_after = [
        t for t in told.tickets_of(account) if t["priority"] == "urgent" and day_of(t["created_at"]) > left
    ]
    assert len(urgent_after) >= 10
    scores = [
        int(n["score"]) for n in told.of("surveys/nps", account) if n["score"] and day_of(n["sent_at"]) > left
    ]
    assert scores and max(scores) <= 6
    lost = [
        o
        for o in told.of("crm/opportunities", account)
        if o["opportunity_type"] == "renewal" and o["stage"] == "closed_lost"
    ]
    assert len(lost) == 1 and lost[0]["primary_competitor"] == "Vantage" and lost[0]["loss_reason"]
    assert any(a["activity_type"] == "churn_interview" for a in told.of("crm/activities", account))


def test_lumen_outgrew_its_seats_and_expanded(told: Extract):
    account, as_of = story("usage_expansion"), told.as_of
    usage = {
        u["month"]: int(u["active_users"]) / int(u["licensed_seats"])
        for u in told.of("product/usage_monthly", account)
    }
    assert usage[month(as_of, -3).isoformat()] > 0.95 and usage[month(as_of, 0).isoformat()] > 0.95
    assert usage[month(as_of, -2).isoformat()] < 0.8  # seats added
    periods = sorted(told.periods_of(account), key=lambda p: p["start_date"])
    assert periods[-1]["start_date"] == month(as_of, -2).isoformat()
    assert int(periods[-1]["quantity"]) > int(periods[-2]["quantity"])
    won = [o for o in told.of("crm/opportunities", account) if o["opportunity_type"] == "expansion"]
    assert won and won[-1]["stage"] == "closed_won"
    assert month(as_of, -3).isoformat() <= won[-1]["close_date"] < month(as_of, -2).isoformat()


def test_orbital_is_strategic_and_missed_its_last_two_qbrs(told: Extract):
    account, as_of = story("strategic_no_qbr"), told.as_of
    assert told.arr_on(as_of)[account] >= 1_000_000
    qbrs = sorted(
        day_of(a["occurred_at"]) for a in told.of("crm/activities", account) if a["activity_type"] == "qbr"
    )
    two_full_quarters_back = month(quarter_start(as_of), -6)
    assert len(qbrs) >= 6 and qbrs[-1] < two_full_quarters_back


def test_kestrel_pays_late_and_owes_more_than_60_days(told: Extract):
    invoices, as_of = told.invoices_of(story("late_payer")), told.as_of
    overdue = [
        (as_of - day_of(i["due_date"])).days
        for i in invoices
        if i["status"] == "open" and day_of(i["due_date"]) < as_of
    ]
    assert len(overdue) >= 2 and max(overdue) > 60
    paid = [i for i in invoices if i["status"] == "paid"]
    assert paid and all(i["paid_at"][:10] > i["due_date"] for i in paid)


def test_cobalt_converted_its_pilot_and_driftwood_did_not(told: Extract):
    def won(account: str, kind: str) -> list[dt.date]:
        return [
            day_of(o["close_date"])
            for o in told.of("crm/opportunities", account)
            if o["opportunity_type"] == kind and o["stage"] == "closed_won"
        ]

    [pilot], [deal] = won(story("pilot_converted"), "pilot"), won(story("pilot_converted"), "new_business")
    assert 0 < (deal - pilot).days <= 90
    [pilot] = won(story("pilot_not_converted"), "pilot")
    assert (told.as_of - pilot).days > 180 and won(story("pilot_not_converted"), "new_business") == []


def test_phoenix_churned_and_came_back_after_a_gap(told: Extract):
    periods = sorted(told.periods_of(story("reactivation")), key=lambda p: p["start_date"])
    subscriptions = list(dict.fromkeys(p["subscription_id"] for p in periods))
    assert len(subscriptions) == 2
    first_end = max(p["end_date"] for p in periods if p["subscription_id"] == subscriptions[0])
    comeback = min(p["start_date"] for p in periods if p["subscription_id"] == subscriptions[1])
    assert (day_of(comeback) - day_of(first_end)).days > 100 and periods[-1]["end_date"] == ""


def test_granite_cut_seats_in_the_last_six_months(told: Extract):
    periods = sorted(told.periods_of(story("contraction")), key=lambda p: p["start_date"])
    assert (told.as_of - day_of(periods[-1]["start_date"])).days < 183
    assert int(periods[-1]["quantity"]) < int(periods[-2]["quantity"]) and periods[-1]["end_date"] == ""


def test_edelweiss_is_billed_in_eur_with_rates(told: Extract):
    account = story("foreign_currency")
    assert {p["currency"] for p in told.periods_of(account)} == {"EUR"}
    assert {i["currency"] for i in told.invoices_of(account)} == {"EUR"}
    months = {r["month"] for r in told["billing/fx_rates"] if r["currency"] == "EUR"}
    billed = {p["start_date"][:8] + "01" for p in told.periods_of(account)}
    assert billed | {month(told.as_of, 0).isoformat()} <= months


def test_meridian_has_stalled_items_and_sierra_too_many_tactics(told: Extract):
    as_of = told.as_of
    current = f"{as_of.year}-Q{(as_of.month - 1) // 3 + 1}"
    stalled = [
        v
        for v in told.of("crm/value_plans", story("stalled_value_plan"))
        if v["quarter"] == current and v["due_date"] < as_of.isoformat() and v["status"] != "achieved"
    ]
    assert len(stalled) >= 2
    active = [
        v
        for v in told.of("crm/value_plans", story("too_many_tactics"))
        if v["quarter"] == current and v["status"] in ("not_started", "in_progress", "blocked")
    ]
    assert len({v["tactic"] for v in active}) > 3


def _current_reference(extract: Extract, account: str, kind: str) -> str:
    log = [r for r in extract.of("crm/references", account) if r["reference_type"] == kind]
    return max(log, key=lambda r: r["changed_at"])["status"] if log else ""


def test_reference_stories(told: Extract):
    aurora = story("referenceable")
    assert _current_reference(told, aurora, "private_reference_call") == "green"
    evangelists = [c for c in told.of("crm/contacts", aurora) if c["is_evangelist"] == "true"]
    assert evangelists and {c["referral_mode"] for c in evangelists} == {"unprompted"}
    past_due = [
        i for i in told.invoices_of(aurora) if i["status"] == "open" and day_of(i["due_date"]) < told.as_of
    ]
    assert past_due == [], "eligible to be a reference"
    assert _current_reference(told, story("reference_forecast"), "private_reference_call") == "amber"
    calls = Counter(
        quarter_start(day_of(a["occurred_at"]))
        for a in told.of("crm/activities", story("reference_fatigue"))
        if a["activity_type"] == "reference_call"
    )
    assert max(calls.values()) > 2


def test_nimbus_kicked_off_late_and_slipped_milestones(told: Extract):
    account, as_of = story("late_kickoff"), told.as_of
    [deal] = [o for o in told.of("crm/opportunities", account) if o["opportunity_type"] == "new_business"]
    signed = day_of(deal["close_date"])
    assert deal["stage"] == "closed_won" and 45 <= (as_of - signed).days <= 75
    [kickoff] = [
        day_of(a["occurred_at"])
        for a in told.of("crm/activities", account)
        if a["activity_type"] == "kickoff"
    ]
    business_days = sum(
        1 for n in range(1, (kickoff - signed).days + 1) if (signed + dt.timedelta(n)).weekday() < 5
    )
    assert business_days == 6
    milestones = told.of("crm/sow_milestones", account)
    assert {m["opportunity_id"] for m in milestones} == {deal["opportunity_id"]}
    late = [m for m in milestones if (m["completed_date"] or as_of.isoformat()) > m["committed_date"]]
    assert 1 <= len(late) < len(milestones)


def test_titan_is_a_top_arr_account_without_an_exec_sponsor(told: Extract):
    account = story("no_exec_sponsor")
    assert next(a for a in told["crm/accounts"] if a["account_id"] == account)["exec_sponsor_user_id"] == ""
    arr = sorted(told.arr_on(told.as_of).items(), key=lambda item: -item[1])
    total, running, top = sum(v for _, v in arr), 0.0, []
    for name, value in arr:  # the accounts that make up the top 20% of ARR
        if running >= 0.2 * total:
            break
        top.append(name)
        running += value
    assert account in top


# --- Parquet ------------------------------------------------------------------------------------------------


def test_parquet_format_writes_every_table_typed_by_the_contract(tmp_path: Path, extract: Extract):
    out = generate(tmp_path / "pq", accounts=60, seed=3, format="parquet")
    assert not list(out.rglob("*.csv"))
    expected = {
        "date": "DATE",
        "timestamp": "TIMESTAMP WITH TIME ZONE",
        "integer": "BIGINT",
        "number": "DOUBLE",
        "boolean": "BOOLEAN",
        "text": "VARCHAR",
        "enum": "VARCHAR",
    }
    with duckdb.connect() as con:
        for table in TABLES:
            path = str(out / table.folder / f"{table.name}.parquet")
            types = dict(
                con.execute(
                    "select column_name, column_type from (describe select * from read_parquet(?))", [path]
                ).fetchall()
            )
            assert types == {c.name: expected[c.kind] for c in written_columns(table)}, table.path
            [(count,)] = con.execute("select count(*) from read_parquet(?)", [path]).fetchall()
            assert count == len(extract[table.path]), table.path
        [(issued,)] = con.execute(
            "select min(issued_at) from read_parquet(?)", [str(out / "billing" / "invoices.parquet")]
        ).fetchall()
    assert issued.utcoffset() == dt.timedelta(0)


def test_the_readme_documents_every_story():
    readme = (Path(sample.__file__).parent / "README.md").read_text(encoding="utf-8")
    for planted in PLANTED_STORIES:
        assert f"| {planted.account_id} | {planted.account_name} | `{planted.key}` |" in readme
