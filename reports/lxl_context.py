"""The Renewals & LxL page: the line-by-line review list per CSM, each line with the reasons it is on the
list in words, the renewals calendar and the renewal forecast."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from reports.charts import chart_values
from reports.enumerations import labels
from reports.formatting import countdown, iso_date, percent
from reports.marts import Row, SiteData
from reports.quality import vars_in_force
from reports.risk_context import risk_items


def _renewal_source(line: Row) -> str:
    return "open renewal" if line.get("renewal_date_source") == "open_renewal_opportunity" else "term end"


def renewal_sentence(line: Row) -> str:
    """When the account renews, and where the date comes from."""
    days = line.get("days_to_renewal")
    if days is not None and days < 0:
        return f"renewal overdue since {iso_date(line['renewal_date'])} ({_renewal_source(line)})"
    return f"renews {iso_date(line['renewal_date'])}, {countdown(days or 0)} ({_renewal_source(line)})"


def renewal_note(line: Row) -> str | None:
    """The countdown beside a renewal date that is shown anyway."""
    days = line.get("days_to_renewal")
    if days is None:
        return None
    return f"{countdown(days)} ({_renewal_source(line)})"


def expansion_sentence(line: Row) -> str:
    return (
        f"{line['health_band']}, {percent(line['seat_utilization'], decimals=0)} of seats in use, "
        f"NPS {float(line['nps']):.0f}"
    )


def lxl_line(line: Row, risks: list[Row]) -> dict[str, Any]:
    """An LxL line: its section, the renewal or expansion behind it and the account's open risks (the risk
    model's rows, `risks`), each phrased once (reports/risk_context.py)."""
    return {
        **line,
        "section_label": labels("lxl_sections").get(line["lxl_section"], line["lxl_section"]),
        "renewal_sentence": renewal_sentence(line) if line.get("is_renewal_due") else None,
        "renewal_note": renewal_note(line),
        "expansion_sentence": expansion_sentence(line) if line.get("is_expansion_candidate") else None,
        "risks": risk_items(risks),
    }


def renewals_page_context(data: SiteData, slugs: dict[str, str]) -> dict[str, Any]:
    sections = labels("lxl_sections")
    by_csm: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: {code: [] for code in sections})
    section_counts = dict.fromkeys(sections, 0)
    section_arr = dict.fromkeys(sections, 0.0)
    for line in data.lxl:
        item = lxl_line(line, data.risks_by_account.get(line["account_id"], []))
        item["slug"] = slugs.get(line["account_id"])
        by_csm[line["csm_name"]][line["lxl_section"]].append(item)
        section_counts[line["lxl_section"]] += 1
        section_arr[line["lxl_section"]] += float(line["current_arr"] or 0)
    names = {account["account_id"]: account for account in data.accounts}
    window = int(vars_in_force().get("lxl_renewal_window_days", 180))
    calendar = sorted(
        (
            {
                **renewal,
                "account_id": account_id,
                "account_name": names[account_id]["account_name"],
                "csm_name": names[account_id]["csm_name"],
                "slug": slugs.get(account_id),
            }
            for account_id, renewal in data.renewal_by_account.items()
            if account_id in names
            and renewal["days_to_renewal"] is not None
            and renewal["days_to_renewal"] <= window
        ),
        key=lambda row: (row["renewal_date"], row["account_name"], row["account_id"]),
    )
    forecast_values = [
        {
            "month": chart_values([row], ("renewal_month",))[0]["renewal_month"],
            "category": label,
            "arr": round(float(row[f"arr_{category}"] or 0), 2),
        }
        for row in data.renewal_forecast
        for category, label in labels("renewal_forecast_categories").items()
    ]
    return {
        "csm_sections": [
            {
                "csm_name": name,
                "sections": lists,
                "line_count": sum(len(lines) for lines in lists.values()),
                "arr": sum(float(line["current_arr"] or 0) for lines in lists.values() for line in lines),
            }
            for name, lists in sorted(by_csm.items(), key=lambda item: item[0].lower())
        ],
        "sections": sections,
        "section_counts": section_counts,
        "section_arr": section_arr,
        "lxl_risk_reasons": [
            labels("risk_reasons").get(code, code) for code in vars_in_force().get("lxl_risk_reasons") or []
        ],
        "line_count": len(data.lxl),
        "calendar": calendar,
        "renewal_window_days": window,
        "past_due_days": vars_in_force().get("lxl_past_due_days", 60),
        "expansion_min_seat_utilization": vars_in_force().get("expansion_min_seat_utilization", 0.9),
        "expansion_min_nps": vars_in_force().get("expansion_min_nps", 50),
        "forecast": data.renewal_forecast,
        "forecast_values": forecast_values,
        "forecast_categories": labels("renewal_forecast_categories"),
    }
