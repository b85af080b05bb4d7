"""The block an account page opens with (`id="summary"`): what an executive needs before a call, from the
rows the page already has. A churned account says so first, with what was lost and why."""

from __future__ import annotations

from typing import Any

from reports.marts import Row

TREND_MONTHS = 3


def arr_trend(history: list[Row]) -> float | None:
    """ARR now minus ARR three months before (from the account's monthly MRR), or None without that
    history."""
    if len(history) <= TREND_MONTHS:
        return None
    now, before = history[-1]["mrr"], history[-1 - TREND_MONTHS]["mrr"]
    if now is None or before is None:
        return None
    return round((float(now) - float(before)) * 12, 2)


def account_summary(
    account: dict[str, Any],
    history: list[Row],
    retrospective: Row | None,
    csm_slug: str | None,
) -> dict[str, Any]:
    """The summary of one account page: ARR and its trend, health and what drags it down, the renewal,
    the open risks (the risk model), open tickets, the open renewal opportunity and the other open
    opportunities, the last QBR with its notes (where the next steps are written), the latest
    NPS comment, the owners and the customer's key contacts (champions and sponsors); for a churned
    account, the churn."""
    health = account.get("health") or {}
    renewal = account.get("renewal")
    qbrs = account.get("qbrs") or []
    answers = [answer for answer in account.get("nps_answers") or [] if answer.get("comment")]
    urgent = [risk for risk in account.get("risks") or [] if risk["code"] == "urgent_tickets_open"]
    churned = retrospective is not None and not account.get("current_mrr")
    return {
        "churn": retrospective if churned else None,
        "arr": account.get("current_arr"),
        "arr_trend": arr_trend(history),
        "health_band": health.get("health_band"),
        "health_score": health.get("health_score"),
        "drags": [drag["label"] for drag in (health.get("drags") or [])[:2]],
        "renewal_date": renewal["renewal_date"] if renewal else None,
        "days_to_renewal": renewal["days_to_renewal"] if renewal else None,
        "renewal_forecast": renewal["renewal_forecast_category"] if renewal else None,
        "renewal_amount": renewal.get("renewal_amount") if renewal else None,
        "renewal_currency": renewal.get("renewal_currency") if renewal else None,
        "risks": account.get("risks") or [],
        "open_tickets": health.get("open_tickets"),
        "urgent_open": urgent[0]["sentence"] if urgent else None,
        "last_qbr": qbrs[0] if qbrs else None,
        "key_contacts": [
            contact
            for contact in (account.get("contacts") or {}).get("active", [])
            if contact.get("is_champion") or contact.get("is_customer_sponsor")
        ],
        "open_opportunities": [
            opportunity
            for opportunity in account.get("open_opportunities") or []
            if opportunity["opportunity_type"] != "renewal"
        ],
        "latest_comment": answers[0] if answers else None,
        "csm_slug": csm_slug,
    }
