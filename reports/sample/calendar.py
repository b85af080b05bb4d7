"""Date helpers for the generator: months, business days, ISO text."""

from __future__ import annotations

import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def add_business_days(day: dt.date, days: int) -> dt.date:
    current = day
    while days > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def iso(day: dt.date | None) -> str:
    return "" if day is None else day.isoformat()


def timestamp(day: dt.date | None, minutes: int = 600) -> str:
    """An ISO 8601 UTC timestamp on `day`, `minutes` after midnight."""
    if day is None:
        return ""
    hours, minute = divmod(minutes % 1440, 60)
    return f"{day.isoformat()}T{hours:02d}:{minute:02d}:00Z"
