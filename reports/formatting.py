"""How numbers, money, rates and dates look on the site (Jinja filters)."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$"}


def money(value: float | None, currency: str = "USD", *, decimals: int = 0) -> Markup:
    """`$1,234,567` in the reporting currency; a dash for missing values. An amount never breaks across
    lines: a word joiner holds the minus to the symbol, a no-break space the number to its currency code."""
    if value is None:
        return Markup("–")
    symbol = CURRENCY_SYMBOLS.get(currency)
    sign = "−\u2060" if value < 0 else ""
    number = f"{abs(value):,.{decimals}f}"
    text = f"{sign}{symbol}{number}" if symbol else f"{sign}{number}\u00a0{currency}"
    return Markup(text)


def compact_money(value: float | None, currency: str = "USD") -> Markup:
    """`$12.3M`, `$450K`: for headline figures."""
    if value is None:
        return Markup("–")
    for threshold, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= threshold:
            scaled = value / threshold
            digits = 1 if abs(scaled) < 100 else 0
            symbol = CURRENCY_SYMBOLS.get(currency, "")
            text = f"{'−' if value < 0 else ''}{symbol}{abs(scaled):,.{digits}f}{suffix}"
            if not symbol:
                text += f" {currency}"
            return Markup(text)
    return money(value, currency)


def percent(value: float | None, *, decimals: int = 1) -> Markup:
    """A rate (0.953) as `95.3%`."""
    if value is None:
        return Markup("–")
    return Markup(f"{value * 100:.{decimals}f}%")


def integer(value: int | float | None) -> Markup:
    if value is None:
        return Markup("–")
    return Markup(f"{value:,.0f}")


def count_of(value: float | None, one: str, many: str) -> str:
    """`1 ticket`, `3 tickets`, `−2 days`: a count with its noun in the right number."""
    number = int(value or 0)
    return f"{number:,} {one if abs(number) == 1 else many}"


def iso_date(value: dt.date | dt.datetime | None) -> Markup:
    if value is None:
        return Markup("–")
    if isinstance(value, dt.datetime):
        value = value.date()
    return Markup(value.isoformat())


def iso_date_html(value: dt.date | dt.datetime | None) -> Markup:
    """A date on a page: kept on one line (a narrow table column must not break it at its hyphens)."""
    if value is None:
        return Markup("–")
    return Markup('<span class="tenure-date">{}</span>').format(iso_date(value))


def month_label(value: dt.date | str | None) -> Markup:
    """`Mar 2026`, from a date or an ISO date string (chart rows carry strings)."""
    if value is None:
        return Markup("–")
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return Markup(value.strftime("%b %Y"))


def quarter_label(value: dt.date | str | None) -> Markup:
    """`2026 Q4`, from the quarter's first day."""
    if value is None:
        return Markup("–")
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return Markup(f"{value.year} Q{(value.month - 1) // 3 + 1}")


def enum_label(value: str | None) -> str:
    """`in_progress` -> `in progress`: an enumeration value as a person reads it. Returns a plain string, so
    autoescape still applies (an unknown value comes from the extract)."""
    return "" if value is None else str(value).replace("_", " ")


def countdown(days: int) -> str:
    """Days to a date in words: `in 3 days`, `today`, `overdue by 2 days` once it has passed."""
    if days == 0:
        return "today"
    if days < 0:
        return f"overdue by {count_of(-days, 'day', 'days')}"
    return f"in {count_of(days, 'day', 'days')}"


FILTERS = {
    "money": money,
    "compact_money": compact_money,
    "percent": percent,
    "integer": integer,
    "count_of": count_of,
    "countdown": countdown,
    "iso_date": iso_date_html,
    "month_label": month_label,
    "quarter_label": quarter_label,
    "enum_label": enum_label,
}
