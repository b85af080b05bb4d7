"""Page contexts are pure functions of the marts' rows: tested here on small hand-built rows, without dbt,
DuckDB or MkDocs, in milliseconds."""

import datetime as dt

import pytest

from reports import quality
from reports.contexts import home_context
from reports.enumerations import use_enumerations
from reports.lxl_context import renewals_page_context
from reports.marts import CompanySummary, SiteData

AS_OF = dt.date(2026, 10, 31)


@pytest.fixture(autouse=True)
def _project_defaults():
    quality.use_conventions(quality.project_file_vars())
    use_enumerations(None)
    yield
    quality.use_conventions(quality.project_file_vars())


def site_data(**fields) -> SiteData:
    company = CompanySummary(AS_OF, "EUR", 1000.0, 12000.0, 2, 3)
    return SiteData(company=company, accounts=fields.pop("accounts", []), **fields)


def account(account_id: str, name: str, csm: str) -> dict:
    return {"account_id": account_id, "account_name": name, "csm_name": csm}


def lxl_row(account_id: str, csm: str, arr: float, **reasons: bool) -> dict:
    return {
        "account_id": account_id,
        "csm_name": csm,
        "current_arr": arr,
        "days_to_renewal": 20,
        "renewal_date": dt.date(2026, 11, 20),
        "renewal_date_source": "term_end",
        "health_score": 41.5,
        "health_band": "red",
        **{f"is_{reason}": flag for reason, flag in reasons.items()},
    }


def test_the_lxl_groups_lines_by_csm_and_counts_each_reason_once_per_line():
    data = site_data(
        lxl=[
            lxl_row("A", "bea", 1200.0, renewal_due=True, red_health=True),
            lxl_row("B", "Abe", 600.0, red_health=True),
            lxl_row("C", "bea", 300.0, renewal_due=True),
        ]
    )
    page = renewals_page_context(data, {"A": "a", "B": "b", "C": "c"})
    assert [(section["csm_name"], section["arr"]) for section in page["csm_sections"]] == [
        ("Abe", 600.0),
        ("bea", 1500.0),
    ]
    assert page["reason_counts"] == {
        "renewal_due": 2,
        "red_health": 2,
        "champion_loss": 0,
        "invoices_past_due": 0,
        "expansion_candidate": 0,
    }
    first = page["csm_sections"][1]["lines"][0]
    assert [item["label"] for item in first["reason_items"]] == ["Renewal due", "Red health"]
    assert first["reason_items"][0]["sentence"] == "Renews 2026-11-20, in 20 days (term end)"
    assert first["slug"] == "a"


def test_the_renewal_calendar_lists_renewals_within_the_window_in_force_by_date():
    quality.use_conventions({**quality.project_file_vars(), "lxl_renewal_window_days": 30})
    renewal = {"renewal_forecast_category": "commit", "arr_up_for_renewal": 1.0}
    data = site_data(
        accounts=[account("A", "Acme", "bea"), account("B", "Beta", "bea"), account("C", "Core", "abe")],
        renewal_by_account={
            "A": {**renewal, "renewal_date": dt.date(2026, 11, 25), "days_to_renewal": 25},
            "B": {**renewal, "renewal_date": dt.date(2026, 10, 1), "days_to_renewal": -30},
            "C": {**renewal, "renewal_date": dt.date(2027, 1, 5), "days_to_renewal": 66},
        },
    )
    page = renewals_page_context(data, {})
    assert page["renewal_window_days"] == 30
    assert [row["account_name"] for row in page["calendar"]] == ["Beta", "Acme"]


def test_home_kpis_quote_the_home_kpi_mart_and_the_latest_retention_month():
    bridge_month = {
        "starting_mrr": 900.0,
        "new_mrr": 150.0,
        "reactivation_mrr": 0.0,
        "expansion_mrr": 0.0,
        "contraction_mrr": 0.0,
        "churn_mrr": 50.0,
        "ending_mrr": 1000.0,
        "active_accounts": 2,
        "new_accounts": 1,
        "reactivated_accounts": 0,
        "churned_accounts": 1,
    }
    data = site_data(
        company_bridge=[{**bridge_month, "month": dt.date(2026, 10, 1)}],
        company_retention=[
            {"month": dt.date(2026, 9, 1), "nrr_t12": 0.9, "grr_t12": 0.8},
            {"month": dt.date(2026, 10, 1), "nrr_t12": 1.05, "grr_t12": 0.92, "logo_churn_rate": 0.5},
        ],
        home_kpis={
            "at_risk_band": "red",
            "at_risk_declining_band": "amber",
            "at_risk_arr": 700.0,
            "at_risk_accounts": 2,
            "renewal_window_days": 30,
            "renewing_accounts": 1,
            "renewing_arr": 100.0,
        },
        referenceable_by_quarter=[{"referenceable_accounts": 4}],
    )
    page = home_context(data)
    assert (page["at_risk_band"], page["at_risk_arr"], page["at_risk_accounts"]) == ("red", 700.0, 2)
    assert (page["renewal_window_days"], page["renewing_arr"]) == (30, 100.0)
    assert page["latest_retention"]["nrr_t12"] == 1.05
    assert page["referenceable_now"] == 4
    assert page["arr_values"] == [
        {"month": "2026-10-01", "arr": 12000.0, "ending_mrr": 1000.0, "active_accounts": 2}
    ]
    churn = [row for row in page["bridge_values"] if row["movement"] == "churn"]
    assert (churn[0]["amount"], churn[0]["accounts"]) == (-50.0, 1)


def test_an_account_s_risks_read_in_the_order_of_the_risk_model_with_their_facts():
    from reports.risk_context import risk_items

    rows = [
        {
            "risk_reason": "active_competitor",
            "reason_order": 7,
            "measure_value": 2.0,
            "measure_date": dt.date(2026, 9, 3),
            "measure_text": "Rival, Other",
        },
        {
            "risk_reason": "red_health",
            "reason_order": 1,
            "measure_value": 41.6,
            "measure_date": None,
            "measure_text": "red",
        },
        {
            "risk_reason": "urgent_tickets_open",
            "reason_order": 5,
            "measure_value": 1.0,
            "measure_date": dt.date(2026, 10, 20),
            "measure_text": None,
        },
    ]
    assert risk_items(rows) == [
        {"code": "red_health", "label": "Red health", "sentence": "health 42, red band"},
        {
            "code": "urgent_tickets_open",
            "label": "Urgent tickets open",
            "sentence": "1 urgent ticket open, the oldest since 2026-10-20",
        },
        {
            "code": "active_competitor",
            "label": "Competitor active",
            "sentence": "Rival, Other, last named 2026-09-03",
        },
    ]


def test_the_summary_of_a_churned_account_leads_with_its_churn():
    from reports.summary_context import account_summary

    history = [{"mrr": mrr} for mrr in (100.0, 100.0, 80.0, 50.0, 0.0)]
    account = {"current_arr": 0.0, "current_mrr": 0.0, "risks": [], "health": None, "renewal": None}
    retro = {"churn_month": dt.date(2026, 10, 1), "arr_lost": 600.0, "loss_reason": "Price"}
    summary = account_summary(account, history, retro, None)
    assert summary["churn"] == retro
    assert summary["arr_trend"] == -1200.0  # (0 − 100) × 12 against three months before
    paying = account_summary({**account, "current_mrr": 10.0}, history, retro, None)
    assert paying["churn"] is None  # it churned once and pays again


def test_the_summary_brings_renewal_risks_urgent_tickets_and_the_latest_comment_forward():
    from reports.summary_context import account_summary

    account = {
        "current_arr": 1200.0,
        "current_mrr": 100.0,
        "health": {
            "health_band": "amber",
            "health_score": 60.0,
            "open_tickets": 3,
            "drags": [{"label": "Support"}, {"label": "Payments"}, {"label": "Adoption"}],
        },
        "renewal": {
            "renewal_date": dt.date(2026, 11, 20),
            "days_to_renewal": 20,
            "renewal_forecast_category": "commit",
            "renewal_amount": 1300.0,
            "renewal_currency": "EUR",
        },
        "risks": [
            {
                "code": "urgent_tickets_open",
                "label": "Urgent tickets open",
                "sentence": "2 urgent tickets open",
            }
        ],
        "qbrs": [{"occurred_at": dt.datetime(2026, 9, 1, 10), "subject": "Q3 review"}],
        "nps_answers": [{"comment": None}, {"comment": "Great support", "score": 9}],
    }
    summary = account_summary(account, [], None, "kofi")
    assert summary["drags"] == ["Support", "Payments"]
    assert (summary["days_to_renewal"], summary["renewal_forecast"], summary["renewal_amount"]) == (
        20,
        "commit",
        1300.0,
    )
    assert summary["urgent_open"] == "2 urgent tickets open" and summary["open_tickets"] == 3
    assert summary["last_qbr"]["subject"] == "Q3 review"
    assert summary["latest_comment"]["comment"] == "Great support"
    assert summary["arr_trend"] is None and summary["csm_slug"] == "kofi"
