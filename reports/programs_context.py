"""The customer-success program pages: QBR coverage, value plans, references, onboarding & pilots, the
team leaderboard and each CSM's book, and the program sections of the account page."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from typing import Any

from markupsafe import Markup

from reports.charts import chart_values
from reports.enumerations import labels, short_labels
from reports.formatting import count_of, quarter_label
from reports.marts import Row, SiteData, latest
from reports.quality import vars_in_force
from reports.slugs import assign_slugs

TIMELINE_EVENTS = 25


def reference_types() -> list[dict[str, str]]:
    """The 12 reference types in force (var reference_types), with labels."""
    return [
        {
            "code": str(t["code"]),
            "scope": str(t["scope"]),
            "label": labels("reference_types").get(t["code"], t["code"]),
            "short": short_labels("reference_types").get(t["code"], t["code"]),
        }
        for t in vars_in_force().get("reference_types") or []
    ]


def _with_slugs(rows: list[Row], slugs: dict[str, str]) -> list[dict[str, Any]]:
    return [{**row, "slug": slugs.get(row.get("account_id") or "")} for row in rows]


def qbr_page_context(data: SiteData, slugs: dict[str, str]) -> dict[str, Any]:
    tier_rows = [row for row in data.qbr_coverage if row["owner_name"] is None]
    quarters = sorted({row["quarter_start"] for row in tier_rows}, reverse=True)
    owner_rows = [row for row in data.qbr_coverage if row["owner_name"] is not None]
    latest_full = quarters[1] if len(quarters) > 1 else None
    return {
        "sponsor_gap_labels": short_labels("sponsor_gaps"),
        "quarters": quarters,
        "tier_rows": tier_rows,
        "owner_rows": [row for row in owner_rows if row["quarter_start"] in quarters[:2]],
        "latest_full_quarter": latest_full,
        "overdue": _with_slugs([row for row in data.qbr_status if row["is_overdue"]], slugs),
        "missing_exec": _with_slugs(
            [
                row
                for row in data.qbr_status
                if row["is_missing_exec_attendance"] or row["is_missing_ceo_visit"]
            ],
            slugs,
        ),
        "sponsors": _with_slugs(data.exec_sponsor_coverage, slugs),
        "sponsor_gaps": sum(1 for row in data.exec_sponsor_coverage if row["gap"]),
        "pareto_share": vars_in_force().get("exec_sponsor_pareto_share", 0.2),
        "cadence": vars_in_force().get("qbr_cadence") or {},
        "meaningful_seniorities": vars_in_force().get("qbr_meaningful_seniorities") or [],
    }


def value_plans_page_context(data: SiteData, slugs: dict[str, str]) -> dict[str, Any]:
    current_items = [row for row in data.value_items if row["is_current_quarter"]]
    plans: dict[str, list[Row]] = defaultdict(list)
    for row in current_items:
        plans[row["account_id"]].append(row)
    current_plans = [row for row in data.value_plans if row["is_current_quarter"]]
    return {
        "plans": [
            {**plan, "slug": slugs.get(plan["account_id"]), "item_rows": plans[plan["account_id"]]}
            for plan in current_plans
        ],
        "current_quarter": current_plans[0]["quarter"] if current_plans else None,
        "stalled": _with_slugs([row for row in data.value_items if row["is_stalled"]], slugs),
        "delivered": _with_slugs(
            sorted(
                (row for row in data.value_items if row["is_value_delivered"]),
                key=lambda row: (row["quarter"] or "", row["account_name"] or ""),
                reverse=True,
            ),
            slugs,
        ),
        "too_many": _with_slugs([row for row in current_plans if row["has_too_many_tactics"]], slugs),
        "coverage": data.value_plan_coverage,
        "max_tactics": vars_in_force().get("value_plan_max_active_tactics", 3),
    }


def references_page_context(data: SiteData, slugs: dict[str, str]) -> dict[str, Any]:
    matrix = _with_slugs(data.reference_matrix, slugs)
    closing = latest(data.referenceable_by_quarter)
    return {
        "types": reference_types(),
        "trigger_type": vars_in_force().get("reference_trigger_type", "private_reference_call"),
        "matrix": matrix,
        "referenceable": [row for row in matrix if row["is_referenceable"]],
        "forecast": [row for row in matrix if row["is_reference_forecast"]],
        "not_eligible": [row for row in matrix if row["is_not_eligible_now"]],
        "fatigue": _with_slugs(data.reference_fatigue, slugs),
        "fatigue_calls": vars_in_force().get("reference_fatigue_calls", 2),
        "evangelists": _with_slugs(data.evangelists, slugs),
        "by_quarter": data.referenceable_by_quarter,
        "by_quarter_values": chart_values(
            [
                {**row, "quarter": str(quarter_label(row["quarter_start"]))}
                for row in data.referenceable_by_quarter
            ],
            ("quarter", "referenceable_accounts", "forecast_accounts", "counted_on"),
        ),
        "closing_count": closing["referenceable_accounts"],
    }


def _share(rows: list[Row], field: str) -> float | None:
    values = [bool(row[field]) for row in rows]
    return sum(values) / len(values) if values else None


def onboarding_page_context(data: SiteData, slugs: dict[str, str]) -> dict[str, Any]:
    with_kickoff = [row for row in data.onboarding if row["kickoff_on"] is not None]
    days_to_value = [row["days_to_value"] for row in data.onboarding if row["days_to_value"] is not None]
    won = [row for row in data.pilots if row["pilot_status"] in ("converted", "not_converted")]
    converted = [row for row in won if row["pilot_status"] == "converted"]
    return {
        "onboarding": _with_slugs(data.onboarding[:100], slugs),
        "onboarding_total": len(data.onboarding),
        "kickoff_on_time_share": _share(with_kickoff, "is_kickoff_on_time"),
        "weekly_status_share": _share(
            [row for row in data.onboarding if not row["is_in_first_window"]], "has_weekly_status_meetings"
        ),
        "median_days_to_value": statistics.median(days_to_value) if days_to_value else None,
        "sow_delivery": data.sow_delivery,
        "pilots": _with_slugs(data.pilots, slugs),
        "pilot_conversion_rate": len(converted) / len(won) if won else None,
        "median_days_to_convert": (
            statistics.median(row["days_to_convert"] for row in converted) if converted else None
        ),
        "pilots_in_flight": sum(1 for row in data.pilots if row["pilot_status"] == "in_flight"),
        "kickoff_days": vars_in_force().get("onboarding_kickoff_business_days", 4),
        "window_days": vars_in_force().get("onboarding_window_days", 30),
        "min_status_meetings": vars_in_force().get("onboarding_min_status_meetings", 4),
        "conversion_days": vars_in_force().get("pilot_conversion_days", 180),
    }


def csm_slugs(data: SiteData) -> dict[str, str]:
    """One page per CSM with a book, `team/<slug>.html`."""
    ids = sorted(
        {
            (row["user_id"], row["full_name"] or row["user_id"])
            for row in data.leaderboard
            if row["role"] == "csm"
        }
    )
    return {user_id: Markup(slug) for user_id, slug in assign_slugs(ids).items()}


def team_page_context(data: SiteData) -> dict[str, Any]:
    pages = csm_slugs(data)
    bands = [
        str(b["name"])
        for b in sorted(vars_in_force().get("health_bands") or [], key=lambda b: -b["min_score"])
    ]
    rows = [
        {**row, "slug": pages.get(row["user_id"]) if row["role"] == "csm" else None}
        for row in data.leaderboard
    ]
    return {
        "aes": [row for row in rows if row["role"] == "ae"],
        "csms": [row for row in rows if row["role"] == "csm"],
        "bands": bands,
        "forecast": data.forecast_accuracy,
        "competitors": data.competitors[:20],
    }


def csm_page_contexts(data: SiteData, accounts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each CSM's book of business: their accounts with health, renewal and LxL reasons."""
    pages = csm_slugs(data)
    books: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for account in accounts:
        if account.get("csm_user_id") in pages:
            books[account["csm_user_id"]].append(account)
    return [
        {
            **row,
            "slug": pages[row["user_id"]],
            "book": sorted(
                books[row["user_id"]], key=lambda a: (-(a["current_arr"] or 0), a["account_name"])
            ),
        }
        for row in data.leaderboard
        if row["role"] == "csm"
    ]


# The activities a churn retrospective's timeline keeps (calls and status meetings would drown the rest).
RETROSPECTIVE_ACTIVITIES = {
    "qbr",
    "exec_visit",
    "kickoff",
    "churn_interview",
    "reference_call",
    "advisory_board",
}
RETROSPECTIVE_EVENTS = 30


def _retrospective_event(event: Row, churn_month: dt.date) -> bool:
    if event["event_at"].date() >= churn_month + dt.timedelta(days=31):
        return False
    if event["event_type"] == "activity":
        return event["event_kind"] in RETROSPECTIVE_ACTIVITIES
    return event["event_type"] in ("ticket", "nps", "champion", "value_plan", "opportunity")


def retrospective_timeline(events: list[Row], churn_month: dt.date) -> list[dict[str, Any]]:
    """An account's events up to its churn, newest first; escalated tickets folded into one line a month so
    a burst of tickets does not hide the champion change or the lost renewal."""
    kept: list[dict[str, Any]] = []
    tickets: dict[dt.date, list[Row]] = defaultdict(list)
    for event in events:
        if not _retrospective_event(event, churn_month):
            continue
        if event["event_type"] == "ticket":
            tickets[event["event_at"].date().replace(day=1)].append(event)
        else:
            kept.append(dict(event))
    for month, month_tickets in tickets.items():
        kept.append(
            {
                "event_at": max(ticket["event_at"] for ticket in month_tickets),
                "event_type": "ticket",
                "event_kind": "escalations",
                "title": f"{count_of(len(month_tickets), 'high/urgent ticket', 'high/urgent tickets')} "
                f"in {month.strftime('%b %Y')}",
            }
        )
    kept.sort(key=lambda event: (event["event_at"], event["event_type"], event["title"] or ""), reverse=True)
    return kept[:RETROSPECTIVE_EVENTS]


def surfaced_reason_labels(codes: str | None) -> str:
    """`champion_loss, red_health` (the mart's list of LxL reason codes) in the LxL page's words."""
    if not codes:
        return ""
    reasons = labels("lxl_reasons")
    return ", ".join(reasons.get(code, code) for code in codes.split(", "))


def churn_context(data: SiteData, slugs: dict[str, str]) -> dict[str, Any]:
    """Churn reasons and one retrospective per churned account, with its timeline up to the churn: QBRs,
    visits, escalated tickets, NPS, champion changes, value-plan outcomes, won and lost deals."""
    retros = [
        {
            **row,
            "slug": slugs.get(row["account_id"]),
            "surfaced_reasons": surfaced_reason_labels(row["surfaced_reasons"]),
            "timeline": retrospective_timeline(
                data.timeline_by_account.get(row["account_id"], []), row["churn_month"]
            ),
        }
        for row in data.churn_retrospectives
    ]
    return {"retrospectives": retros, "churn_reasons": data.churn_reasons}


# The benchmarks of marts.rpt_tier_benchmarks, what a tier without paying accounts has none of.
BENCHMARK_FIELDS = ("health_score", "seat_utilization", "nps", "tickets_created", "csat")


def group_by_account(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["account_id"]].append(row)
    return grouped


def account_program_sections(
    data: SiteData,
    account_id: str,
    current_items: dict[str, list[Row]],
    evangelists: dict[str, list[Row]],
    qbr_status: dict[str, Row],
) -> dict[str, Any]:
    """What the account page (and the QBR brief) shows of the programs; the groupings are built once."""
    statuses = {row["reference_type"]: row for row in data.reference_status_by_account.get(account_id, [])}
    return {
        "qbr_status": qbr_status.get(account_id),
        "qbrs": data.qbrs_by_account.get(account_id, [])[:8],
        "value_items": current_items.get(account_id, []),
        "references": [{**t, "status": statuses.get(t["code"])} for t in reference_types()],
        "evangelists": evangelists.get(account_id, []),
        "competitors": data.competitors_by_account.get(account_id, []),
        "timeline": data.timeline_by_account.get(account_id, [])[:TIMELINE_EVENTS],
    }
