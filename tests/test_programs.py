"""End to end: the planted customer-success stories show where a CSM or an executive looks for them, and
the reference count matches what the references log says."""

from __future__ import annotations

import csv
import html
import re

import pytest

from reports.sample import PLANTED_STORIES
from tests.conftest import BuiltSite
from tests.spec_from_files import extract_settings

pytestmark = pytest.mark.slow

STORIES = {story.key: story for story in PLANTED_STORIES}


def _page(built_site: BuiltSite, relative: str) -> str:
    return html.unescape((built_site.site / relative).read_text(encoding="utf-8"))


def _plain(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def _block(page: str, marker: str, tag: str = "table") -> str:
    found = re.search(rf"<{tag}[^>]*{marker}[^>]*>(.*?)</{tag}>", page, re.S)
    assert found, marker
    return found.group(1)


def _row(block: str, account_id: str, tag: str = "tr") -> str:
    found = re.search(rf'<{tag} data-account="{account_id}"[^>]*>(.*?)</{tag}>', block, re.S)
    assert found, f"{account_id} is not listed"
    return _plain(found.group(1))


def test_strategic_account_without_a_qbr_for_two_quarters_is_overdue(built_site: BuiltSite):
    story = STORIES["strategic_no_qbr"]
    row = _row(_block(_page(built_site, "qbr.html"), "data-overdue"), story.account_id)
    assert story.account_name in row and "strategic" in row
    coverage = _block(_page(built_site, "qbr.html"), "data-qbr-coverage")
    strategic = [_plain(r) for r in re.findall(r'<tr data-tier="strategic">(.*?)</tr>', coverage, re.S)]
    assert strategic and not any(r.endswith("100% 100%") for r in strategic[:2])


def test_top_account_without_an_executive_sponsor_is_a_gap(built_site: BuiltSite):
    story = STORIES["no_exec_sponsor"]
    row = _row(_block(_page(built_site, "qbr.html"), "data-sponsors"), story.account_id)
    assert "none assigned" in row and "no sponsor" in row


def test_stalled_value_plan_items_are_listed_for_escalation(built_site: BuiltSite):
    story = STORIES["stalled_value_plan"]
    stalled = _block(_page(built_site, "value-plans.html"), "data-stalled")
    rows = re.findall(rf'<tr data-account="{story.account_id}">(.*?)</tr>', stalled, re.S)
    statuses = [re.findall(r"<td>(.*?)</td>", row, re.S)[4] for row in rows]
    # the planted open items past due, and the items missed earlier: past due and not achieved
    assert sorted(status for status in statuses if status != "missed") == ["blocked", "in progress"]
    assert set(statuses) == {"in progress", "blocked", "missed"}


def test_plan_with_five_active_tactics_is_flagged(built_site: BuiltSite):
    story = STORIES["too_many_tactics"]
    flagged = _row(
        _block(_page(built_site, "value-plans.html"), "data-too-many", "ul"), story.account_id, "li"
    )
    assert "5 active tactics" in flagged


def _matrix_row(built_site: BuiltSite, account_id: str) -> str:
    return _row(_block(_page(built_site, "references.html"), "data-reference-matrix"), account_id)


def test_reference_page_shows_referenceable_forecast_fatigue_and_not_eligible(built_site: BuiltSite):
    assert _matrix_row(built_site, STORIES["referenceable"].account_id).split()[-1] in ("yes", "2", "1")
    assert "yes" in _matrix_row(built_site, STORIES["referenceable"].account_id)
    forecast = _block(_page(built_site, "references.html"), "data-reference-forecast", "ul")
    assert STORIES["reference_forecast"].account_name in _plain(forecast)
    fatigue = _block(_page(built_site, "references.html"), "data-fatigue", "ul")
    assert f"{STORIES['reference_fatigue'].account_name}: 3 reference calls" in _plain(fatigue).replace(
        " :", ":"
    )
    assert "not eligible now" in _matrix_row(built_site, STORIES["late_payer"].account_id)


def test_closing_referenceable_count_matches_the_references_log(built_site: BuiltSite):
    as_of, _ = extract_settings(built_site.extract)
    latest: dict[str, tuple[str, str]] = {}
    with open(built_site.extract / "crm" / "references.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            changed = row["changed_at"]
            if row["reference_type"] != "private_reference_call" or changed[:10] > as_of.isoformat():
                continue
            if row["account_id"] not in latest or changed > latest[row["account_id"]][0]:
                latest[row["account_id"]] = (changed, row["status"])
    expected = sum(status == "green" for _, status in latest.values())
    assert expected >= 1
    kpi = re.search(r'data-kpi="referenceable">([^<]+)<', _page(built_site, "references.html"))
    assert kpi and kpi.group(1).strip() == str(expected)
    home = re.search(r'data-kpi="referenceable">([^<]+)<', _page(built_site, "index.html"))
    assert home and home.group(1).strip() == str(expected)


def test_late_kickoff_and_late_milestones_show_on_onboarding(built_site: BuiltSite):
    story = STORIES["late_kickoff"]
    row = _row(_block(_page(built_site, "onboarding.html"), "data-onboarding"), story.account_id)
    assert "6 late" in row
    _, late, _ = re.search(r"(\d+) / (\d+) / (\d+)", row).groups()
    assert int(late) == 2


def test_pilots_converted_and_not_converted(built_site: BuiltSite):
    pilots = _block(_page(built_site, "onboarding.html"), "data-pilots")
    converted = _row(pilots, STORIES["pilot_converted"].account_id)
    assert "converted" in converted and converted.split()[-1] == "57"
    assert "not converted" in _row(pilots, STORIES["pilot_not_converted"].account_id)


def test_churn_retrospective_shows_the_champion_loss_the_tickets_and_that_it_was_surfaced(
    built_site: BuiltSite,
):
    story = STORIES["champion_loss_churned"]
    page = _page(built_site, "retention.html")
    retro = re.search(
        rf'<div class="tenure-retro" data-retro="{story.account_id}"[^>]*>(.*?)</div>', page, re.S
    )
    assert retro, "no retrospective"
    text = _plain(retro.group(1))
    assert "surfaced on the LxL" in text and "Champion lost" in text
    events = re.findall(r'<li data-event="([a-z_]+)">', retro.group(1))
    assert "champion" in events and "ticket" in events
    assert "Vantage" in text


def test_every_account_with_a_csm_is_in_exactly_one_csm_book(built_site: BuiltSite):
    listed: list[str] = []
    for page in (built_site.site / "team").glob("*.html"):
        if page.name != "index.html":
            listed += re.findall(r'<tr data-account="([^"]+)">', page.read_text(encoding="utf-8"))
    with open(built_site.extract / "crm" / "accounts.csv", newline="", encoding="utf-8") as handle:
        expected = [row["account_id"] for row in csv.DictReader(handle) if row["csm_user_id"]]
    assert sorted(listed) == sorted(expected)


def test_account_page_shows_qbr_history_references_and_timeline(built_site: BuiltSite):
    story = STORIES["referenceable"]
    index = _page(built_site, "accounts/index.html")
    href = next(
        h for h, name in re.findall(r'<a href="([^"]+)">([^<]+)</a>', index) if name == story.account_name
    )
    page = _page(built_site, f"accounts/{href}")
    assert "Reference-able" in _plain(re.search(r'data-fact="reference">(.*?)</p>', page, re.S).group(1))
    assert page.count('<table class="tenure-reference-row">') == 1
    assert len(re.findall(r"<tr><td>[^<]+</td><td>(?:public|private)</td>", page)) == 12
    assert '<ul class="tenure-timeline">' in page
