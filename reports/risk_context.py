"""An account's open risks, from the one risk model (marts.fct_account_risks), in words: each reason's label
(seeds/enumerations/risk_reasons.csv) and the fact behind it. The account page, the QBR brief, the LxL and
the CSM pages all show these, so every page lists the same risks."""

from __future__ import annotations

from reports.enumerations import labels
from reports.formatting import count_of, iso_date
from reports.marts import Row


def risk_sentence(row: Row) -> str:
    """The fact behind a risk (numbers, dates and names come from the mart; the words are layout)."""
    reason, value, date, text = (
        row["risk_reason"],
        row["measure_value"],
        row["measure_date"],
        row["measure_text"],
    )
    if reason == "red_health":
        return f"health {float(value):.0f}, {text} band"
    if reason == "declining_health":
        return f"health down {abs(float(value)):.0f} points ({text} now)"
    if reason == "champion_loss":
        return f"champion left {iso_date(date)}, no champion since"
    if reason == "invoices_past_due":
        return f"the oldest invoice {count_of(value, 'day', 'days')} past due"
    if reason == "urgent_tickets_open":
        return f"{count_of(value, 'urgent ticket', 'urgent tickets')} open, the oldest since {iso_date(date)}"
    if reason == "detractor":
        return f"a contact's latest NPS answer is {float(value):.0f}"
    if reason == "active_competitor":
        return f"{text}, last named {iso_date(date)}"
    if reason == "stalled_value_items":
        items = count_of(value, "item", "items")
        return f"{items} past due and not achieved, the oldest due {iso_date(date)}"
    if reason == "sponsor_gap":
        return labels("sponsor_gaps").get(text or "", text or "")
    if reason == "qbr_overdue":
        last = f"last QBR {iso_date(date)}" if date else "no QBR held yet"
        return f"none last quarter nor this one ({last})"
    if reason == "ceo_visit_missing":
        return "no CEO visit in the last 12 months"
    return ""


def risk_items(rows: list[Row]) -> list[dict[str, str]]:
    """The account's risks in the model's order: code, label and sentence."""
    names = labels("risk_reasons")
    return [
        {
            "code": row["risk_reason"],
            "label": names.get(str(row["risk_reason"]), str(row["risk_reason"])),
            "sentence": risk_sentence(row),
        }
        for row in sorted(rows, key=lambda row: row["reason_order"])
    ]
