"""End to end: the planted stories of the sample show up in the signals, the health score, the LxL list and
on the pages, and the headline numbers match what the extract files say."""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from reports.sample import PLANTED_STORIES
from tests.conftest import BuiltSite, run_build
from tests.spec_from_files import extract_settings

pytestmark = pytest.mark.slow

STORIES = {story.key: story for story in PLANTED_STORIES}


def _rows(extract: Path, table: str) -> list[dict[str, str]]:
    with open(extract / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _query(built_site: BuiltSite, sql: str, parameters: list[Any] | None = None) -> list[tuple[Any, ...]]:
    database = next(built_site.work.glob("run-*/tenure.duckdb"))
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, parameters or []).fetchall()


def _plain(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _page_at(site: Path, relative: str) -> str:
    return (site / relative).read_text(encoding="utf-8")


def _page(built_site: BuiltSite, relative: str) -> str:
    return _page_at(built_site.site, relative)


def _account_page(built_site: BuiltSite, account_name: str) -> str:
    index = _page(built_site, "accounts/index.html")
    for href, name in re.findall(r'<a href="([^"]+\.html)">(.*?)</a>', index):
        if _plain(name) == account_name:
            return _page(built_site, f"accounts/{html.unescape(href)}")
    raise AssertionError(f"{account_name} has no page")


def _lxl_row(built_site: BuiltSite, account_id: str) -> tuple[str, str, str]:
    """(the CSM the account is listed under, the LxL section, the row's HTML) on the Renewals & LxL page."""
    page = html.unescape(_page(built_site, "renewals.html"))
    tables = re.finditer(
        r'<table class="tenure-lxl" data-lxl-csm="([^"]*)" data-lxl-section="([a-z_]+)">(.*?)</table>',
        page,
        re.S,
    )
    for table in tables:
        row = re.search(rf'<tr data-account="{account_id}">(.*?)</tr>', table.group(3), re.S)
        if row:
            return table.group(1), table.group(2), row.group(1)
    raise AssertionError(f"{account_id} is not on the LxL page")


def test_account_whose_champion_left_is_on_the_lxl_of_its_csm_with_champion_loss_and_renewal(
    built_site: BuiltSite,
):
    story = STORIES["champion_loss_at_risk"]
    (csm,) = _query(
        built_site, "select csm_name from marts.dim_accounts where account_id = ?", [story.account_id]
    )[0]
    listed_under, section, row = _lxl_row(built_site, story.account_id)
    assert (listed_under, section) == (csm, "at_risk")
    assert "champion_loss" in re.findall(r'data-risk="([a-z_]+)"', row)
    assert "no champion since" in _plain(row) and "days (" in _plain(row)
    page = _plain(_account_page(built_site, story.account_name))
    assert "On the line-by-line review" in page and "Champion: lost" in page


def test_every_page_lists_the_risk_models_risks_of_an_account(built_site: BuiltSite):
    """The account page, the QBR brief, the CSM page and the LxL show exactly the rows of
    marts.fct_account_risks, in its order, for (the first 40) accounts with an open risk."""
    expected: dict[str, list[str]] = {}
    for account_id, reason in _query(
        built_site,
        "select account_id, risk_reason from marts.fct_account_risks order by account_id, reason_order",
    ):
        expected.setdefault(account_id, []).append(reason)
    assert expected, "the sample has no open risk"
    names = dict(_query(built_site, "select account_id, account_name from marts.dim_accounts"))
    csm_pages = [
        html.unescape(path.read_text(encoding="utf-8")) for path in (built_site.site / "team").glob("*.html")
    ]
    at_risk = {
        account_id
        for (account_id,) in _query(
            built_site, "select account_id from marts.rpt_lxl where lxl_section = 'at_risk'"
        )
    }
    for account_id, reasons in list(expected.items())[:40]:
        page = html.unescape(_account_page(built_site, names[account_id]))
        block = re.search(r"<div class=\"tenure-risks\" data-risks>(.*?)</div>", page, re.S)
        assert block and re.findall(r'data-risk="([a-z_]+)"', block.group(1)) == reasons, account_id
        brief_link = re.search(r'<a href="\.\./(briefs/[^"]+\.html)">QBR brief', page)
        if brief_link:
            brief = html.unescape(_page(built_site, brief_link.group(1)))
            listed = re.search(r"<ul data-risks>(.*?)</ul>", brief, re.S)
            assert listed and re.findall(r'data-risk="([a-z_]+)"', listed.group(1)) == reasons, account_id
        rows = [
            row
            for text in csm_pages
            for row in re.findall(rf'<tr data-account="{account_id}">(.*?)</tr>', text, re.S)
        ]
        for row in rows:
            cell = re.search(r"<td data-risks>(.*?)</td>", row, re.S)
            assert cell and re.findall(r'data-risk="([a-z_]+)"', cell.group(1)) == reasons, account_id
        if account_id in at_risk:
            _, section, row = _lxl_row(built_site, account_id)
            assert section == "at_risk" and re.findall(r'data-risk="([a-z_]+)"', row) == reasons, account_id


def test_account_that_churned_after_losing_its_champion_was_surfaced_on_the_lxl_before_it_churned(
    built_site: BuiltSite,
):
    story = STORIES["champion_loss_churned"]
    ((churn_month,),) = _query(
        built_site,
        "select month from marts.fct_mrr_movements where account_id = ? and movement = 'churn'",
        [story.account_id],
    )
    surfaced = _query(
        built_site,
        "select month from marts.fct_lxl_entries_monthly "
        "where account_id = ? and reason = 'champion_loss' and month < ? order by month",
        [story.account_id, churn_month],
    )
    assert surfaced, "never on the LxL for its champion loss before churning"
    assert surfaced[0][0] < churn_month


def test_late_payer_shows_exactly_its_invoices_past_due_computed_from_the_files(built_site: BuiltSite):
    story = STORIES["late_payer"]
    as_of, _ = extract_settings(built_site.extract)
    customers = {
        row["billing_customer_id"]
        for row in _rows(built_site.extract, "billing/customers")
        if row["crm_account_id"] == story.account_id
    }
    expected = sorted(
        row["invoice_id"]
        for row in _rows(built_site.extract, "billing/invoices")
        if row["billing_customer_id"] in customers
        and row["status"] not in ("void", "paid")
        and not row["paid_at"]
        and dt.date.fromisoformat(row["due_date"]) < as_of
    )
    assert expected, "the planted late payer has nothing past due"
    page = html.unescape(_account_page(built_site, story.account_name))
    table = re.search(r'<table class="tenure-past-due".*?</table>', page, re.S)
    assert table, "no past-due table"
    shown = sorted(re.findall(r"<tr><td>([^<]+)</td>", table.group(0)))
    assert shown == expected
    _, section, row = _lxl_row(built_site, story.account_id)
    assert section == "at_risk"
    assert "invoices_past_due" in re.findall(r'data-risk="([a-z_]+)"', row)


def test_account_whose_usage_outgrew_its_seats_is_an_expansion_candidate(built_site: BuiltSite):
    story = STORIES["usage_expansion"]
    _, section, row = _lxl_row(built_site, story.account_id)
    assert section in (
        "expansion_candidate",
        "renewal_due",
    )  # renewing soon, it is reviewed with the renewals
    assert "of seats in use" in _plain(row)
    ((flag,),) = _query(
        built_site,
        "select is_expansion_candidate from marts.rpt_lxl where account_id = ?",
        [story.account_id],
    )
    assert flag


def test_company_nps_is_recomputed_from_the_survey_file(built_site: BuiltSite):
    """NPS at as_of: the latest answer per contact answered in the 12 months up to as_of."""
    as_of, _ = extract_settings(built_site.extract)
    start = dt.datetime(as_of.year - 1, as_of.month, as_of.day) + dt.timedelta(days=1)
    end = dt.datetime.combine(as_of, dt.time()) + dt.timedelta(days=1)
    latest: dict[str, tuple[dt.datetime, int]] = {}
    for row in _rows(built_site.extract, "surveys/nps"):
        if not row["responded_at"] or not row["score"]:
            continue
        answered = dt.datetime.fromisoformat(row["responded_at"].replace("Z", ""))
        if start <= answered < end:
            key = row["contact_id"] or row["invitation_id"]
            if key not in latest or answered > latest[key][0]:
                latest[key] = (answered, int(row["score"]))
    scores = [score for _, score in latest.values()]
    expected = 100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)
    ((nps, respondents),) = _query(
        built_site,
        "select nps, respondents from marts.rpt_nps where segment_type = 'company' and month = ?",
        [as_of.replace(day=1)],
    )
    assert respondents == len(scores)
    assert nps == pytest.approx(expected)
    support = _plain(_page(built_site, "support.html"))
    assert f"NPS, last 12 months {expected:.0f}" in support


def test_every_paying_account_page_shows_its_health_with_six_weighted_components(built_site: BuiltSite):
    rows = _query(
        built_site,
        "select a.account_name, h.health_score, h.health_band from marts.fct_account_health_monthly as h "
        "join marts.dim_accounts as a using (account_id) where h.is_as_of_month",
    )
    assert len(rows) >= 20
    for name, score, band in rows:
        page = html.unescape(_account_page(built_site, name))
        components = re.findall(r'<tr data-component="([a-z_]+)">', page)
        assert components == [
            "adoption",
            "relationship",
            "support",
            "sentiment",
            "value_delivered",
            "payments",
        ]
        assert f"{band} {score:.0f}" in _plain(re.search(r'data-fact="health">(.*?)</dd>', page).group(1))


def test_lxl_page_lists_every_account_of_the_lxl_mart_once(built_site: BuiltSite):
    expected = {account_id for (account_id,) in _query(built_site, "select account_id from marts.rpt_lxl")}
    page = html.unescape(_page(built_site, "renewals.html"))
    listed = re.findall(r'<tr data-account="([^"]+)">', page)
    assert sorted(listed) == sorted(expected)
    tables = set(
        re.findall(r'<table class="tenure-lxl" data-lxl-csm="([^"]*)" data-lxl-section="([a-z_]+)"', page)
    )
    assert tables == set(_query(built_site, "select distinct csm_name, lxl_section from marts.rpt_lxl"))


def test_health_page_shows_the_backtest_for_every_band(built_site: BuiltSite):
    page = html.unescape(_page(built_site, "health.html"))
    table = re.search(r"<table class=\"tenure-backtest\" data-backtest>(.*?)</table>", page, re.S)
    assert table
    bands = re.findall(r'<tr data-band="([a-z]+)">', table.group(1))
    assert bands == ["green", "amber", "red"]
    assert 'data-chart="health_backtest"' in page


def _instant(value: str) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None) if value else None


def test_each_account_s_signals_at_as_of_agree_with_a_recomputation_from_the_raw_files(built_site: BuiltSite):
    """Support (tickets in the trailing 90 days, open tickets), adoption (seat utilisation of the latest
    usage month, at most 2 months old), NPS (each contact's latest answer in 12 months) and champion loss
    (a champion left in 180 days, none active), recomputed from the extract's CSV files as the spec defines
    them, for every account scored at as_of."""
    as_of, _ = extract_settings(built_site.extract)
    day_after = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
    extract = built_site.extract
    organization_account = {
        row["organization_id"]: row["external_id"] for row in _rows(extract, "support/organizations")
    }
    tickets: dict[str, list[dict[str, str]]] = {}
    for row in _rows(extract, "support/tickets"):
        tickets.setdefault(organization_account.get(row["organization_id"]) or "", []).append(row)
    usage: dict[str, list[dict[str, str]]] = {}
    for row in _rows(extract, "product/usage_monthly"):
        usage.setdefault(row["account_id"], []).append(row)
    answers: dict[str, dict[str, tuple[dt.datetime, int]]] = {}
    window_start = dt.datetime.combine((as_of + dt.timedelta(days=1)).replace(year=as_of.year - 1), dt.time())
    for row in _rows(extract, "surveys/nps"):
        responded = _instant(row["responded_at"])
        if responded is None or not window_start <= responded < day_after or not row["score"]:
            continue
        latest = answers.setdefault(row["account_id"], {})
        if row["contact_id"] not in latest or latest[row["contact_id"]][0] < responded:
            latest[row["contact_id"]] = (responded, int(row["score"]))
    contacts: dict[str, list[dict[str, str]]] = {}
    for row in _rows(extract, "crm/contacts"):
        contacts.setdefault(row["account_id"], []).append(row)

    scored = _query(
        built_site,
        "select account_id, tickets_created, open_tickets, seat_utilization, nps, has_champion_loss "
        "from marts.fct_account_health_monthly where is_as_of_month",
    )
    assert len(scored) > 15
    assert (
        any(row[5] for row in scored)
        and any(row[2] for row in scored)
        and any(row[4] is not None for row in scored)
    )
    for account_id, created, still_open, utilization, nps, champion_loss in scored:
        mine = tickets.get(account_id, [])
        window = [
            t
            for t in mine
            if day_after - dt.timedelta(days=90) <= _instant(t["created_at"]) < day_after  # type: ignore[operator]
        ]
        assert created == len(window), account_id
        open_now = [
            t
            for t in mine
            if _instant(t["created_at"]) < day_after  # type: ignore[operator]
            and (
                (not t["solved_at"] and t["status"] not in ("solved", "closed"))
                or (t["solved_at"] and _instant(t["solved_at"]) >= day_after)  # type: ignore[operator]
            )
        ]
        assert still_open == len(open_now), account_id

        recent = [
            u
            for u in usage.get(account_id, [])
            if as_of.replace(day=1) - dt.timedelta(days=62) <= dt.date.fromisoformat(u["month"]) <= as_of
        ]
        if recent:
            latest = max(recent, key=lambda u: u["month"])
            expected = int(latest["active_users"]) / int(latest["licensed_seats"])
            assert utilization == pytest.approx(expected), account_id
        else:
            assert utilization is None, account_id

        scores = [score for _, score in answers.get(account_id, {}).values()]
        if scores:
            expected_nps = 100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)
            assert nps == pytest.approx(expected_nps), account_id
        else:
            assert nps is None, account_id

        people = contacts.get(account_id, [])
        champions_active = [
            c
            for c in people
            if c["is_champion"] == "true" and (not c["left_at"] or _instant(c["left_at"]) >= day_after)  # type: ignore[operator]
        ]
        champion_left = [
            c
            for c in people
            if c["is_champion"] == "true"
            and c["left_at"]
            and day_after - dt.timedelta(days=180) <= _instant(c["left_at"]) < day_after  # type: ignore[operator]
        ]
        assert bool(champion_loss) == (bool(champion_left) and not champions_active), account_id


def test_the_backtest_and_the_score_s_ranking_power_agree_with_a_recomputation_in_python(
    built_site: BuiltSite,
):
    """From the scores and the MRR movements alone: which scored months were followed by a churn within
    6 months (windows over by as_of), the share of each band that churned, and the AUC by counting pairs."""
    as_of, _ = extract_settings(built_site.extract)
    as_of_month = as_of.replace(day=1)

    def plus_months(month: dt.date, months: int) -> dt.date:
        year, index = divmod(month.year * 12 + month.month - 1 + months, 12)
        return dt.date(year, index + 1, 1)

    churns: dict[str, list[dt.date]] = {}
    for account_id, month in _query(
        built_site, "select account_id, month from marts.fct_mrr_movements where movement = 'churn'"
    ):
        churns.setdefault(account_id, []).append(month)
    scored = _query(
        built_site,
        "select account_id, month, unrounded_score, health_band from marts.fct_account_health_scores_monthly "
        "where weight_set = 'configured' and unrounded_score is not null",
    )
    churned, stayed = [], []
    bands: dict[str, list[bool]] = {}
    for account_id, month, score, band in scored:
        end = plus_months(month, 6)
        if end > as_of_month:
            continue
        outcome = any(month < churn <= end for churn in churns.get(account_id, []))
        (churned if outcome else stayed).append(score)
        bands.setdefault(band, []).append(outcome)
    stayed.sort()
    wins = 0.0
    for score in churned:  # pairs where the account that stayed scored higher; ties count half
        below = bisect.bisect_left(stayed, score)
        ties = bisect.bisect_right(stayed, score) - below
        wins += len(stayed) - below - ties + ties / 2
    auc = wins / (len(churned) * len(stayed))
    [(mart_auc, observations)] = _query(
        built_site,
        "select auc, observations from marts.rpt_health_predictive_power "
        "where predictor_kind = 'score' and predictor = 'configured'",
    )
    assert observations == len(churned) + len(stayed)
    assert mart_auc == pytest.approx(auc, abs=1e-9)
    shares = dict(
        _query(
            built_site,
            "select health_band, churned_share from marts.rpt_health_backtest "
            "where weight_set = 'configured' and month is null",
        )
    )
    assert shares == pytest.approx({band: sum(flags) / len(flags) for band, flags in bands.items()})


def test_health_page_says_in_words_whether_the_score_predicts_churn(built_site: BuiltSite):
    """The verdict quotes the backtest mart: the score in force, its verdict's label, red against green."""
    page = html.unescape(_page(built_site, "health.html"))
    [(verdict, auc, ratio)] = _query(
        built_site,
        "select verdict, auc, churn_ratio_worst_to_best from marts.rpt_health_predictive_power "
        "where predictor_kind = 'score' and is_in_force",
    )
    [(label,)] = _query(
        built_site,
        "select label from marts.rpt_enumerations "
        f"where enumeration = 'health_backtest_verdicts' and code = '{verdict}'",
    )
    sentence = re.search(r'<p class="tenure-verdict" data-verdict="([a-z_]+)">(.*?)</p>', page, re.S)
    assert sentence and sentence.group(1) == verdict
    text = re.sub(r"<[^>]+>", "", sentence.group(2))
    assert f"The health score {label}." in text
    assert f"red accounts churned {ratio:.1f}× as often as green ones" in " ".join(text.split())
    assert f"AUC {auc:.2f}" in text
    components = re.findall(r'<tr data-component="([a-z_]+)">', page)
    assert components == ["adoption", "relationship", "support", "sentiment", "value_delivered", "payments"]


def test_home_lists_what_changed_since_the_snapshot_of_the_site_it_replaces(
    built_site: BuiltSite, tmp_path: Path
):
    """The previous build's snapshot is doctored: Halcyon was green with its champion, Bramblecote still
    paid, Lumen paid less. The next build into that folder lists exactly those changes."""
    published = tmp_path / "site"
    shutil.copytree(built_site.site, published)
    state_file = published / "tenure-state.json"
    state = json.loads(state_file.read_text())
    assert state["as_of"] == extract_settings(built_site.extract)[0].isoformat()
    halcyon, bramblecote, lumen = (
        STORIES[key].account_id
        for key in ("champion_loss_at_risk", "champion_loss_churned", "usage_expansion")
    )
    assert state["accounts"][halcyon]["champion_loss"] is True
    state["accounts"][halcyon].update(band="green", champion_loss=False)
    state["accounts"][bramblecote]["mrr"] = 1234.5
    state["accounts"][lumen]["mrr"] -= 1000
    state_file.write_text(json.dumps(state))
    completed = run_build(
        "--raw", str(built_site.extract), "--out", str(published), "--work-dir", str(tmp_path / "work")
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    home = html.unescape(_page_at(published, "index.html"))
    assert "What changed since the previous build" in home

    def listed(change: str) -> list[str]:
        section = re.search(rf'<section data-change="{change}">(.*?)</section>', home, re.S)
        assert section, change
        return [_plain(item).replace(" :", ":") for item in re.findall(r"<li>(.*?)</li>", section.group(1))]

    band_after = next(
        row
        for row in _query(
            built_site,
            "select health_band from marts.fct_account_health_monthly "
            "where is_as_of_month and account_id = ?",
            [halcyon],
        )
    )[0]
    assert f"Halcyon Freight: green → {band_after}" in listed("band")
    assert listed("champion-loss") == ["Halcyon Freight"]
    assert "Bramblecote Insurance: $1,234 MRR lost" in listed("churn")
    assert "Lumen Analytics: +$1,000 MRR" in listed("expansion")
    # The new site carries its own snapshot for the build after it.
    assert json.loads(state_file.read_text())["accounts"][halcyon]["champion_loss"] is True
