"""Page contexts: the marts' rows shaped into what each template shows (no SQL, no HTML here)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markupsafe import Markup

from reports.charts import bridge_values, chart_values, rate_values, waterfall_values
from reports.enumerations import labels
from reports.findings import Finding
from reports.health_context import health_section, weights_in_force
from reports.lxl_context import lxl_line
from reports.marts import Row, SiteData, latest
from reports.programs_context import (
    BENCHMARK_FIELDS,
    account_program_sections,
    churn_context,
    csm_slugs,
    group_by_account,
)
from reports.quality import conventions, definitions, status_counts, test_results, vars_in_force
from reports.risk_context import risk_items
from reports.slugs import assign_slugs
from reports.summary_context import account_summary
from reports.validation import ValidationReport

TREND_MONTHS = 36
T12_MEASURES = {"nrr_t12": "NRR (trailing 12 months)", "grr_t12": "GRR (trailing 12 months)"}


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
        "latest_bridge": latest(bridge),
        "latest_retention": latest(retention),
        **_home_signals(data),
    }


def _home_signals(data: SiteData) -> dict[str, Any]:
    """NPS, ARR at risk (worst health band) and renewals in the LxL window (marts.rpt_home_kpis)."""
    kpis = data.home_kpis
    return {
        "latest_nps": latest(data.company_nps),
        "at_risk_band": kpis["at_risk_band"],
        "at_risk_declining_band": kpis["at_risk_declining_band"],
        "at_risk_arr": float(kpis["at_risk_arr"] or 0),
        "at_risk_accounts": int(kpis["at_risk_accounts"] or 0),
        "renewal_window_days": int(kpis["renewal_window_days"]),
        "renewing_accounts": int(kpis["renewing_accounts"] or 0),
        "renewing_arr": float(kpis["renewing_arr"] or 0),
        "referenceable_now": latest(data.referenceable_by_quarter).get("referenceable_accounts"),
    }


def _cohort_values(cohorts: list[Row], field: str) -> list[dict[str, Any]]:
    """Heatmap cells of every cohort; the row label carries the cohort's size."""
    return [
        {
            "cohort_month": row["cohort_month"].strftime("%Y-%m"),
            "cohort_label": f"{row['cohort_month']:%Y-%m} ({row['cohort_accounts']:,})",
            "age_months": row["age_months"],
            "value": None if row[field] is None else round(float(row[field]), 4),
            "cohort_accounts": row["cohort_accounts"],
        }
        for row in cohorts
    ]


def cohort_sections(data: SiteData) -> dict[str, Any]:
    """Cohorts by year: the company's, and each segment type's (in the segment seed's order)."""
    by_type: dict[str, list[Row]] = {}
    for row in data.cohort_years:
        by_type.setdefault(row["segment_type"], []).append(row)
    return {
        "company_cohort_years": by_type.get("company", []),
        "segment_cohort_years": [
            {"type": segment_type, "label": label, "rows": by_type[segment_type]}
            for segment_type, label in labels("segment_types").items()
            if segment_type != "company" and segment_type in by_type
        ],
    }


def retention_context(data: SiteData, slugs: dict[str, str]) -> dict[str, Any]:
    segments = []
    for segment_type, label in labels("segment_types").items():
        if segment_type == "company":
            continue
        rows = data.segment_retention.get(segment_type, [])
        chart_rows = [
            {"segment": str(row["segment_value"]), "measure": measure, "value": float(row[field])}
            for row in rows
            for field, measure in T12_MEASURES.items()
            if row[field] is not None
        ]
        segments.append({"type": segment_type, "label": label, "rows": rows, "chart_values": chart_rows})
    years = [row for row in data.arr_bridge_periods if row["period_type"] == "year"]
    quarters = [row for row in data.arr_bridge_periods if row["period_type"] == "quarter"]
    full_years = [row for row in years if row["is_complete"]]
    board_year = full_years[-1] if full_years else latest(years)
    return {
        "bridge_years": years,
        "bridge_quarters": quarters[-8:],
        "board_year": board_year,
        "waterfall_values": waterfall_values(board_year) if board_year.get("period_start") else [],
        "segments": segments,
        "cohort_logo_values": _cohort_values(data.company_cohorts, "logo_retention"),
        "cohort_revenue_values": _cohort_values(data.company_cohorts, "net_revenue_retention"),
        "cohort_count": len({row["cohort_month"] for row in data.company_cohorts}),
        **cohort_sections(data),
        "latest_retention": latest(data.company_retention),
        **churn_context(data, slugs),
    }


def account_slugs(data: SiteData) -> dict[str, str]:
    """Each account's page name, [a-z0-9-] by construction (Markup: safe in links as is)."""
    slugs = assign_slugs((account["account_id"], account["account_name"]) for account in data.accounts)
    return {account_id: Markup(slug) for account_id, slug in slugs.items()}


def _usage_section(data: SiteData, account_id: str, health: dict[str, Any] | None) -> dict[str, Any]:
    usage = data.usage_by_account.get(account_id, [])[-TREND_MONTHS:]
    values = [
        {"month": row["month"], "measure": label, "users": row[field]}
        for row in chart_values(usage, ("month", "active_users", "licensed_seats"))
        for field, label in (("active_users", "Active users"), ("licensed_seats", "Licensed seats"))
        if row[field] is not None
    ]
    return {
        "chart_rows": values,
        "table": chart_values(usage, ("month", "active_users", "licensed_seats", "seat_utilization")),
        "drivers": data.sticky_drivers_by_account.get(account_id, []),
        "latest": usage[-1] if usage else None,
        "trend": None if health is None else health.get("active_users_trend_3_months"),
    }


def _contacts_section(contacts: list[Row], publish_emails: bool) -> dict[str, Any]:
    active = [contact for contact in contacts if contact["is_active"]]
    engaged = [contact for contact in active if contact["attended_in_window"]]
    high = set(vars_in_force().get("three_high_seniorities") or ["c_level", "vp", "director"])
    return {
        "active": active,
        "former_champions": [c for c in contacts if not c["is_active"] and c["is_champion"]],
        "levels": sorted({c["seniority"] for c in engaged if c["seniority"] in high}),
        "departments": sorted({c["department"] for c in engaged if c["department"]}),
        "champions": [c for c in active if c["is_champion"]],
        "publish_emails": publish_emails,
    }


def account_contexts(data: SiteData, *, publish_emails: bool = False) -> list[dict[str, Any]]:
    slugs = account_slugs(data)
    lxl_by_account = {
        line["account_id"]: lxl_line(line, data.risks_by_account.get(line["account_id"], []))
        for line in data.lxl
    }
    current_items = group_by_account([row for row in data.value_items if row["is_current_quarter"]])
    evangelists = group_by_account(data.evangelists)
    qbr_status = {row["account_id"]: row for row in data.qbr_status}
    reference_rows = {row["account_id"]: row for row in data.reference_matrix}
    retrospectives = {row["account_id"]: row for row in data.churn_retrospectives}
    csm_pages = csm_slugs(data)
    weights = weights_in_force(data)
    contexts = []
    for account in data.accounts:
        account_id = account["account_id"]
        history = data.mrr_history_by_account.get(account_id, [])
        health = health_section(data.health_by_account.get(account_id, []), weights)
        nps_answers = data.nps_by_account.get(account_id, [])
        contexts.append(
            {
                **account,
                "slug": slugs[account_id],
                "movements": [row for row in history if row["movement"] not in ("flat", "inactive")],
                "mrr_chart_values": chart_values(history, ("month", "mrr", "movement", "mrr_change")),
                "health": health,
                "usage": _usage_section(data, account_id, health),
                "nps_answers": nps_answers,
                "past_due": data.past_due_by_account.get(account_id, []),
                "contacts": _contacts_section(data.contacts_by_account.get(account_id, []), publish_emails),
                "renewal": data.renewal_by_account.get(account_id),
                "open_opportunities": data.open_opportunities_by_account.get(account_id, []),
                "lxl": lxl_by_account.get(account_id),
                "risks": risk_items(data.risks_by_account.get(account_id, [])),
                "forecast_categories": labels("renewal_forecast_categories"),
                "reference": reference_rows.get(account_id),
                **account_program_sections(data, account_id, current_items, evangelists, qbr_status),
                "benchmark": data.tier_benchmarks.get(account["tier"], dict.fromkeys(BENCHMARK_FIELDS)),
            }
        )
        contexts[-1]["summary"] = account_summary(
            contexts[-1], history, retrospectives.get(account_id), csm_pages.get(account["csm_user_id"])
        )
    return contexts


ABSENT_CHECKS = ("absent_table", "absent_column")


def _source_layouts(rows: list[Row]) -> list[dict[str, Any]]:
    """Per system: its layout, the mapping options in force and the tables read in that layout."""
    systems: dict[str, dict[str, Any]] = {}
    for row in rows:
        system = systems.setdefault(
            row["system"],
            {
                "system": row["system"],
                "layout": row["layout"],
                "mapping": sorted(json.loads(row["mapping"]).items()) if row["mapping"] else [],
                "tables": [],
            },
        )
        if row["source_table"]:
            system["tables"].append(row)
    return list(systems.values())


def _absent_columns_by_file(warnings: list[Finding]) -> list[dict[str, Any]]:
    by_file: dict[str, list[str]] = {}
    for finding in warnings:
        if finding.check == "absent_column" and finding.column:
            by_file.setdefault(finding.file, []).append(finding.column)
    return [{"file": file, "columns": columns} for file, columns in by_file.items()]


def data_quality_context(
    data: SiteData, dbt_target_dir: Path, report: ValidationReport | None = None
) -> dict[str, Any]:
    tests = test_results(dbt_target_dir)
    warnings = report.warnings if report else []
    return {
        "absent_tables": [f.file for f in warnings if f.check == "absent_table"],
        "absent_columns": _absent_columns_by_file(warnings),
        "extract_warnings": [f.as_row() for f in warnings if f.check not in ABSENT_CHECKS],
        "as_of_origin": report.settings.as_of_origin if report else None,
        "tests": tests,
        "test_counts": status_counts(tests),
        "unmatched_billing": data.unmatched_billing_customers,
        "unmatched_billing_arr": sum(
            float(row["current_arr"] or 0) for row in data.unmatched_billing_customers
        ),
        "unmatched_organizations": data.unmatched_support_organizations,
        "row_counts": data.extract_row_counts,
        "source_layouts": _source_layouts(data.source_layouts),
        "conventions_table": conventions(),
        "definitions": definitions(dbt_target_dir),
    }
