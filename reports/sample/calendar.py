"""Date helpers for the generator: months, quarters, business days and the contract's text forms.

Called hundreds of thousands of times for a large sample, so they take the fast path for the common case.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import cache

EPOCH = dt.date(2000, 1, 1)
MINUTES_PER_DAY = 1440


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (clamped to the month's last day)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    if day.day <= 28:
        return dt.date(year, month, day.day)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from the month of `start` to the month of `end`."""
    return (end.year - start.year) * 12 + end.month - start.month


def add_business_days(day: dt.date, days: int) -> dt.date:
    """`days` working days (Monday to Friday) after `day`."""
    current = day
    while days > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def quarter_of(day: dt.date) -> str:
    """The contract's quarter label, e.g. `2026-Q3`."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def iso(day: dt.date | None) -> str:
    """A date as YYYY-MM-DD; None as the empty cell (NULL)."""
    return "" if day is None else day.isoformat()


def timestamp(day: dt.date | None, minutes: int = 600) -> str:
    """An ISO 8601 UTC timestamp on `day`, `minutes` after midnight (10:00 by default)."""
    if day is None:
        return ""
    hours, minute = divmod(minutes % 1440, 60)
    return f"{day.isoformat()}T{hours:02d}:{minute:02d}:00Z"


def instant(value: dt.datetime | None) -> str:
    """A naive UTC datetime as an ISO 8601 timestamp to the second, e.g. `2025-03-04T10:15:00Z`."""
    return "" if value is None else value.isoformat(timespec="seconds") + "Z"


def minute_of(day: dt.date) -> int:
    """Minutes from EPOCH to midnight (UTC) at the start of `day`: cheap arithmetic for busy tables."""
    return (day - EPOCH).days * MINUTES_PER_DAY


@cache
def _day_text(days: int) -> str:
    return (EPOCH + dt.timedelta(days=days)).isoformat()


def minute_stamp(minutes: int | None) -> str:
    """Minutes from EPOCH as an ISO 8601 UTC timestamp, e.g. `2025-03-04T10:15:00Z`; None as empty."""
    if minutes is None:
        return ""
    days, rest = divmod(minutes, MINUTES_PER_DAY)
    return f"{_day_text(days)}T{rest // 60:02d}:{rest % 60:02d}:00Z"
