"""Chart kinds: each Vega-Lite spec is built once per build with Altair and filled with data in the page.

Building an Altair chart and validating it costs milliseconds; at thousands of accounts that is minutes.
Titles are the page's (the figure caption), not the spec's.
So a spec is built once per kind (with named data `values` and no data of its own), shipped in one
JavaScript file, and every page carries only its own rows (in a data attribute of the chart's figure, the
same rows the figure's table shows). `tenure-charts.js` joins the two in the browser.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

import altair as alt

DATA_NAME = "values"


def _data() -> alt.NamedData:
    return alt.NamedData(name=DATA_NAME)


def _account_mrr(currency: str) -> alt.Chart:
    return (
        alt.Chart(_data())
        .mark_bar()
        .encode(
            x=alt.X("month:T", timeUnit="utcyearmonth", title="Month"),
            y=alt.Y("mrr:Q", title=f"MRR ({currency})", axis=alt.Axis(format=",.0f")),
            tooltip=[
                alt.Tooltip("month:T", timeUnit="utcyearmonth", title="Month"),
                alt.Tooltip("mrr:Q", title=f"MRR ({currency})", format=",.2f"),
            ],
        )
        .properties(width="container", height=220)
    )


def _company_arr(currency: str) -> alt.Chart:
    return (
        alt.Chart(_data())
        .mark_area(line=True, opacity=0.35)
        .encode(
            x=alt.X("month:T", timeUnit="utcyearmonth", title="Month"),
            y=alt.Y("arr:Q", title=f"ARR ({currency})", axis=alt.Axis(format="~s")),
            tooltip=[
                alt.Tooltip("month:T", timeUnit="utcyearmonth", title="Month"),
                alt.Tooltip("arr:Q", title=f"ARR ({currency})", format=",.0f"),
                alt.Tooltip("active_accounts:Q", title="Paying accounts", format=","),
            ],
        )
        .properties(width="container", height=260)
    )


CHART_KINDS: dict[str, Callable[[str], alt.Chart]] = {
    "account_mrr": _account_mrr,
    "company_arr": _company_arr,
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
    if isinstance(value, float):
        return round(value, 2)
    if hasattr(value, "is_finite"):  # Decimal
        return round(float(value), 2)
    return value


def chart_values(rows: Iterable[dict[str, Any]], fields: Iterable[str]) -> list[dict[str, Any]]:
    """The rows a chart draws, reduced to its fields and to JSON-ready values."""
    wanted = list(fields)
    return [{name: _plain(row.get(name)) for name in wanted} for row in rows]
