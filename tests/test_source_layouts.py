"""Source layouts: Salesforce, Stripe and Zendesk as Fivetran syncs them, read by their staging adapters
(models/staging/salesforce/, stripe/, zendesk/).

- The same generated company written in the contract layout and in Fivetran's layouts builds the same marts
  and the same site (all but the data-quality page, which says which layout each table came through).
- Stripe's period rebuild and Zendesk's first-response and solve times, on hand-built tables whose answer is
  known: an upgrade mid-month, a quantity change, a cancellation, a coupon, other currencies, draft invoices,
  one-off lines; agent and requester comments, internal notes, reopened tickets, deleted tickets.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from reports.dbt_runner import DbtPaths, dbt_environment, dbt_executable
from reports.paths import REPO_ROOT
from reports.sample import generate
from tests.conftest import build_from

pytestmark = pytest.mark.slow


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def both_layouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """The same sample in both layouts (Fivetran's as CSV and as Parquet), each built by build.py:
    {layout: (site, duckdb file)}."""
    base = tmp_path_factory.mktemp("layouts")
    built = {}
    for layout, file_format in (("tenure", "csv"), ("fivetran", "csv"), ("fivetran-parquet", "parquet")):
        extract = generate(
            base / f"extract-{layout}", accounts=30, seed=8, layout=layout.split("-")[0], format=file_format
        )
        site, work = base / f"site-{layout}", base / f"work-{layout}"
        completed = build_from(extract, site, work)
        assert completed.returncode == 0, completed.stderr[-3000:]
        built[layout] = (site, next(work.glob("run-*/tenure.duckdb")))
    return built


@pytest.mark.parametrize("layout", ["fivetran", "fivetran-parquet"])
def test_fivetran_layouts_build_the_same_marts_as_the_contract_layout(both_layouts, layout: str):
    with duckdb.connect() as con:
        con.execute(f"attach '{both_layouts['tenure'][1]}' as contract (read_only)")
        con.execute(f"attach '{both_layouts[layout][1]}' as fivetran (read_only)")
        marts = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables "
                "where table_catalog = 'contract' and table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        assert len(marts) > 40
        for mart in marts:
            # They say which layout was read, and how many rows each of its tables had.
            if mart in ("rpt_source_layouts", "rpt_conventions", "rpt_extract_row_counts"):
                continue
            for left, right in (("contract", "fivetran"), ("fivetran", "contract")):
                [(differing,)] = con.execute(
                    f"select count(*) from (select * from {left}.marts.{mart} "
                    f"except all select * from {right}.marts.{mart})"
                ).fetchall()
                assert differing == 0, f"{mart}: {differing} rows of {left} not in {right}"


@pytest.mark.parametrize("layout", ["fivetran", "fivetran-parquet"])
def test_fivetran_layouts_build_the_same_site_but_the_data_quality_page(both_layouts, layout: str):
    contract, fivetran = _files(both_layouts["tenure"][0]), _files(both_layouts[layout][0])
    assert contract.keys() == fivetran.keys()
    differing = sorted(name for name in contract if contract[name] != fivetran[name])
    # The data-quality page says how each system was read and the rows of each of its tables, from the
    # conventions, source-layout and row-count marts (also in data/); the search index holds that page's
    # words (twice: JSON, and the script for file://).
    assert differing == [
        "data-quality.html",
        "data/rpt_conventions.parquet",
        "data/rpt_extract_row_counts.parquet",
        "data/rpt_source_layouts.parquet",
        "search/search_index.js",
        "search/search_index.json",
    ]

    def entries(files: dict[str, bytes]) -> list[dict]:
        index = json.loads(files["search/search_index.json"])
        return [doc for doc in index["docs"] if not doc["location"].startswith("data-quality.html")]

    assert entries(contract) == entries(fivetran)


def test_the_data_quality_page_says_which_layout_each_table_came_through(both_layouts):
    page = html.unescape((both_layouts["fivetran"][0] / "data-quality.html").read_text(encoding="utf-8"))
    page = page.replace("><", ">\n<")
    for system, layout in (("crm", "salesforce"), ("billing", "stripe"), ("support", "zendesk")):
        assert f"<strong>{system}</strong>: read in the <strong>{layout}</strong> layout" in page
    for table, read_as in (
        ("account", "accounts"),
        ("opportunity", "opportunities"),
        ("invoice_line_item", "subscription periods"),
        ("ticket_comment", "tickets"),
    ):
        assert f"<td>\n<code>{table}</code>\n</td>\n<td>{read_as}</td>" in page, table
    assert "deleted in Salesforce (is_deleted)" in page
    assert "<summary>The stripe mapping in force</summary>" in page
    contract = html.unescape((both_layouts["tenure"][0] / "data-quality.html").read_text(encoding="utf-8"))
    assert "<strong>crm</strong>: read in the data contract's layout" in contract


# --- Stripe's period rebuild and Zendesk's response times, on hand-built tables -----------------------------


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    header = list(dict.fromkeys(key for row in rows for key in row))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _line(item: str, start: str, end: str, price: str, quantity: int, invoice: str = "in_1", **extra) -> dict:
    return {
        "id": f"il_{item}_{start}_{price}_{quantity}_{extra.get('amount', 1)}",
        "invoice_id": invoice,
        "subscription_id": item.replace("si_", "sub_"),
        "subscription_item_id": item,
        "price_id": price,
        "quantity": quantity,
        "period_start": f"{start} 00:00:00",
        "period_end": f"{end} 00:00:00",
        "amount": extra.get("amount", 100),
        "type": extra.get("type", "subscription"),
    }


STRIPE = {
    "customer": [
        {
            "id": "cus_1",
            "name": "One",
            "metadata": '{"crm_account_id": "A00001"}',
            "currency": "usd",
            "created": "2025-12-01 00:00:00",
            "is_deleted": "false",
        },
        {
            "id": "cus_gone",
            "name": "Gone",
            "metadata": "{}",
            "currency": "usd",
            "created": "2025-12-01 00:00:00",
            "is_deleted": "true",
        },
    ],
    "subscription": [
        {"id": f"sub_{name}", "customer_id": "cus_1", "status": status, "ended_at": ended}
        for name, status, ended in (
            ("upgrade", "active", ""),
            ("seats", "active", ""),
            ("cancel", "canceled", "2026-02-20 00:00:00"),
            ("coupon", "active", ""),
            ("euro", "past_due", ""),
            ("yen", "active", ""),
        )
    ],
    "price": [
        {
            "id": "basic",
            "unit_amount": 1000,
            "currency": "usd",
            "recurring_interval": "month",
            "recurring_interval_count": 1,
            "product_id": "prod_basic",
        },
        {
            "id": "pro",
            "unit_amount": 2500,
            "currency": "usd",
            "recurring_interval": "month",
            "recurring_interval_count": 1,
            "product_id": "prod_pro",
        },
        {
            "id": "euro_year",
            "unit_amount": 119988,
            "currency": "eur",
            "recurring_interval": "year",
            "recurring_interval_count": 1,
            "product_id": "prod_pro",
        },
        {
            "id": "yen",
            "unit_amount": 5000,
            "currency": "jpy",
            "recurring_interval": "month",
            "recurring_interval_count": 3,
            "product_id": "prod_basic",
        },
    ],
    "product": [{"id": "prod_basic", "name": "Basic"}, {"id": "prod_pro", "name": "Pro"}],
    "invoice": [
        {
            "id": "in_1",
            "customer_id": "cus_1",
            "status": "paid",
            "is_deleted": "false",
            "currency": "usd",
            "created": "2026-01-01 00:00:00",
            "amount_due": 12345,
            "amount_paid": 12345,
        },
        {
            "id": "in_draft",
            "customer_id": "cus_1",
            "status": "draft",
            "is_deleted": "false",
            "currency": "usd",
            "created": "2026-04-01 00:00:00",
            "amount_due": 999,
            "amount_paid": 0,
        },
    ],
    "invoice_line_item": [
        # basic to pro on 15 February: a charge for the rest of February at pro, a credit at basic
        _line("si_upgrade", "2026-01-01", "2026-02-01", "basic", 10),
        _line("si_upgrade", "2026-02-01", "2026-03-01", "basic", 10),
        _line("si_upgrade", "2026-02-15", "2026-03-01", "pro", 10),
        _line("si_upgrade", "2026-02-15", "2026-03-01", "basic", 10, amount=-500),
        _line("si_upgrade", "2026-03-01", "2026-04-01", "pro", 10),
        # five seats, eight from March; a draft invoice's line (twelve seats) and a one-off line do not count
        _line("si_seats", "2026-01-01", "2026-02-01", "basic", 5),
        _line("si_seats", "2026-02-01", "2026-03-01", "basic", 5),
        _line("si_seats", "2026-03-01", "2026-04-01", "basic", 8),
        _line("si_seats", "2026-04-01", "2026-05-01", "basic", 12, invoice="in_draft"),
        _line("si_seats", "2026-03-10", "2026-03-10", "basic", 1, type="invoiceitem"),
        # canceled on 20 February, February billed in full
        _line("si_cancel", "2026-01-01", "2026-02-01", "basic", 3),
        _line("si_cancel", "2026-02-01", "2026-03-01", "basic", 3),
        # a 20% coupon from February
        _line("si_coupon", "2026-01-01", "2026-02-01", "basic", 4),
        _line("si_coupon", "2026-02-01", "2026-03-01", "basic", 4),
        _line("si_coupon", "2026-03-01", "2026-04-01", "basic", 4),
        # a yearly euro price and a quarterly yen price (yen has no minor unit)
        _line("si_euro", "2025-12-01", "2026-12-01", "euro_year", 2),
        _line("si_yen", "2026-01-01", "2026-04-01", "yen", 7),
    ],
    "coupon": [{"id": "twenty", "percent_off": 20, "amount_off": "", "currency": ""}],
    "discount": [
        {
            "id": "di_1",
            "coupon_id": "twenty",
            "subscription_id": "sub_coupon",
            "start": "2026-02-01 00:00:00",
            "end": "",
        }
    ],
}

ZENDESK = {
    "organization": [{"id": "1", "name": "One", "external_id": "A00001", "_fivetran_deleted": "false"}],
    "user": [
        {"id": "10", "email": "agent@us.example", "role": "agent"},
        {"id": "20", "email": "pat@one.example", "role": "end-user"},
    ],
    "ticket": [
        {
            "id": id_,
            "organization_id": "1",
            "requester_id": "20",
            "created_at": "2026-03-02 09:00:00",
            "status": status,
            "priority": "normal",
            "type": "question",
            "via_channel": "email",
            "custom_topic": "Billing",
            "_fivetran_deleted": "false",
        }
        for id_, status in (
            ("101", "open"),
            ("102", "pending"),
            ("103", "closed"),
            ("104", "hold"),
            ("105", "deleted"),
        )
    ],
    "ticket_comment": [
        {"id": "c1", "ticket_id": "101", "user_id": "20", "created": "2026-03-02 09:30:00", "public": "true"},
        {
            "id": "c2",
            "ticket_id": "101",
            "user_id": "10",
            "created": "2026-03-02 10:00:00",
            "public": "false",
        },
        {"id": "c3", "ticket_id": "101", "user_id": "10", "created": "2026-03-02 11:00:00", "public": "true"},
        {"id": "c4", "ticket_id": "102", "user_id": "20", "created": "2026-03-02 12:00:00", "public": "true"},
        {"id": "c5", "ticket_id": "103", "user_id": "10", "created": "2026-03-01 08:00:00", "public": "true"},
        {"id": "c6", "ticket_id": "103", "user_id": "10", "created": "2026-03-03 08:00:00", "public": "true"},
    ],
    "ticket_field_history": [
        {"ticket_id": "103", "field_name": "status", "value": value, "updated": updated}
        for value, updated in (
            ("new", "2026-03-02 09:00:00"),
            ("solved", "2026-03-03 09:00:00"),
            ("open", "2026-03-04 09:00:00"),
            ("solved", "2026-03-05 09:00:00"),
            ("closed", "2026-03-09 09:00:00"),
        )
    ],
    "satisfaction_rating": [
        {"id": "s1", "ticket_id": "103", "score": "offered", "updated_at": "2026-03-05 09:00:00"},
        {"id": "s2", "ticket_id": "103", "score": "good", "updated_at": "2026-03-06 09:00:00"},
    ],
}


def _build_staging(extract: Path, work: Path, layouts: dict[str, str]) -> duckdb.DuckDBPyConnection:
    """`dbt build` of the staging models (and their seeds) on `extract`, without data tests."""
    paths = DbtPaths.inside(work)
    completed = subprocess.run(
        [
            dbt_executable(),
            "build",
            "--select",
            "+path:models/staging",
            "--exclude-resource-type",
            "test",
            "--project-dir",
            str(REPO_ROOT),
            "--profiles-dir",
            str(REPO_ROOT),
            "--vars",
            json.dumps({"source_layouts": layouts}),
        ],
        cwd=REPO_ROOT,
        env=dbt_environment(extract, paths),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout[-4000:]
    return duckdb.connect(str(paths.duckdb), read_only=True)


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """The staging models of a small extract whose billing is STRIPE and support ZENDESK (crm: a generated
    sample in the contract layout), built by dbt."""
    base = tmp_path_factory.mktemp("adapters")
    extract = generate(base / "extract", accounts=3, seed=2)
    for folder, tables in (("billing", STRIPE), ("support", ZENDESK)):
        for stale in (extract / folder).glob("*.csv"):
            if stale.stem != "fx_rates":
                stale.unlink()
        for name, rows in tables.items():
            _write(extract / folder / f"{name}.csv", rows)
    con = _build_staging(extract, base / "work", {"crm": "tenure", "billing": "stripe", "support": "zendesk"})
    yield con
    con.close()


def _periods(con: duckdb.DuckDBPyConnection, item: str) -> list[tuple]:
    return con.execute(
        "select plan_name, start_date, end_date, quantity, unit_amount, billing_period_months, "
        "discount_percent, currency from staging.stg_billing__subscription_periods "
        "where subscription_id = ? order by start_date",
        [item],
    ).fetchall()


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_an_upgrade_mid_month_ends_the_old_price_on_the_day_of_the_change(staged):
    assert _periods(staged, "si_upgrade") == [
        ("Basic", d("2026-01-01"), d("2026-02-15"), 10, 10.0, 1, 0, "USD"),
        ("Pro", d("2026-02-15"), None, 10, 25.0, 1, 0, "USD"),
    ]


def test_a_quantity_change_starts_a_period_and_drafts_and_one_off_lines_do_not(staged):
    assert _periods(staged, "si_seats") == [
        ("Basic", d("2026-01-01"), d("2026-03-01"), 5, 10.0, 1, 0, "USD"),
        ("Basic", d("2026-03-01"), None, 8, 10.0, 1, 0, "USD"),
    ]


def test_a_canceled_subscription_ends_when_it_ended(staged):
    assert _periods(staged, "si_cancel") == [
        ("Basic", d("2026-01-01"), d("2026-02-20"), 3, 10.0, 1, 0, "USD")
    ]


def test_a_coupon_starts_a_discounted_period(staged):
    assert _periods(staged, "si_coupon") == [
        ("Basic", d("2026-01-01"), d("2026-02-01"), 4, 10.0, 1, 0, "USD"),
        ("Basic", d("2026-02-01"), None, 4, 10.0, 1, 20, "USD"),
    ]


def test_other_currencies_keep_their_currency_and_zero_decimal_ones_are_not_divided(staged):
    assert _periods(staged, "si_euro") == [("Pro", d("2025-12-01"), None, 2, 1199.88, 12, 0, "EUR")]
    assert _periods(staged, "si_yen") == [("Basic", d("2026-01-01"), None, 7, 5000.0, 3, 0, "JPY")]


def test_stripe_customers_link_through_metadata_and_deleted_ones_are_dropped(staged):
    assert staged.execute(
        "select billing_customer_id, crm_account_id, currency from staging.stg_billing__customers"
    ).fetchall() == [("cus_1", "A00001", "USD")]
    assert staged.execute(
        "select invoice_id, amount_due, status from staging.stg_billing__invoices"
    ).fetchall() == [("in_1", 123.45, "paid")]


def test_zendesk_first_response_is_the_first_public_agent_comment_after_creation(staged):
    rows = dict(
        staged.execute("select ticket_id, first_response_at from staging.stg_support__tickets").fetchall()
    )
    assert rows == {
        "101": dt.datetime(2026, 3, 2, 11, 0),  # not the requester's comment, not the internal note
        "102": None,  # only the requester wrote
        "103": dt.datetime(2026, 3, 3, 8, 0),  # a comment before the ticket was created does not count
        "104": None,
    }


def test_zendesk_solve_time_is_the_last_change_to_solved_and_status_reads_as_the_contract(staged):
    rows = staged.execute(
        "select ticket_id, status, solved_at, satisfaction, topic from staging.stg_support__tickets "
        "order by ticket_id"
    ).fetchall()
    assert rows == [
        ("101", "open", None, None, "Billing"),
        ("102", "pending", None, None, "Billing"),
        ("103", "closed", dt.datetime(2026, 3, 5, 9, 0), "good", "Billing"),
        ("104", "on_hold", None, None, "Billing"),
    ]


def test_the_sample_writes_the_fivetran_layouts_as_parquet_too(tmp_path: Path):
    extract = generate(tmp_path / "extract", accounts=5, seed=3, layout="fivetran", format="parquet")
    assert not list(extract.rglob("*.csv"))
    assert {p.name for p in (extract / "crm").iterdir()} >= {"account.parquet", "opportunity.parquet"}
    assert "billing: stripe" in (extract / "extract.yml").read_text(encoding="utf-8")
    shutil.rmtree(extract)


FIVETRAN_SEEDS = REPO_ROOT.parent / "shared" / "reference-data" / "fivetran"


def _seed(system: str, table: str) -> list[dict[str, str]]:
    with open(FIVETRAN_SEEDS / system / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _true(value: str) -> bool:
    return value.strip().lower() == "true"


@pytest.mark.skipif(
    not FIVETRAN_SEEDS.is_dir(), reason="the shared Fivetran reference data is not beside the repo"
)
def test_the_adapters_read_fivetrans_own_connector_output(tmp_path: Path):
    """Fivetran's integration-test seeds, byte for byte (their keys do not join across tables, so only what
    each table says on its own is checked): soft-deleted rows dropped, timestamps for dates, plans instead
    of prices, and no error on real value formats."""
    extract = generate(tmp_path / "extract", accounts=3, seed=2)
    for system, folder, replaced in (
        ("salesforce", "crm", ("accounts", "users", "contacts", "opportunities", "activities")),
        ("stripe", "billing", ("customers", "subscription_periods", "invoices")),
        ("zendesk", "support", ("organizations", "tickets")),
    ):
        for name in replaced:
            (extract / folder / f"{name}.csv").unlink()
        for seed in (FIVETRAN_SEEDS / system).glob("*.csv"):
            shutil.copyfile(seed, extract / folder / seed.name)
    (extract / "extract.yml").write_text(
        "as_of: 2026-10-31\nsources: {crm: salesforce, billing: stripe, support: zendesk}\n", encoding="utf-8"
    )
    from reports.validation import validate_extract

    assert [f.message() for f in validate_extract(extract).fatal] == []
    con = _build_staging(
        extract, tmp_path / "work", {"crm": "salesforce", "billing": "stripe", "support": "zendesk"}
    )
    counts = {
        model: con.execute(f"select count(*) from staging.{model}").fetchone()[0]
        for model in (
            "stg_crm__accounts",
            "stg_crm__users",
            "stg_crm__contacts",
            "stg_crm__opportunities",
            "stg_crm__activities",
            "stg_billing__customers",
            "stg_billing__invoices",
            "stg_support__tickets",
        )
    }
    assert counts == {
        "stg_crm__accounts": sum(not _true(r["is_deleted"]) for r in _seed("salesforce", "account")),
        "stg_crm__users": sum(not _true(r["_fivetran_deleted"]) for r in _seed("salesforce", "user")),
        "stg_crm__contacts": sum(not _true(r["is_deleted"]) for r in _seed("salesforce", "contact")),
        "stg_crm__opportunities": sum(not _true(r["is_deleted"]) for r in _seed("salesforce", "opportunity")),
        "stg_crm__activities": sum(
            not _true(r["is_deleted"]) for table in ("task", "event") for r in _seed("salesforce", table)
        ),
        "stg_billing__customers": sum(not _true(r["is_deleted"]) for r in _seed("stripe", "customer")),
        "stg_billing__invoices": sum(
            not _true(r["is_deleted"]) and r["status"] != "draft" for r in _seed("stripe", "invoice")
        ),
        "stg_support__tickets": sum(r["status"] != "deleted" for r in _seed("zendesk", "ticket")),
    }
    assert counts["stg_crm__accounts"] == 1  # nine of the ten seed accounts are soft-deleted
    [(dropped,)] = con.execute(
        "select rows_dropped from staging.stg_salesforce__table_rows where source_table = 'crm/account'"
    ).fetchall()
    assert dropped == 9
    con.close()
