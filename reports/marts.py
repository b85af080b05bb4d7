"""Reads the retention marts out of the DuckDB file, each in one query for all accounts.

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

Row = dict[str, Any]


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
    company_retention: list[Row] = field(default_factory=list)
    segment_retention: dict[str, list[Row]] = field(default_factory=dict)
    company_cohorts: list[Row] = field(default_factory=list)
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
    lxl: list[Row] = field(default_factory=list)
    renewal_forecast: list[Row] = field(default_factory=list)
    health_backtest: list[Row] = field(default_factory=list)
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


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, parameters: list[Any] | None = None) -> list[Row]:
    cursor = con.execute(sql, parameters or [])
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _company_summary(con: duckdb.DuckDBPyConnection) -> CompanySummary:
    summary = _fetch(con, "select * from marts.rpt_company_summary")[0]
    return CompanySummary(
        as_of=summary["as_of"],
        reporting_currency=summary["reporting_currency"],
        mrr=float(summary["mrr"] or 0),
        arr=float(summary["arr"] or 0),
        active_customer_count=int(summary["active_customer_count"] or 0),
        crm_account_count=int(summary["crm_account_count"] or 0),
    )


def _account_histories(con: duckdb.DuckDBPyConnection) -> dict[str, list[Row]]:
    history: dict[str, list[Row]] = defaultdict(list)
    rows = _fetch(
        con,
        """
        select account_id, month, mrr, movement, mrr_change
        from marts.fct_mrr_movements
        where not is_unmatched_billing
        order by account_id, month
        """,
    )
    for row in rows:
        history[row.pop("account_id")].append(row)
    return dict(history)


def _by_account(rows: list[Row]) -> dict[str, list[Row]]:
    """Rows grouped by their `account_id` (removed from each row), in query order."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.pop("account_id")].append(row)
    return dict(grouped)


def _health_history(con: duckdb.DuckDBPyConnection, as_of_month: dt.date) -> dict[str, list[Row]]:
    """Every account's health by month for the last two years, oldest first: the as_of month with every
    signal (the account page shows them), earlier months with the score, band, ARR and champion loss only
    (trend, "what changed", backtest context); 10,000 accounts × 36 full rows would not fit the memory
    budget."""
    first = as_of_month.replace(year=as_of_month.year - HEALTH_HISTORY_MONTHS // 12)
    history = _by_account(
        _fetch(
            con,
            """
            select account_id, month, is_as_of_month, health_score, health_band, arr, has_champion_loss
            from marts.fct_account_health_monthly
            where month >= ? and not is_as_of_month
            order by account_id, month
            """,
            [first],
        )
    )
    for row in _fetch(con, "select * from marts.fct_account_health_monthly where is_as_of_month"):
        history.setdefault(row.pop("account_id"), []).append(row)
    return history


def _segment_nps(con: duckdb.DuckDBPyConnection, as_of_month: dt.date) -> dict[str, list[Row]]:
    rows = _fetch(
        con,
        """
        select segment_type, segment_value, respondents, promoters, detractors, nps, invitations_sent,
               response_rate
        from marts.rpt_nps
        where month = ? and segment_type <> 'company'
        order by segment_type, respondents desc, segment_value
        """,
        [as_of_month],
    )
    by_type: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_type[row.pop("segment_type")].append(row)
    return dict(by_type)


def _ordered(con: duckdb.DuckDBPyConnection, mart: str, order_by: str) -> list[Row]:
    """Every row of a mart, in a stable order (the same site for the same data)."""
    return _fetch(con, f"select * from marts.{mart} order by {order_by}")


def _program_data(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The customer-success program marts, each in one query."""
    return {
        "qbr_status": _ordered(con, "rpt_qbr_status", "account_name, account_id"),
        "qbr_coverage": _ordered(con, "rpt_qbr_coverage", "quarter_start desc, tier, owner_name nulls first"),
        "qbrs_by_account": _by_account(
            _ordered(con, "fct_qbrs", "account_id, occurred_at desc, activity_id")
        ),
        "exec_sponsor_coverage": _ordered(con, "rpt_exec_sponsor_coverage", "arr_rank"),
        "value_items": _ordered(
            con, "fct_value_plan_items", "account_name, account_id, quarter desc, due_date, item_id"
        ),
        "value_plans": _ordered(con, "rpt_value_plans", "quarter desc, account_name, account_id"),
        "value_plan_coverage": _ordered(con, "rpt_value_plan_coverage", "tier"),
        "onboarding": _ordered(con, "rpt_onboarding", "signed_on desc, account_id"),
        "sow_delivery": _ordered(con, "rpt_sow_milestone_delivery", "responsible_party"),
        "pilots": _ordered(con, "rpt_pilot_conversion", "close_date desc nulls first, opportunity_id"),
        "reference_matrix": _ordered(
            con,
            "rpt_reference_matrix",
            "is_referenceable desc, is_reference_forecast desc, account_name, account_id",
        ),
        "referenceable_by_quarter": _ordered(con, "rpt_referenceable_by_quarter", "quarter_start"),
        "reference_status_by_account": _by_account(
            _ordered(con, "fct_reference_status", "account_id, reference_type")
        ),
        "evangelists": _ordered(con, "rpt_evangelists", "account_name, full_name, contact_id"),
        "reference_fatigue": _fetch(
            con,
            "select f.*, a.account_name from marts.rpt_reference_fatigue as f "
            "left join marts.dim_accounts as a using (account_id) "
            "where f.is_fatigued order by f.quarter_start desc, a.account_name",
        ),
        "churn_retrospectives": _ordered(
            con, "rpt_churn_retrospectives", "churn_month desc, arr_lost desc, account_id"
        ),
        "churn_reasons": _ordered(con, "rpt_churn_reasons", "reason_rank"),
        "competitors_by_account": _by_account(
            _ordered(con, "rpt_competitors", "account_id, mentions desc, competitor_key")
        ),
        "competitors": _ordered(con, "rpt_competitors_company", "arr_of_accounts desc, competitor_key"),
        "forecast_accuracy": _fetch(
            con,
            "select * from marts.rpt_forecast_accuracy where owner_user_id is null "
            "order by quarter_start desc",
        ),
        "leaderboard": _ordered(con, "rpt_leaderboard", "role, arr_in_book desc, full_name, user_id"),
        "timeline_by_account": _by_account(
            _fetch(
                con,
                f"""
                select account_id, event_at, event_type, event_kind, title
                from (
                    select
                        *,
                        row_number() over (
                            partition by account_id order by event_at desc, event_type, event_kind, title
                        ) as recency
                    from marts.fct_account_timeline
                )
                where recency <= {TIMELINE_EVENTS_KEPT}
                    or account_id in (select account_id from marts.rpt_churn_retrospectives)
                order by account_id, event_at desc, event_type, event_kind, title
                """,
            )
        ),
    }


def _segment_retention(con: duckdb.DuckDBPyConnection, as_of_month: dt.date) -> dict[str, list[Row]]:
    """Each segment's retention at the as_of month, joined to its ending MRR."""
    rows = _fetch(
        con,
        """
        select r.segment_type, r.segment_value, b.ending_mrr, b.active_accounts,
               r.nrr_t12, r.grr_t12, r.base_accounts_t12, r.annual_logo_retention, r.logo_churn_rate,
               r.churned_accounts
        from marts.rpt_revenue_retention as r
        join marts.rpt_mrr_bridge as b using (segment_type, segment_value, month)
        where r.month = ? and r.segment_type <> 'company'
        order by r.segment_type, b.ending_mrr desc, r.segment_value
        """,
        [as_of_month],
    )
    by_type: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_type[row.pop("segment_type")].append(row)
    return dict(by_type)


def _extract_row_counts(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Rows per extract table as it was read (the raw_<source> views over the files)."""
    tables = con.execute(
        """
        select table_schema, table_name
        from information_schema.tables
        where table_schema like 'raw\\_%' escape '\\'
        order by table_schema, table_name
        """
    ).fetchall()
    union = " union all ".join(
        f"select '{schema.removeprefix('raw_')}/{table}' as extract_table, count(*) as row_count "
        f'from "{schema}"."{table}"'
        for schema, table in tables
    )
    return _fetch(con, union) if union else []


def load_site_data(duckdb_path: Path) -> SiteData:
    try:
        con = duckdb.connect(str(duckdb_path), read_only=True)
    except duckdb.Error as error:
        raise TenureError(f"cannot open the marts database {duckdb_path}: {error}") from error
    try:
        company = _company_summary(con)
        as_of_month = company.as_of.replace(day=1)
        return SiteData(
            company=company,
            accounts=_fetch(con, "select * from marts.dim_accounts order by account_name, account_id"),
            mrr_history_by_account=_account_histories(con),
            company_bridge=_fetch(
                con,
                "select * from marts.rpt_mrr_bridge where segment_type = 'company' order by month",
            ),
            company_retention=_fetch(
                con,
                "select * from marts.rpt_revenue_retention where segment_type = 'company' order by month",
            ),
            segment_retention=_segment_retention(con, as_of_month),
            company_cohorts=_fetch(
                con,
                """
                select cohort_month, age_months, cohort_accounts, active_accounts, logo_retention,
                       cohort_starting_mrr, cohort_mrr, net_revenue_retention
                from marts.rpt_cohort_retention
                where segment_type = 'company'
                order by cohort_month, age_months
                """,
            ),
            unmatched_billing_customers=_fetch(
                con,
                "select * from marts.rpt_unmatched_billing_customers "
                "order by current_mrr desc, billing_customer_id",
            ),
            unmatched_support_organizations=_fetch(
                con,
                "select * from marts.rpt_unmatched_support_organizations "
                "order by ticket_count desc, organization_id",
            ),
            extract_row_counts=_extract_row_counts(con),
            health_band_mix=_ordered(con, "rpt_health_band_mix", "band_order"),
            home_kpis=_fetch(con, "select * from marts.rpt_home_kpis")[0],
            metric_definitions=_ordered(con, "rpt_metric_definitions", "display_order"),
            enumerations=_ordered(con, "rpt_enumerations", "enumeration, display_order"),
            tier_benchmarks={row.pop("tier"): row for row in _ordered(con, "rpt_tier_benchmarks", "tier")},
            conventions={
                row["convention"]: json.loads(row["value_json"])
                for row in _fetch(con, "select * from marts.rpt_conventions order by convention_order")
            },
            source_layouts=_fetch(
                con, "select * from marts.rpt_source_layouts order by system, source_table nulls first"
            ),
            health_by_account=_health_history(con, as_of_month),
            usage_by_account=_by_account(
                _fetch(con, "select * from marts.fct_account_usage_monthly order by account_id, month")
            ),
            sticky_drivers_by_account=_by_account(
                _fetch(con, "select * from marts.fct_account_sticky_drivers order by account_id, measure")
            ),
            past_due_by_account=_by_account(
                _fetch(
                    con,
                    "select * from marts.fct_invoices_past_due where account_id is not null "
                    "order by account_id, due_date, invoice_id",
                )
            ),
            contacts_by_account=_by_account(
                _fetch(
                    con,
                    "select * from marts.dim_contacts where account_id is not null "
                    "order by account_id, is_active desc, seniority, full_name, contact_id",
                )
            ),
            nps_by_account=_by_account(
                _fetch(
                    con,
                    "select * from marts.fct_nps_responses where account_id is not null "
                    "order by account_id, responded_at desc, invitation_id",
                )
            ),
            renewal_by_account={
                row.pop("account_id"): row
                for row in _fetch(con, "select * from marts.fct_renewals order by account_id")
            },
            lxl=_fetch(
                con,
                "select * from marts.rpt_lxl "
                "order by csm_name, first_reason_order, days_to_renewal, account_name, account_id",
            ),
            renewal_forecast=_fetch(con, "select * from marts.rpt_renewal_forecast order by renewal_month"),
            health_backtest=_fetch(
                con, "select * from marts.rpt_health_backtest order by month nulls first, health_band"
            ),
            support_monthly=_fetch(con, "select * from marts.rpt_support_monthly order by month"),
            support_topics=_fetch(con, "select * from marts.rpt_support_topics order by topic_rank"),
            company_nps=_fetch(
                con, "select * from marts.rpt_nps where segment_type = 'company' order by month"
            ),
            segment_nps=_segment_nps(con, as_of_month),
            **_program_data(con),
            nps_responses=_fetch(
                con,
                "select * from marts.fct_nps_responses "
                "order by responded_at desc, account_name, invitation_id",
            ),
        )
    except duckdb.Error as error:
        raise TenureError(f"the marts are not what the site expects: {error}") from error
    finally:
        con.close()
