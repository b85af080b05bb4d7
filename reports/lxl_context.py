"""The Renewals & LxL page: the line-by-line review list per CSM, each line with the reasons it is on the
list in words, the renewals calendar and the renewal forecast."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from reports.charts import chart_values
from reports.enumerations import labels
from reports.formatting import count_of, iso_date, money, percent
from reports.marts import Row, SiteData
from reports.quality import vars_in_force
from reports.risk_context import risk_items


def reason_sentence(reason: str, line: Row, currency: str) -> str:
    """Why a line is on the list, with the fact to discuss (numbers and dates only)."""
    if reason == "renewal_due":
        days = line.get("days_to_renewal")
        opportunity = line.get("renewal_date_source") == "open_renewal_opportunity"
        source = "open renewal" if opportunity else "term end"
        if days is not None and days < 0:
            return f"Renewal overdue since {iso_date(line['renewal_date'])} ({source})"
        return f"Renews {iso_date(line['renewal_date'])}, in {count_of(days, 'day', 'days')} ({source})"
    if reason == "red_health":
        return f"Health {line['health_score']} ({line['health_band']})"
    if reason == "champion_loss":
        return f"Champion left {iso_date(line['champion_left_at'])}, no champion since"
    if reason == "invoices_past_due":
        return (
            f"{line['past_due_invoices']} invoices past due ({money(line['past_due_amount'], currency)}), "
            f"the oldest {line['worst_days_past_due']} days"
        )
    if reason == "expansion_candidate":
        return (
            f"Green, {percent(line['seat_utilization'], decimals=0)} of seats in use, "
            f"NPS {float(line['nps']):.0f}"
        )
    raise ValueError(reason)


def lxl_line(line: Row, currency: str) -> dict[str, Any]:
    reason_labels = labels("lxl_reasons")
    reasons = [reason for reason in reason_labels if line.get(f"is_{reason}")]
    return {
        **line,
        "reason_items": [
            {
                "code": reason,
                "label": reason_labels[reason],
                "sentence": reason_sentence(reason, line, currency),
            }
            for reason in reasons
        ],
    }


def renewals_page_context(data: SiteData, slugs: dict[str, str]) -> dict[str, Any]:
    currency = data.company.reporting_currency
    by_csm: dict[str, list[dict[str, Any]]] = defaultdict(list)
    reason_counts = dict.fromkeys(labels("lxl_reasons"), 0)
    for line in data.lxl:
        item = lxl_line(line, currency)
        item["slug"] = slugs.get(line["account_id"])
        item["risks"] = risk_items(data.risks_by_account.get(line["account_id"], []))
        by_csm[line["csm_name"]].append(item)
        for reason in item["reason_items"]:
            reason_counts[reason["code"]] += 1
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
            {"csm_name": name, "lines": lines, "arr": sum(float(line["current_arr"] or 0) for line in lines)}
            for name, lines in sorted(by_csm.items(), key=lambda item: item[0].lower())
        ],
        "reasons": labels("lxl_reasons"),
        "reason_counts": reason_counts,
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
