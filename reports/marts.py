"""Reads the retention marts out of the DuckDB file, each in one query for all accounts, through the
interface dbt declares (reports/mart_reader.py).

This is the only module that knows mart names and columns; everything after it works on plain Python data.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from reports.errors import TenureError
from reports.mart_reader import MartReader, Row, interface_from_manifest


def latest(rows: list[Row]) -> Row:
    """The last row, or a row of nothing (every field None, shown as "–") when a mart has no rows: an
    extract without NPS data, or an as_of before any revenue."""
    return rows[-1] if rows else defaultdict(lambda: None)


# Months of health history kept for the pages (trend charts show 24), and the latest events per account kept
# for its timeline (churned accounts keep all of theirs, for their retrospective).
HEALTH_HISTORY_MONTHS = 24
TIMELINE_EVENTS_KEPT = 25


@dataclass(frozen=True)
class CompanySummary:
    as_of: dt.date
    reporting_currency: str
    mrr: float
    arr: float
    active_customer_count: int
    crm_account_count: int


@dataclass
class SiteData:
    """Everything the pages need, loaded once."""

    company: CompanySummary
    accounts: list[Row]
    mrr_history_by_account: dict[str, list[Row]] = field(default_factory=dict)
    company_bridge: list[Row] = field(default_factory=list)
    # The board's ARR bridge by quarter and year (marts.rpt_arr_bridge_periods).
    arr_bridge_periods: list[Row] = field(default_factory=list)
    company_retention: list[Row] = field(default_factory=list)
    segment_retention: dict[str, list[Row]] = field(default_factory=dict)
    company_cohorts: list[Row] = field(default_factory=list)
    # Cohorts by year: the company's and every segment's (marts.rpt_cohort_summary).
    cohort_years: list[Row] = field(default_factory=list)
    unmatched_billing_customers: list[Row] = field(default_factory=list)
    unmatched_support_organizations: list[Row] = field(default_factory=list)
    extract_row_counts: list[Row] = field(default_factory=list)
    source_layouts: list[Row] = field(default_factory=list)
    health_band_mix: list[Row] = field(default_factory=list)
    home_kpis: Row = field(default_factory=dict)
    tier_benchmarks: dict[str, Row] = field(default_factory=dict)
    # The metrics the Definitions page lists (their text is in dbt's manifest: reports/definitions.py).
    metric_definitions: list[Row] = field(default_factory=list)
    # Every enumeration's codes, labels, order and colours (seeds/enumerations/: reports/enumerations.py).
    enumerations: list[Row] = field(default_factory=list)
    # The conventions and thresholds in force for the run, by var name (marts.rpt_conventions).
    conventions: dict[str, Any] = field(default_factory=dict)
    # Account signals, health and renewals: per account, then company-wide.
    health_by_account: dict[str, list[Row]] = field(default_factory=dict)
    usage_by_account: dict[str, list[Row]] = field(default_factory=dict)
    sticky_drivers_by_account: dict[str, list[Row]] = field(default_factory=dict)
    past_due_by_account: dict[str, list[Row]] = field(default_factory=dict)
    contacts_by_account: dict[str, list[Row]] = field(default_factory=dict)
    nps_by_account: dict[str, list[Row]] = field(default_factory=dict)
    renewal_by_account: dict[str, Row] = field(default_factory=dict)
    open_opportunities_by_account: dict[str, list[Row]] = field(default_factory=dict)
    # The one risk model: every open risk of every paying account (marts.fct_account_risks).
    risks_by_account: dict[str, list[Row]] = field(default_factory=dict)
    lxl: list[Row] = field(default_factory=list)
    renewal_forecast: list[Row] = field(default_factory=list)
    health_backtest: list[Row] = field(default_factory=list)
    # The health score's weight sets (configured, fitted) and how well each component and score ranks churn.
    health_weights: list[Row] = field(default_factory=list)
    health_predictive_power: list[Row] = field(default_factory=list)
    support_monthly: list[Row] = field(default_factory=list)
    support_topics: list[Row] = field(default_factory=list)
    company_nps: list[Row] = field(default_factory=list)
    segment_nps: dict[str, list[Row]] = field(default_factory=dict)
    nps_responses: list[Row] = field(default_factory=list)
    # Customer-success programs.
    qbr_status: list[Row] = field(default_factory=list)
    qbr_coverage: list[Row] = field(default_factory=list)
    qbrs_by_account: dict[str, list[Row]] = field(default_factory=dict)
    exec_sponsor_coverage: list[Row] = field(default_factory=list)
    value_items: list[Row] = field(default_factory=list)
    value_plans: list[Row] = field(default_factory=list)
    value_plan_coverage: list[Row] = field(default_factory=list)
    onboarding: list[Row] = field(default_factory=list)
    sow_delivery: list[Row] = field(default_factory=list)
    pilots: list[Row] = field(default_factory=list)
    reference_matrix: list[Row] = field(default_factory=list)
    referenceable_by_quarter: list[Row] = field(default_factory=list)
    reference_status_by_account: dict[str, list[Row]] = field(default_factory=dict)
    evangelists: list[Row] = field(default_factory=list)
    reference_fatigue: list[Row] = field(default_factory=list)
    churn_retrospectives: list[Row] = field(default_factory=list)
    churn_reasons: list[Row] = field(default_factory=list)
    competitors_by_account: dict[str, list[Row]] = field(default_factory=dict)
    competitors: list[Row] = field(default_factory=list)
    forecast_accuracy: list[Row] = field(default_factory=list)
    leaderboard: list[Row] = field(default_factory=list)
    timeline_by_account: dict[str, list[Row]] = field(default_factory=dict)


def _company_summary(marts: MartReader) -> CompanySummary:
    summary = marts.rows("rpt_company_summary")[0]
    return CompanySummary(
        as_of=summary["as_of"],
        reporting_currency=summary["reporting_currency"],
        mrr=float(summary["mrr"] or 0),
        arr=float(summary["arr"] or 0),
        active_customer_count=int(summary["active_customer_count"] or 0),
        crm_account_count=int(summary["crm_account_count"] or 0),
    )


def _by_account(rows: list[Row]) -> dict[str, list[Row]]:
    """Rows grouped by their `account_id` (removed from each row), in query order."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.pop("account_id")].append(row)
    return dict(grouped)


def _by_segment_type(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.pop("segment_type")].append(row)
    return dict(grouped)


def _health_history(marts: MartReader, as_of_month: dt.date) -> dict[str, list[Row]]:
    """Every account's health by month for the last two years, oldest first: the as_of month with every
    signal (the account page shows them), earlier months with the score, band, ARR and champion loss only
    (trend, "what changed", backtest context); 10,000 accounts × 36 full rows would not fit the memory
    budget."""
    first = as_of_month.replace(year=as_of_month.year - HEALTH_HISTORY_MONTHS // 12)
    history = _by_account(
        marts.rows(
            "fct_account_health_monthly",
            columns=(
                "account_id",
                "month",
                "is_as_of_month",
                "health_score",
                "health_band",
                "arr",
                "has_champion_loss",
            ),
            where="month >= ? and not is_as_of_month",
            order_by="account_id, month",
            parameters=[first],
        )
    )
    for row in marts.rows("fct_account_health_monthly", where="is_as_of_month", order_by="account_id"):
        history.setdefault(row.pop("account_id"), []).append(row)
    return history


def _segment_retention(marts: MartReader, as_of_month: dt.date) -> dict[str, list[Row]]:
    """Each segment's retention at the as_of month, with its ending MRR and paying accounts from the
    bridge; largest segments first."""
    bridge = {
        (row["segment_type"], row["segment_value"]): row
        for row in marts.rows(
            "rpt_mrr_bridge",
            columns=("segment_type", "segment_value", "ending_mrr", "active_accounts"),
            where="month = ? and segment_type <> 'company'",
            parameters=[as_of_month],
        )
    }
    retention = marts.rows(
        "rpt_revenue_retention",
        columns=(
            "segment_type",
            "segment_value",
            "nrr_t12",
            "grr_t12",
            "base_accounts_t12",
            "annual_logo_retention",
            "logo_churn_rate",
            "churned_accounts",
        ),
        where="month = ? and segment_type <> 'company'",
        parameters=[as_of_month],
    )
    joined = []
    for row in retention:
        ends = bridge.get((row["segment_type"], row["segment_value"]))
        if ends is not None:
            joined.append(
                {**row, "ending_mrr": ends["ending_mrr"], "active_accounts": ends["active_accounts"]}
            )
    joined.sort(key=lambda row: (row["segment_type"], -float(row["ending_mrr"] or 0), row["segment_value"]))
    return _by_segment_type(joined)


def _program_data(marts: MartReader) -> dict[str, Any]:
    """The customer-success program marts, each in one query."""
    churned = [row["account_id"] for row in marts.rows("rpt_churn_retrospectives", columns=("account_id",))]
    return {
        "qbr_status": marts.rows("rpt_qbr_status", order_by="account_name, account_id"),
        "qbr_coverage": marts.rows(
            "rpt_qbr_coverage", order_by="quarter_start desc, tier, owner_name nulls first"
        ),
        "qbrs_by_account": _by_account(
            marts.rows("fct_qbrs", order_by="account_id, occurred_at desc, activity_id")
        ),
        "exec_sponsor_coverage": marts.rows("rpt_exec_sponsor_coverage", order_by="arr_rank"),
        "value_items": marts.rows(
            "fct_value_plan_items", order_by="account_name, account_id, quarter desc, due_date, item_id"
        ),
        "value_plans": marts.rows("rpt_value_plans", order_by="quarter desc, account_name, account_id"),
        "value_plan_coverage": marts.rows("rpt_value_plan_coverage", order_by="tier"),
        "onboarding": marts.rows("rpt_onboarding", order_by="signed_on desc, account_id"),
        "sow_delivery": marts.rows("rpt_sow_milestone_delivery", order_by="responsible_party"),
        "pilots": marts.rows("rpt_pilot_conversion", order_by="close_date desc nulls first, opportunity_id"),
        "reference_matrix": marts.rows(
            "rpt_reference_matrix",
            order_by="is_referenceable desc, is_reference_forecast desc, account_name, account_id",
        ),
        "referenceable_by_quarter": marts.rows("rpt_referenceable_by_quarter", order_by="quarter_start"),
        "reference_status_by_account": _by_account(
            marts.rows("fct_reference_status", order_by="account_id, reference_type")
        ),
        "evangelists": marts.rows("rpt_evangelists", order_by="account_name, full_name, contact_id"),
        "reference_fatigue": marts.rows(
            "rpt_reference_fatigue",
            where="is_fatigued",
            order_by="quarter_start desc, account_name, account_id",
        ),
        "churn_retrospectives": marts.rows(
            "rpt_churn_retrospectives", order_by="churn_month desc, arr_lost desc, account_id"
        ),
        "churn_reasons": marts.rows("rpt_churn_reasons", order_by="reason_rank"),
        "competitors_by_account": _by_account(
            marts.rows("rpt_competitors", order_by="account_id, mentions desc, competitor_key")
        ),
        "competitors": marts.rows("rpt_competitors_company", order_by="arr_of_accounts desc, competitor_key"),
        "forecast_accuracy": marts.rows(
            "rpt_forecast_accuracy", where="owner_user_id is null", order_by="quarter_start desc"
        ),
        "leaderboard": marts.rows("rpt_leaderboard", order_by="role, arr_in_book desc, full_name, user_id"),
        # The latest events of every account, and all of them for the churned (their retrospective).
        "timeline_by_account": _by_account(
            marts.rows(
                "fct_account_timeline",
                columns=("account_id", "event_at", "event_type", "event_kind", "title", "event_value"),
                where="recency_rank <= ? or list_contains(?, account_id)",
                order_by="account_id, recency_rank",
                parameters=[TIMELINE_EVENTS_KEPT, churned],
            )
        ),
    }


def load_site_data(duckdb_path: Path, manifest_path: Path) -> SiteData:
    """Every mart the site reads, through the interface dbt declares (reports/mart_reader.py)."""
    interface = interface_from_manifest(manifest_path)
    try:
        con = duckdb.connect(str(duckdb_path), read_only=True)
    except duckdb.Error as error:
        raise TenureError(f"cannot open the marts database {duckdb_path}: {error}") from error
    marts = MartReader(con, interface)
    try:
        company = _company_summary(marts)
        as_of_month = company.as_of.replace(day=1)
        return SiteData(
            company=company,
            accounts=marts.rows("dim_accounts", order_by="account_name, account_id"),
            mrr_history_by_account=_by_account(
                marts.rows(
                    "fct_mrr_movements",
                    columns=("account_id", "month", "mrr", "movement", "mrr_change"),
                    where="not is_unmatched_billing",
                    order_by="account_id, month",
                )
            ),
            company_bridge=marts.rows("rpt_mrr_bridge", where="segment_type = 'company'", order_by="month"),
            arr_bridge_periods=marts.rows("rpt_arr_bridge_periods", order_by="period_type, period_start"),
            company_retention=marts.rows(
                "rpt_revenue_retention", where="segment_type = 'company'", order_by="month"
            ),
            segment_retention=_segment_retention(marts, as_of_month),
            company_cohorts=marts.rows(
                "rpt_cohort_retention",
                columns=(
                    "cohort_month",
                    "age_months",
                    "cohort_accounts",
                    "active_accounts",
                    "logo_retention",
                    "cohort_starting_mrr",
                    "cohort_mrr",
                    "net_revenue_retention",
                ),
                where="segment_type = 'company'",
                order_by="cohort_month, age_months",
            ),
            cohort_years=marts.rows(
                "rpt_cohort_summary", order_by="segment_type, segment_value, cohort_year"
            ),
            unmatched_billing_customers=marts.rows(
                "rpt_unmatched_billing_customers", order_by="current_mrr desc, billing_customer_id"
            ),
            unmatched_support_organizations=marts.rows(
                "rpt_unmatched_support_organizations", order_by="ticket_count desc, organization_id"
            ),
            extract_row_counts=marts.rows("rpt_extract_row_counts", order_by="extract_table"),
            health_band_mix=marts.rows("rpt_health_band_mix", order_by="band_order"),
            home_kpis=marts.rows("rpt_home_kpis")[0],
            metric_definitions=marts.rows("rpt_metric_definitions", order_by="display_order"),
            enumerations=marts.rows("rpt_enumerations", order_by="enumeration, display_order"),
            tier_benchmarks={
                row.pop("tier"): row for row in marts.rows("rpt_tier_benchmarks", order_by="tier")
            },
            conventions={
                row["convention"]: json.loads(row["value_json"])
                for row in marts.rows("rpt_conventions", order_by="convention_order")
            },
            source_layouts=marts.rows("rpt_source_layouts", order_by="system, source_table nulls first"),
            health_by_account=_health_history(marts, as_of_month),
            usage_by_account=_by_account(
                marts.rows("fct_account_usage_monthly", order_by="account_id, month")
            ),
            sticky_drivers_by_account=_by_account(
                marts.rows("fct_account_sticky_drivers", order_by="account_id, measure")
            ),
            past_due_by_account=_by_account(
                marts.rows(
                    "fct_invoices_past_due",
                    where="account_id is not null",
                    order_by="account_id, due_date, invoice_id",
                )
            ),
            contacts_by_account=_by_account(
                marts.rows(
                    "dim_contacts",
                    where="account_id is not null",
                    order_by="account_id, is_active desc, seniority, full_name, contact_id",
                )
            ),
            nps_by_account=_by_account(
                marts.rows(
                    "fct_nps_responses",
                    where="account_id is not null",
                    order_by="account_id, responded_at desc, invitation_id",
                )
            ),
            renewal_by_account={
                row.pop("account_id"): row for row in marts.rows("fct_renewals", order_by="account_id")
            },
            open_opportunities_by_account=_by_account(
                marts.rows("fct_open_opportunities", order_by="account_id, close_date, opportunity_id")
            ),
            risks_by_account=_by_account(
                marts.rows("fct_account_risks", order_by="account_id, reason_order")
            ),
            lxl=marts.rows(
                "rpt_lxl",
                order_by="csm_name, section_order, first_risk_order nulls last, days_to_renewal, "
                "account_name, account_id",
            ),
            renewal_forecast=marts.rows("rpt_renewal_forecast", order_by="renewal_month"),
            health_backtest=marts.rows(
                "rpt_health_backtest", order_by="weight_set, month nulls first, health_band"
            ),
            health_weights=marts.rows("fct_health_weights", order_by="weight_set, component_order"),
            health_predictive_power=marts.rows(
                "rpt_health_predictive_power", order_by="predictor_kind desc, display_order"
            ),
            support_monthly=marts.rows("rpt_support_monthly", order_by="month"),
            support_topics=marts.rows("rpt_support_topics", order_by="topic_rank"),
            company_nps=marts.rows("rpt_nps", where="segment_type = 'company'", order_by="month"),
            segment_nps=_by_segment_type(
                marts.rows(
                    "rpt_nps",
                    columns=(
                        "segment_type",
                        "segment_value",
                        "respondents",
                        "promoters",
                        "detractors",
                        "nps",
                        "invitations_sent",
                        "response_rate",
                    ),
                    where="month = ? and segment_type <> 'company'",
                    order_by="segment_type, respondents desc, segment_value",
                    parameters=[as_of_month],
                )
            ),
            **_program_data(marts),
            nps_responses=marts.rows(
                "fct_nps_responses", order_by="responded_at desc, account_name, invitation_id"
            ),
        )
    except duckdb.Error as error:
        raise TenureError(f"the marts are not what the site expects: {error}") from error
    finally:
        con.close()
