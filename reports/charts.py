"""Chart kinds: each Vega-Lite spec is built once per build with Altair and filled with data in the page.

Building an Altair chart and validating it costs milliseconds; at thousands of accounts that is minutes.
So a spec is built once per kind (with named data `values` and no data of its own), shipped in one
JavaScript file, and every page carries only its own rows (in a data attribute of the chart's figure, the
same rows the figure's table shows). `tenure-charts.js` joins the two in the browser. Titles are the
page's (the figure caption), not the spec's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import altair as alt

from reports.enumerations import colours
from reports.quality import vars_in_force

DATA_NAME = "values"

BRIDGE_MOVEMENTS = ("new", "reactivation", "expansion", "contraction", "churn")


def _data() -> alt.NamedData:
    return alt.NamedData(name=DATA_NAME)


def _month(title: str = "Month") -> alt.X:
    return alt.X("month:T", timeUnit="utcyearmonth", title=title)


def _month_tooltip() -> alt.Tooltip:
    return alt.Tooltip("month:T", timeUnit="utcyearmonth", title="Month")


def _movement_color(movements: Iterable[str]) -> alt.Color:
    domain = list(movements)
    return alt.Color(
        "movement:N",
        title="Movement",
        scale=alt.Scale(domain=domain, range=[colours("mrr_movements")[name] for name in domain]),
        legend=alt.Legend(orient="bottom"),
    )


def _account_mrr(currency: str) -> alt.TopLevelMixin:
    base = alt.Chart(_data())
    bars = base.mark_bar().encode(
        x=_month(),
        y=alt.Y("mrr:Q", title=f"MRR ({currency})", axis=alt.Axis(format=",.0f")),
        color=_movement_color(colours("mrr_movements")),
        tooltip=[
            _month_tooltip(),
            alt.Tooltip("mrr:Q", title=f"MRR ({currency})", format=",.2f"),
            alt.Tooltip("movement:N", title="Movement"),
            alt.Tooltip("mrr_change:Q", title=f"Change ({currency})", format="+,.2f"),
        ],
    )
    churn_marks = (
        base.transform_filter(alt.datum.movement == "churn")
        .mark_point(shape="triangle-down", size=90, filled=True, color=colours("mrr_movements")["churn"])
        .encode(
            x=_month(),
            y=alt.datum(0),
            tooltip=[_month_tooltip(), alt.Tooltip("mrr_change:Q", format="+,.2f")],
        )
    )
    return alt.layer(bars, churn_marks).properties(width="container", height=220)


def _company_arr(currency: str) -> alt.Chart:
    return (
        alt.Chart(_data())
        .mark_area(line=True, opacity=0.35)
        .encode(
            x=_month(),
            y=alt.Y("arr:Q", title=f"ARR ({currency})", axis=alt.Axis(format="~s")),
            tooltip=[
                _month_tooltip(),
                alt.Tooltip("arr:Q", title=f"ARR ({currency})", format=",.0f"),
                alt.Tooltip("active_accounts:Q", title="Paying accounts", format=","),
            ],
        )
        .properties(width="container", height=260)
    )


def _mrr_bridge(currency: str) -> alt.Chart:
    return (
        alt.Chart(_data())
        .mark_bar()
        .encode(
            x=_month(),
            y=alt.Y("amount:Q", title=f"MRR movement ({currency})", axis=alt.Axis(format="~s"), stack="zero"),
            color=_movement_color(BRIDGE_MOVEMENTS),
            order=alt.Order("order:Q"),
            tooltip=[
                _month_tooltip(),
                alt.Tooltip("movement:N", title="Movement"),
                alt.Tooltip("amount:Q", title=f"Amount ({currency})", format="+,.0f"),
                # Text, so a movement without an account count (expansion, contraction) shows "–", not null.
                alt.Tooltip("accounts_text:N", title="Accounts"),
            ],
        )
        .properties(width="container", height=280)
    )


def _rate_lines(height: int) -> alt.Chart:
    return (
        alt.Chart(_data())
        .mark_line(point=True)
        .encode(
            x=_month(),
            y=alt.Y("value:Q", title="Rate", axis=alt.Axis(format=".0%"), scale=alt.Scale(zero=False)),
            color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                _month_tooltip(),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("value:Q", format=".1%"),
            ],
        )
        .properties(width="container", height=height)
    )


def _retention_trend(currency: str) -> alt.Chart:
    return _rate_lines(260)


def _logo_churn(currency: str) -> alt.Chart:
    return (
        alt.Chart(_data())
        .mark_bar(color=colours("mrr_movements")["churn"])
        .encode(
            x=_month(),
            y=alt.Y("logo_churn_rate:Q", title="Logo churn rate", axis=alt.Axis(format=".1%")),
            tooltip=[
                _month_tooltip(),
                alt.Tooltip("logo_churn_rate:Q", title="Logo churn", format=".2%"),
                alt.Tooltip("churned_accounts:Q", title="Accounts churned", format=","),
                alt.Tooltip("starting_accounts:Q", title="Paying at start", format=","),
            ],
        )
        .properties(width="container", height=200)
    )


def _segment_retention(currency: str) -> alt.Chart:
    return (
        alt.Chart(_data())
        .mark_bar()
        .encode(
            y=alt.Y("segment:N", title=None, sort=None),
            x=alt.X("value:Q", title="Trailing-12-month rate", axis=alt.Axis(format=".0%")),
            yOffset=alt.YOffset("measure:N"),
            color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("segment:N", title="Segment"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("value:Q", format=".1%"),
            ],
        )
        .properties(width="container")
    )


def _cohort_heatmap(measure_title: str, domain_max: float) -> Callable[[str], alt.Chart]:
    def make(currency: str) -> alt.Chart:
        return (
            alt.Chart(_data())
            .mark_rect()
            .encode(
                # on a phone 60 ages share a few hundred pixels: labels that would overlap are dropped
                x=alt.X("age_months:O", title="Months since first revenue", axis=alt.Axis(labelOverlap=True)),
                y=alt.Y(
                    "cohort_label:O",
                    title="Cohort (first month with MRR) and its accounts",
                    sort="descending",
                    axis=alt.Axis(labelOverlap=False),
                ),
                color=alt.Color(
                    "value:Q",
                    title=measure_title,
                    scale=alt.Scale(scheme="blues", domain=[0, domain_max], clamp=True),
                    legend=alt.Legend(format=".0%"),
                ),
                tooltip=[
                    alt.Tooltip("cohort_month:O", title="Cohort"),
                    alt.Tooltip("age_months:O", title="Months since start"),
                    alt.Tooltip("value:Q", title=measure_title, format=".1%"),
                    alt.Tooltip("cohort_accounts:Q", title="Accounts in cohort", format=","),
                ],
            )
            # every cohort gets a readable row, however many there are
            .properties(width="container", height=alt.Step(14))
        )

    return make


def _band_color(field: str = "health_band") -> alt.Color:
    """The bands' colours of var health_bands, the same on every chart (a band without one gets Vega's)."""
    bands = {band["name"]: band.get("colour") for band in vars_in_force().get("health_bands") or []}
    colours = {name: colour for name, colour in bands.items() if colour}
    return alt.Color(
        f"{field}:N",
        title="Health band",
        scale=alt.Scale(domain=list(colours), range=list(colours.values())),
        legend=alt.Legend(orient="bottom"),
    )


def _health_trend(currency: str) -> alt.TopLevelMixin:
    base = alt.Chart(_data()).encode(
        x=_month(),
        y=alt.Y("health_score:Q", title="Health score (0–100)", scale=alt.Scale(domain=[0, 100])),
    )
    line = base.mark_line(color="#607d8b")
    points = base.mark_point(filled=True, size=60).encode(
        color=_band_color(),
        tooltip=[
            _month_tooltip(),
            alt.Tooltip("health_score:Q", title="Health score", format=".1f"),
            alt.Tooltip("health_band:N", title="Band"),
        ],
    )
    return alt.layer(line, points).properties(width="container", height=200)


def _measure_lines(
    field: str, title: str, number_format: str, height: int = 220
) -> Callable[[str], alt.Chart]:
    def make(currency: str) -> alt.Chart:
        return (
            alt.Chart(_data())
            .mark_line(point=True)
            .encode(
                x=_month(),
                y=alt.Y(f"{field}:Q", title=title, axis=alt.Axis(format=number_format)),
                color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom")),
                tooltip=[
                    _month_tooltip(),
                    alt.Tooltip("measure:N", title="Measure"),
                    alt.Tooltip(f"{field}:Q", title=title, format=number_format),
                ],
            )
            .properties(width="container", height=height)
        )

    return make


def _health_backtest(currency: str) -> alt.Chart:
    return (
        alt.Chart(_data())
        .mark_line(point=True)
        .encode(
            x=_month("Month the accounts were scored"),
            y=alt.Y(
                "churned_share:Q", title="Share churned in the following months", axis=alt.Axis(format=".0%")
            ),
            color=_band_color(),
            tooltip=[
                _month_tooltip(),
                alt.Tooltip("health_band:N", title="Band"),
                alt.Tooltip("churned_share:Q", title="Churned", format=".1%"),
                alt.Tooltip("contracted_share:Q", title="Contracted", format=".1%"),
                alt.Tooltip("accounts:Q", title="Accounts in band", format=","),
            ],
        )
        .properties(width="container", height=260)
    )


def _support_tickets(currency: str) -> alt.Chart:
    return (
        alt.Chart(_data())
        .mark_bar(color="#5c6bc0")
        .encode(
            x=_month(),
            y=alt.Y("tickets_created:Q", title="Tickets created"),
            tooltip=[
                _month_tooltip(),
                alt.Tooltip("tickets_created:Q", title="Tickets", format=","),
                alt.Tooltip("escalated_share:Q", title="High/urgent", format=".0%"),
                alt.Tooltip("csat:Q", title="CSAT", format=".0%"),
            ],
        )
        .properties(width="container", height=220)
    )


def _nps_trend(currency: str) -> alt.Chart:
    return (
        alt.Chart(_data())
        .mark_line(point=True, color="#00897b")
        .encode(
            x=_month(),
            y=alt.Y("nps:Q", title="NPS (−100 to 100)", scale=alt.Scale(domain=[-100, 100])),
            tooltip=[
                _month_tooltip(),
                alt.Tooltip("nps:Q", title="NPS", format=".0f"),
                alt.Tooltip("respondents:Q", title="Respondents", format=","),
                alt.Tooltip("response_rate:Q", title="Response rate", format=".0%"),
            ],
        )
        .properties(width="container", height=220)
    )


def _renewal_forecast(currency: str) -> alt.Chart:
    return (
        alt.Chart(_data())
        .mark_bar()
        .encode(
            x=_month("Renewal month"),
            y=alt.Y("arr:Q", title=f"ARR up for renewal ({currency})", axis=alt.Axis(format="~s")),
            color=alt.Color("category:N", title="Forecast category", legend=alt.Legend(orient="bottom")),
            tooltip=[
                _month_tooltip(),
                alt.Tooltip("category:N", title="Forecast category"),
                alt.Tooltip("arr:Q", title=f"ARR ({currency})", format=",.0f"),
            ],
        )
        .properties(width="container", height=260)
    )


def _reference_count(currency: str) -> alt.Chart:
    return (
        alt.Chart(_data())
        .mark_bar(color="#2e7d32")
        .encode(
            x=alt.X("quarter:O", title="Quarter end"),
            y=alt.Y(
                "referenceable_accounts:Q", title="Reference-able customers", axis=alt.Axis(tickMinStep=1)
            ),
            tooltip=[
                alt.Tooltip("quarter:O", title="Quarter"),
                alt.Tooltip("referenceable_accounts:Q", title="Reference-able"),
                alt.Tooltip("forecast_accounts:Q", title="Forecast (amber)"),
            ],
        )
        .properties(width="container", height=200)
    )


def _arr_waterfall(currency: str) -> alt.Chart:
    """A period's ARR bridge as a waterfall: the starting bar, each movement from where the last one ended,
    the ending bar."""
    colours_of = colours("mrr_movements")
    kinds = {"total": "#5c6bc0", "gain": colours_of["expansion"], "loss": colours_of["churn"]}
    return (
        alt.Chart(_data())
        .mark_bar()
        .encode(
            x=alt.X(
                "step:N",
                sort=alt.EncodingSortField(field="order", op="min"),
                title=None,
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("start:Q", title=f"ARR ({currency})", axis=alt.Axis(format="~s")),
            y2="end:Q",
            color=alt.Color(
                "kind:N", scale=alt.Scale(domain=list(kinds), range=list(kinds.values())), legend=None
            ),
            tooltip=[
                alt.Tooltip("step:N", title="Step"),
                alt.Tooltip("amount:Q", title=f"ARR ({currency})", format="+,.0f"),
            ],
        )
        .properties(width="container", height=260)
    )


def waterfall_values(period: dict[str, Any]) -> list[dict[str, Any]]:
    """The steps of one period's ARR bridge, each bar from where the one before ended."""
    steps = [
        ("new_arr", "New", 1),
        ("reactivation_arr", "Reactivation", 1),
        ("expansion_arr", "Expansion", 1),
        ("contraction_arr", "Contraction", -1),
        ("churn_arr", "Churn", -1),
    ]
    level = float(period["starting_arr"] or 0)
    values = [{"step": "Start", "order": 0, "start": 0.0, "end": level, "amount": level, "kind": "total"}]
    for order, (field, label, sign) in enumerate(steps, start=1):
        amount = sign * float(period[field] or 0)
        values.append(
            {
                "step": label,
                "order": order,
                "start": round(level, 2),
                "end": round(level + amount, 2),
                "amount": round(amount, 2),
                "kind": "gain" if sign > 0 else "loss",
            }
        )
        level += amount
    ending = float(period["ending_arr"] or 0)
    values.append(
        {
            "step": "End",
            "order": len(steps) + 1,
            "start": 0.0,
            "end": ending,
            "amount": ending,
            "kind": "total",
        }
    )
    return values


CHART_KINDS: dict[str, Callable[[str], alt.TopLevelMixin]] = {
    "arr_waterfall": _arr_waterfall,
    "account_mrr": _account_mrr,
    "company_arr": _company_arr,
    "mrr_bridge": _mrr_bridge,
    "retention_trend": _retention_trend,
    "logo_churn": _logo_churn,
    "segment_retention": _segment_retention,
    "cohort_logo": _cohort_heatmap("Logo retention", 1.0),
    "cohort_revenue": _cohort_heatmap("Net revenue retention", 1.5),
    "health_trend": _health_trend,
    "account_usage": _measure_lines("users", "Users", ",.0f", height=200),
    "response_times": _measure_lines("hours", "Hours", ",.1f"),
    "health_backtest": _health_backtest,
    "support_tickets": _support_tickets,
    "nps_trend": _nps_trend,
    "renewal_forecast": _renewal_forecast,
    "reference_count": _reference_count,
}


def build_chart_specs(currency: str) -> dict[str, dict[str, Any]]:
    """Every chart kind's Vega-Lite spec, validated once here and never again per chart."""
    specs = {name: make(currency).to_dict() for name, make in CHART_KINDS.items()}
    for spec in specs.values():
        spec.pop("$schema", None)  # a URL nobody fetches; the site carries no external address at all
    return specs


def specs_javascript(specs: dict[str, dict[str, Any]]) -> str:
    """The specs as a script (not JSON fetched at run time, so the site also works from file://)."""
    payload = json.dumps(specs, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return f"window.TENURE_CHART_SPECS = {payload};\n"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float | Decimal):
        return round(float(value), 4)
    return value


def chart_values(rows: Iterable[dict[str, Any]], fields: Iterable[str]) -> list[dict[str, Any]]:
    """The rows a chart draws, reduced to its fields and to JSON-ready values."""
    wanted = list(fields)
    return [{name: _plain(row.get(name)) for name in wanted} for row in rows]


def _count_text(value: Any) -> str:
    return "–" if value is None else f"{int(value):,}"


def bridge_values(bridge: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The company bridge in long form: one row per month and movement, losses negative."""
    counts = {"new": "new_accounts", "reactivation": "reactivated_accounts", "churn": "churned_accounts"}
    values = []
    for row in bridge:
        for order, movement in enumerate(BRIDGE_MOVEMENTS):
            amount = float(row[f"{movement}_mrr"] or 0)
            if movement in ("contraction", "churn"):
                amount = -amount
            values.append(
                {
                    "month": _plain(row["month"]),
                    "movement": movement,
                    "order": order,
                    "amount": round(amount, 2),
                    "accounts": row.get(counts.get(movement, ""), None),
                    "accounts_text": _count_text(row.get(counts.get(movement, ""), None)),
                }
            )
    return values


def rate_values(rows: Iterable[dict[str, Any]], measures: dict[str, str]) -> list[dict[str, Any]]:
    """Rates in long form (`measure`, `value`) for line charts; months without a value are left out."""
    values = []
    for row in rows:
        for field, label in measures.items():
            if row.get(field) is not None:
                values.append({"month": _plain(row["month"]), "measure": label, "value": _plain(row[field])})
    return values
