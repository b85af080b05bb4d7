"""Page contexts: the marts' rows shaped into what each template shows (no SQL, no HTML here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from reports.charts import bridge_values, chart_values, rate_values
from reports.marts import SEGMENT_TYPES, Row, SiteData
from reports.quality import conventions, definitions, status_counts, test_results
from reports.slugs import assign_slugs

TREND_MONTHS = 36
T12_MEASURES = {"nrr_t12": "NRR (trailing 12 months)", "grr_t12": "GRR (trailing 12 months)"}


def _latest(rows: list[Row]) -> Row:
    return rows[-1] if rows else {}


def home_context(data: SiteData) -> dict[str, Any]:
    # Trends show the extract's last three years; earlier months only hold accounts' first periods.
    bridge, retention = data.company_bridge[-TREND_MONTHS:], data.company_retention[-TREND_MONTHS:]
    arr_rows = [{**row, "arr": float(row["ending_mrr"] or 0) * 12} for row in bridge]
    return {
        "arr_values": chart_values(arr_rows, ("month", "arr", "ending_mrr", "active_accounts")),
        "bridge_values": bridge_values(bridge[-24:]),
        "bridge_table": chart_values(
            bridge[-24:],
            (
                "month",
                "starting_mrr",
                "new_mrr",
                "reactivation_mrr",
                "expansion_mrr",
                "contraction_mrr",
                "churn_mrr",
                "ending_mrr",
            ),
        ),
        "retention_values": rate_values(retention, T12_MEASURES),
        "retention_table": chart_values(retention, ("month", "nrr_t12", "grr_t12", "nrr_month", "grr_month")),
        "logo_churn_values": chart_values(
            retention[-24:], ("month", "logo_churn_rate", "churned_accounts", "starting_accounts")
        ),
        "latest_bridge": _latest(bridge),
        "latest_retention": _latest(retention),
    }


def _cohort_values(cohorts: list[Row], field: str) -> list[dict[str, Any]]:
    return [
        {
            "cohort_month": row["cohort_month"].strftime("%Y-%m"),
            "age_months": row["age_months"],
            "value": None if row[field] is None else round(float(row[field]), 4),
            "cohort_accounts": row["cohort_accounts"],
        }
        for row in cohorts
    ]


def _recent_cohorts(data: SiteData) -> list[Row]:
    """Cohorts of the extract's last three years (older ones are accounts already paying when it starts)."""
    as_of_month = data.company.as_of.replace(day=1)
    first = as_of_month.replace(year=as_of_month.year - TREND_MONTHS // 12)
    return [row for row in data.company_cohorts if row["cohort_month"] > first]


def retention_context(data: SiteData) -> dict[str, Any]:
    segments = []
    for segment_type, label in SEGMENT_TYPES.items():
        rows = data.segment_retention.get(segment_type, [])
        chart_rows = [
            {"segment": str(row["segment_value"]), "measure": measure, "value": float(row[field])}
            for row in rows
            for field, measure in T12_MEASURES.items()
            if row[field] is not None
        ]
        segments.append({"type": segment_type, "label": label, "rows": rows, "chart_values": chart_rows})
    return {
        "segments": segments,
        "cohort_logo_values": _cohort_values(_recent_cohorts(data), "logo_retention"),
        "cohort_revenue_values": _cohort_values(_recent_cohorts(data), "net_revenue_retention"),
        "latest_retention": _latest(data.company_retention),
    }


def account_contexts(data: SiteData) -> list[dict[str, Any]]:
    slugs = assign_slugs((account["account_id"], account["account_name"]) for account in data.accounts)
    contexts = []
    for account in data.accounts:
        history = data.mrr_history_by_account.get(account["account_id"], [])
        contexts.append(
            {
                **account,
                "slug": Markup(slugs[account["account_id"]]),  # [a-z0-9-] by construction: safe as is
                "movements": [row for row in history if row["movement"] not in ("flat", "inactive")],
                "mrr_chart_values": chart_values(history, ("month", "mrr", "movement", "mrr_change")),
            }
        )
    return contexts


def data_quality_context(data: SiteData, dbt_target_dir: Path) -> dict[str, Any]:
    tests = test_results(dbt_target_dir)
    return {
        "tests": tests,
        "test_counts": status_counts(tests),
        "unmatched_billing": data.unmatched_billing_customers,
        "unmatched_billing_arr": sum(
            float(row["current_arr"] or 0) for row in data.unmatched_billing_customers
        ),
        "unmatched_organizations": data.unmatched_support_organizations,
        "row_counts": data.extract_row_counts,
        "conventions": conventions(),
        "definitions": definitions(dbt_target_dir),
    }
