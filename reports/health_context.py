"""The health score on the site: each component with its weight, score and the signal behind it, what drags
an account's score down, and the Health page (band mix and the backtest)."""

from __future__ import annotations

from typing import Any

from reports.charts import chart_values
from reports.enumerations import labels
from reports.formatting import percent
from reports.marts import Row, SiteData
from reports.quality import vars_in_force

TREND_MONTHS = 24


def drag_below() -> float:
    """A component scoring below the best band's minimum (green, by default 75) drags the score down."""
    bands = vars_in_force().get("health_bands") or []
    return max((float(band["min_score"]) for band in bands), default=75.0)


def weights_in_force(data: SiteData) -> dict[str, float]:
    """The weight of each component in the set the score uses (marts.fct_health_weights), in seed order."""
    weights = {
        row["component"]: float(row["weight"] or 0) for row in data.health_weights if row["is_in_force"]
    }
    return {name: weights.get(name, 0.0) for name in labels("health_components")}


def band_names() -> list[str]:
    """Band names from the best to the worst (var health_bands)."""
    bands = sorted(vars_in_force().get("health_bands") or [], key=lambda band: -float(band["min_score"]))
    return [str(band["name"]) for band in bands]


def _number(value: Any, digits: int = 0) -> str:
    return "–" if value is None else f"{float(value):,.{digits}f}"


def component_evidence(name: str, row: Row) -> str:
    """The signal behind a component's score, in words (numbers only; names are added by templates)."""
    if name == "adoption":
        if row.get("seat_utilization") is None:
            return "no recent usage data"
        text = (
            f"{percent(row['seat_utilization'], decimals=0)} of {_number(row['licensed_seats'])} seats active"
        )
        if row.get("sticky_drivers_measured"):
            met, measured = row["sticky_drivers_met"], row["sticky_drivers_measured"]
            text += f"; {met} of {measured} sticky drivers reached"
        return text
    if name == "relationship":
        if not row.get("active_contacts"):
            return "no active contact"
        champion = "champion present" if row["has_champion"] else "no champion"
        if row.get("has_champion_loss"):
            champion = "champion lost"
        conventions = vars_in_force()
        return (
            f"{row['engaged_high_levels']} of {conventions.get('relationship_target_levels')} levels high, "
            f"{row['engaged_departments']} of {conventions.get('relationship_target_departments')} "
            f"departments wide met in {conventions.get('relationship_window_days')} days; {champion}"
        )
    if name == "support":
        if not row.get("tickets_created"):
            return f"no ticket in {vars_in_force().get('support_window_days')} days"
        parts = [f"{row['tickets_created']} tickets in {vars_in_force().get('support_window_days')} days"]
        if row.get("escalated_share") is not None:
            parts.append(f"{percent(row['escalated_share'], decimals=0)} high/urgent")
        if row.get("csat") is not None:
            parts.append(f"CSAT {percent(row['csat'], decimals=0)}")
        if row.get("median_first_response_hours") is not None:
            parts.append(f"first response {_number(row['median_first_response_hours'], 1)} h (median)")
        return ", ".join(parts)
    if name == "sentiment":
        if row.get("nps") is None:
            return "no NPS answer in 12 months"
        return f"NPS {_number(row['nps'])} from {row['nps_respondents']} respondents"
    if name == "value_delivered":
        if not row.get("value_items_due"):
            return "no value-plan item due in 12 months"
        return f"{row['value_items_achieved']} of {row['value_items_due']} value-plan items due achieved"
    if name == "payments":
        if not row.get("invoices_issued"):
            return "no invoice yet"
        if not row.get("past_due_invoices"):
            return "nothing past due"
        return f"{row['past_due_invoices']} invoices past due, the worst {row['worst_days_past_due']} days"
    raise ValueError(name)


def health_section(history: list[Row], weights: dict[str, float]) -> dict[str, Any] | None:
    """The account page's health: the current score, its components (`weights`: the set in force, see
    weights_in_force), what drags it down, the trend."""
    if not history or not history[-1]["is_as_of_month"]:
        return None
    current = history[-1]
    components = [
        {
            "name": name,
            "label": label,
            "weight": weights[name],
            "score": current[f"{name}_score"],
            "evidence": component_evidence(name, current),
        }
        for name, label in labels("health_components").items()
        if weights[name] > 0
    ]
    with_data = [c for c in components if c["score"] is not None]
    three_months_ago = history[-4] if len(history) >= 4 else None
    return {
        "drag_below": drag_below(),
        **current,
        "components": components,
        "missing": [c for c in components if c["score"] is None],
        "drags": sorted(
            (c for c in with_data if float(c["score"]) < drag_below()), key=lambda c: float(c["score"])
        ),
        "change_3_months": (
            None
            if three_months_ago is None
            or three_months_ago["health_score"] is None
            or current["health_score"] is None
            else round(float(current["health_score"]) - float(three_months_ago["health_score"]), 1)
        ),
        "trend_values": chart_values(
            history[-TREND_MONTHS:], ("month", "health_score", "health_band", "arr")
        ),
    }


def health_page_context(data: SiteData) -> dict[str, Any]:
    """Band mix now (accounts and ARR), the weights, and the backtest: does the score predict churn or
    contraction, how well does each component alone rank churn, and would fitted weights do better?"""
    bands = band_names()
    order = {band: index for index, band in enumerate(bands)}
    mix = [
        {"band": row["health_band"], "accounts": int(row["accounts"]), "arr": float(row["arr"])}
        for row in data.health_band_mix
    ]
    in_force = [row for row in data.health_backtest if row["is_in_force"]]
    overall = sorted(
        (row for row in in_force if row["month"] is None),
        key=lambda row: order.get(row["health_band"], len(order)),
    )
    by_month = [row for row in in_force if row["month"] is not None]
    scores = {
        row["predictor"]: row for row in data.health_predictive_power if row["predictor_kind"] == "score"
    }
    component_power = [row for row in data.health_predictive_power if row["predictor_kind"] == "component"]
    weights = weights_in_force(data)
    component_labels = labels("health_components")
    fitted = scores.get("fitted")
    return {
        "band_mix": mix,
        "bands": bands,
        "best_band": bands[0] if bands else None,
        "worst_band": bands[-1] if bands else None,
        "backtest_overall": overall,
        "backtest_values": chart_values(
            by_month[-TREND_MONTHS * len(bands) :],
            ("month", "health_band", "accounts", "churned_share", "contracted_share"),
        ),
        "backtest_months": vars_in_force().get("health_backtest_months", 6),
        "score_power": [scores[name] for name in ("configured", "fitted") if name in scores],
        "score_in_force": next((row for row in scores.values() if row["is_in_force"]), None),
        "fitted_available": any(row["fitted_weight"] is not None for row in component_power),
        "fitted_score": fitted,
        "component_power": [
            {**row, "label": component_labels.get(row["predictor"], row["predictor"])}
            for row in component_power
        ],
        "verdict_labels": labels("health_backtest_verdicts"),
        "weight_set_in_force": next(
            (row["weight_set"] for row in data.health_weights if row["is_in_force"]), "configured"
        ),
        "components": [
            {"name": name, "label": label, "weight": weights[name]}
            for name, label in component_labels.items()
        ],
        "health_bands_config": vars_in_force().get("health_bands") or [],
    }
