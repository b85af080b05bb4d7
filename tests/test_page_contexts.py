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


def lxl_row(account_id: str, csm: str, arr: float, section: str, renewal_due: bool = True) -> dict:
    return {
        "account_id": account_id,
        "csm_name": csm,
        "current_arr": arr,
        "lxl_section": section,
        "is_renewal_due": renewal_due,
        "days_to_renewal": 20,
        "renewal_date": dt.date(2026, 11, 20),
        "renewal_date_source": "term_end",
        "health_score": 41.5,
        "health_band": "red",
    }


def test_the_lxl_groups_lines_by_csm_and_section_and_lists_the_risk_models_risks():
    champion_lost = {
        "risk_reason": "champion_loss",
        "reason_order": 3,
        "measure_value": None,
        "measure_date": dt.date(2026, 9, 1),
        "measure_text": None,
    }
    data = site_data(
        lxl=[
            lxl_row("A", "bea", 1200.0, "at_risk"),
            lxl_row("B", "Abe", 600.0, "at_risk", renewal_due=False),
            lxl_row("C", "bea", 300.0, "renewal_due"),
        ],
        risks_by_account={"A": [champion_lost], "B": [champion_lost]},
    )
    page = renewals_page_context(data, {"A": "a", "B": "b", "C": "c"})
    assert [(section["csm_name"], section["arr"]) for section in page["csm_sections"]] == [
        ("Abe", 600.0),
        ("bea", 1500.0),
    ]
    assert page["section_counts"] == {"at_risk": 2, "renewal_due": 1, "expansion_candidate": 0}
    assert page["section_arr"]["at_risk"] == 1800.0
    bea = page["csm_sections"][1]["sections"]
    assert [line["account_id"] for line in bea["at_risk"]] == ["A"]
    assert [line["account_id"] for line in bea["renewal_due"]] == ["C"]
    first = bea["at_risk"][0]
    assert first["risks"] == [
        {
            "code": "champion_loss",
            "label": "Champion lost",
            "sentence": "champion left 2026-09-01, no champion since",
        }
    ]
    assert first["renewal_sentence"] == "renews 2026-11-20, in 20 days (term end)"
    assert first["renewal_note"] == "in 20 days (term end)"
    assert first["section_label"] == "At risk" and first["slug"] == "a"
    assert page["csm_sections"][0]["sections"]["at_risk"][0]["renewal_sentence"] is None


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
        "qbrs": [
            {
                "occurred_at": dt.datetime(2026, 9, 1, 10),
                "subject": "Q3 review",
                "notes": "Next steps: training.",
            }
        ],
        "contacts": {
            "active": [
                {"full_name": "Ana", "is_champion": True, "is_customer_sponsor": False},
                {"full_name": "Ben", "is_champion": False, "is_customer_sponsor": False},
            ]
        },
        "open_opportunities": [
            {"opportunity_type": "renewal", "amount": 1300.0},
            {"opportunity_type": "expansion", "amount": 400.0},
        ],
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
    assert summary["last_qbr"]["notes"] == "Next steps: training."
    assert [o["opportunity_type"] for o in summary["open_opportunities"]] == ["expansion"]
    assert [c["full_name"] for c in summary["key_contacts"]] == ["Ana"]
    assert summary["latest_comment"]["comment"] == "Great support"
    assert summary["arr_trend"] is None and summary["csm_slug"] == "kofi"


def test_the_health_page_lists_bands_best_first_and_the_backtest_of_the_weights_in_force():
    from reports.health_context import health_page_context

    def backtest(weight_set: str, month: dt.date | None, band: str, accounts: int, share: float) -> dict:
        return {
            "weight_set": weight_set,
            "is_in_force": weight_set == "fitted",
            "month": month,
            "health_band": band,
            "accounts": accounts,
            "churned_share": share,
            "contracted_share": 0.0,
        }

    def weight(weight_set: str, component: str, value: float | None) -> dict:
        return {
            "weight_set": weight_set,
            "component": component,
            "weight": value,
            "is_in_force": weight_set == "fitted",
        }

    data = site_data(
        health_band_mix=[
            {"health_band": "green", "accounts": 5, "arr": 5000.0},
            {"health_band": None, "accounts": 1, "arr": 50.0},
        ],
        health_backtest=[
            backtest("configured", None, "green", 9, 0.9),
            backtest("fitted", None, "red", 2, 0.5),
            backtest("fitted", None, "green", 8, 0.1),
            backtest("fitted", dt.date(2026, 3, 31), "green", 8, 0.1),
        ],
        health_weights=[
            weight("configured", "adoption", 30.0),
            weight("fitted", "adoption", 75.0),
            weight("fitted", "payments", 25.0),
        ],
        health_predictive_power=[
            {"predictor_kind": "score", "predictor": "configured", "is_in_force": False, "auc": 0.55},
            {"predictor_kind": "score", "predictor": "fitted", "is_in_force": True, "auc": 0.7},
            {"predictor_kind": "component", "predictor": "adoption", "auc": 0.7, "fitted_weight": 75.0},
        ],
    )
    page = health_page_context(data)
    assert page["bands"] == ["green", "amber", "red"]
    assert (page["best_band"], page["worst_band"]) == ("green", "red")
    assert [row["health_band"] for row in page["backtest_overall"]] == ["green", "red"]
    assert page["band_mix"][1] == {"band": None, "accounts": 1, "arr": 50.0}
    assert page["backtest_values"] == [
        {
            "month": "2026-03-31",
            "health_band": "green",
            "accounts": 8,
            "churned_share": 0.1,
            "contracted_share": 0.0,
        }
    ]
    assert page["weight_set_in_force"] == "fitted"
    assert page["score_in_force"]["predictor"] == "fitted"
    assert page["fitted_available"] is True
    assert page["component_power"][0]["label"] == "Adoption"
    weights = {component["name"]: component["weight"] for component in page["components"]}
    assert weights["adoption"] == 75.0 and weights["payments"] == 25.0 and weights["support"] == 0.0


def test_retention_segments_follow_the_segment_seed_and_chart_only_measured_values():
    from reports.contexts import retention_context

    data = site_data(
        segment_retention={
            "tier": [
                {"segment_value": "scale", "nrr_t12": 1.1, "grr_t12": 0.9},
                {"segment_value": "growth", "nrr_t12": None, "grr_t12": None},
            ]
        },
        company_retention=[{"month": dt.date(2026, 10, 1), "nrr_t12": 1.02}],
    )
    page = retention_context(data, {})
    assert [segment["label"] for segment in page["segments"]][:2] == ["Tier", "Industry"]
    assert page["segments"][0]["chart_values"] == [
        {"segment": "scale", "measure": "NRR (trailing 12 months)", "value": 1.1},
        {"segment": "scale", "measure": "GRR (trailing 12 months)", "value": 0.9},
    ]
    assert page["latest_retention"]["nrr_t12"] == 1.02 and page["retrospectives"] == []


def test_the_references_page_splits_the_matrix_into_referenceable_forecast_and_not_eligible():
    from reports.programs_context import references_page_context

    def row(account_id: str, **flags: bool) -> dict:
        base = {"is_referenceable": False, "is_reference_forecast": False, "is_not_eligible_now": False}
        return {"account_id": account_id, **base, **flags}

    data = site_data(
        reference_matrix=[
            row("A", is_referenceable=True),
            row("B", is_reference_forecast=True),
            row("C", is_not_eligible_now=True),
        ],
        referenceable_by_quarter=[
            {
                "quarter_start": dt.date(2026, 7, 1),
                "referenceable_accounts": 3,
                "forecast_accounts": 1,
                "counted_on": dt.date(2026, 9, 30),
            },
            {
                "quarter_start": dt.date(2026, 10, 1),
                "referenceable_accounts": 4,
                "forecast_accounts": 2,
                "counted_on": dt.date(2026, 10, 31),
            },
        ],
    )
    page = references_page_context(data, {"A": "a"})
    assert [r["account_id"] for r in page["referenceable"]] == ["A"]
    assert [r["account_id"] for r in page["forecast"]] == ["B"]
    assert [r["account_id"] for r in page["not_eligible"]] == ["C"]
    assert page["closing_count"] == 4 and page["referenceable"][0]["slug"] == "a"
    assert [t["short"] for t in page["types"]][:3] == ["Press", "Analyst", "Logo"]
    assert page["by_quarter_values"][0]["quarter"] == "2026 Q3"


def test_the_qbr_page_compares_the_last_full_quarter_and_counts_sponsor_gaps():
    from reports.programs_context import qbr_page_context

    coverage = [
        {"quarter_start": quarter, "tier": "growth", "owner_name": owner}
        for quarter in (dt.date(2026, 4, 1), dt.date(2026, 7, 1), dt.date(2026, 10, 1))
        for owner in (None, "Abe")
    ]
    data = site_data(
        qbr_coverage=coverage,
        exec_sponsor_coverage=[{"account_id": "A", "gap": "no_sponsor"}, {"account_id": "B", "gap": None}],
    )
    page = qbr_page_context(data, {})
    assert page["quarters"] == [dt.date(2026, 10, 1), dt.date(2026, 7, 1), dt.date(2026, 4, 1)]
    assert page["latest_full_quarter"] == dt.date(2026, 7, 1)
    assert {row["quarter_start"] for row in page["owner_rows"]} == {dt.date(2026, 10, 1), dt.date(2026, 7, 1)}
    assert page["sponsor_gaps"] == 1
    assert page["sponsor_gap_labels"]["no_sponsor"] == "no sponsor"


def test_the_support_page_keeps_last_year_s_verbatims_and_charts_only_measured_hours():
    from reports.support_context import support_page_context

    data = site_data(
        support_monthly=[
            {
                "month": dt.date(2026, 9, 1),
                "tickets_created": 4,
                "escalated_tickets": 1,
                "escalated_share": 0.25,
                "csat": 0.5,
                "median_first_response_hours": 2.0,
                "median_resolution_hours": None,
            },
        ],
        nps_responses=[
            {"account_id": "A", "comment": "Great", "responded_at": dt.datetime(2026, 5, 1)},
            {"account_id": "A", "comment": "Old news", "responded_at": dt.datetime(2025, 5, 1)},
            {"account_id": "B", "comment": None, "responded_at": dt.datetime(2026, 6, 1)},
        ],
    )
    page = support_page_context(data, {"A": "a"})
    assert [(v["comment"], v["slug"]) for v in page["verbatims"]] == [("Great", "a")]
    assert page["response_values"] == [
        {"month": "2026-09-01", "measure": "First response (median)", "hours": 2.0}
    ]
    assert page["segment_nps"][0]["label"] == "Tier"


def test_the_team_page_splits_the_leaderboard_and_links_only_csms_to_their_pages():
    from reports.programs_context import team_page_context

    data = site_data(
        leaderboard=[
            {"role": "ae", "user_id": "u1", "full_name": "Ann Example"},
            {"role": "csm", "user_id": "u2", "full_name": "Kofi O'Neill"},
        ]
    )
    page = team_page_context(data)
    assert [row["user_id"] for row in page["aes"]] == ["u1"] and page["aes"][0]["slug"] is None
    assert page["csms"][0]["slug"].startswith("kofi-o-neill-")  # the name, and a hash of the id
    assert page["bands"] == ["green", "amber", "red"]


def test_the_board_bridge_waterfall_steps_from_start_to_end():
    from reports.charts import waterfall_values

    period = {
        "starting_arr": 100.0,
        "new_arr": 30.0,
        "reactivation_arr": 0.0,
        "expansion_arr": 20.0,
        "contraction_arr": 5.0,
        "churn_arr": 15.0,
        "ending_arr": 130.0,
    }
    steps = waterfall_values(period)
    assert [(s["step"], s["start"], s["end"]) for s in steps] == [
        ("Start", 0.0, 100.0),
        ("New", 100.0, 130.0),
        ("Reactivation", 130.0, 130.0),
        ("Expansion", 130.0, 150.0),
        ("Contraction", 150.0, 145.0),
        ("Churn", 145.0, 130.0),
        ("End", 0.0, 130.0),
    ]
    assert steps[-2]["end"] == steps[-1]["end"]  # the last movement lands on the ending ARR
