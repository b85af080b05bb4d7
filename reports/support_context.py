"""The Support & NPS page: ticket trend, response times, top topics (deflection candidates), NPS trend, NPS
by segment and every verbatim comment of the last year."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reports.charts import chart_values
from reports.enumerations import labels
from reports.marts import SiteData, latest

TREND_MONTHS = 24
VERBATIM_MONTHS = 12


def support_page_context(data: SiteData, slugs: dict[str, str]) -> dict[str, Any]:
    support = data.support_monthly[-TREND_MONTHS:]
    nps = data.company_nps[-TREND_MONTHS:]
    as_of = data.company.as_of
    since = dt.datetime.combine(as_of - dt.timedelta(days=365), dt.time())
    verbatims = [
        {**row, "slug": slugs.get(row["account_id"])}
        for row in data.nps_responses
        if row["comment"] and row["responded_at"] is not None and row["responded_at"] >= since
    ]
    latest_nps = latest(nps)
    return {
        "ticket_values": chart_values(
            support, ("month", "tickets_created", "escalated_tickets", "escalated_share", "csat")
        ),
        "response_values": [
            {"month": value["month"], "measure": label, "hours": value[field]}
            for value in chart_values(
                support, ("month", "median_first_response_hours", "median_resolution_hours")
            )
            for field, label in (
                ("median_first_response_hours", "First response (median)"),
                ("median_resolution_hours", "Resolution (median)"),
            )
            if value[field] is not None
        ],
        "response_table": chart_values(
            support, ("month", "median_first_response_hours", "median_resolution_hours", "csat")
        ),
        "topics": data.support_topics[:15],
        "nps_values": chart_values(nps, ("month", "nps", "respondents", "response_rate")),
        "latest_nps": latest_nps,
        "segment_nps": [
            {"label": label, "rows": data.segment_nps.get(segment_type, [])}
            for segment_type, label in labels("segment_types").items()
            if segment_type != "company"
        ],
        "verbatims": verbatims,
        "verbatim_months": VERBATIM_MONTHS,
        "tickets_in_window": sum(int(row["tickets"]) for row in data.support_topics),
    }
