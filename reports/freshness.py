"""Source freshness: `dbt source freshness` (thresholds in the sources YAML: `freshness` and `loaded_at_field`
of each table) run after `dbt build`, its results (dbt's target/sources.json) read into rows the Data quality
page lists; `build.fail_on_stale_sources` in tenure.yml stops the build on error-level staleness.

dbt judges each table against the clock when it runs. The page shows dbt's verdict and the newest record;
the age it prints is counted to the build time (SOURCE_DATE_EPOCH when set), so the same inputs give the
same page.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from reports.errors import TenureError


@dataclass(frozen=True)
class SourceFreshness:
    table: str  # source.table, e.g. support.tickets
    status: str  # pass, warn, error or runtime error (dbt's words); absent: an optional table not extracted
    newest: dt.datetime | None  # the newest loaded_at_field value
    days_before_as_of: int | None  # whole days from the newest record to the extract's as_of
    age_days: int | None  # whole days from the newest record to when dbt ran (for the build's output)
    warn_after: str  # e.g. "14 days" ('' when none)
    error_after: str


def _threshold(criteria: dict, level: str) -> str:
    rule = criteria.get(level) or {}
    count, period = rule.get("count"), rule.get("period")
    if not count or not period:
        return ""
    return f"{count} {period}{'s' if count != 1 else ''}"


def read_freshness(
    sources_json: Path, as_of: dt.date, absent_tables: frozenset[str] = frozenset()
) -> list[SourceFreshness]:
    """The tables with a freshness rule, worst first (error, warn, pass), then by name. An optional table the
    extract left out (`absent_tables`, e.g. surveys/nps) is `absent`: dbt sees an empty table and calls it
    stale since the year 1, which is not news about a sync."""
    if not sources_json.is_file():
        return []
    results = json.loads(sources_json.read_text(encoding="utf-8")).get("results") or []
    rows = []
    for result in results:
        unique_id = str(result.get("unique_id", ""))
        table = ".".join(unique_id.split(".")[-2:])
        if table.replace(".", "/") in absent_tables:
            rows.append(SourceFreshness(table, "absent", None, None, None, "", ""))
            continue
        newest_text = result.get("max_loaded_at")
        newest = dt.datetime.fromisoformat(newest_text).replace(tzinfo=None) if newest_text else None
        before = None if newest is None else (as_of - newest.date()).days
        seconds = result.get("max_loaded_at_time_ago_in_s")
        age = None if seconds is None else int(float(seconds) // 86400)
        criteria = result.get("criteria") or {}
        rows.append(
            SourceFreshness(
                table=table,
                status=str(result.get("status", "")),
                newest=newest,
                days_before_as_of=before,
                age_days=age,
                warn_after=_threshold(criteria, "warn_after"),
                error_after=_threshold(criteria, "error_after"),
            )
        )
    order = {"runtime error": 0, "error": 1, "warn": 2, "pass": 3, "absent": 4}
    return sorted(rows, key=lambda row: (order.get(row.status, 0), row.table))


def stop_on_stale(rows: list[SourceFreshness]) -> None:
    """Raise naming every table past its error threshold (when the config asks for it)."""
    stale = [row for row in rows if row.status in ("error", "runtime error")]
    if stale:
        described = ", ".join(
            f"{row.table} (newest record {row.newest:%Y-%m-%d}, error after {row.error_after})"
            if row.newest is not None
            else f"{row.table} ({row.status})"
            for row in stale
        )
        raise TenureError(
            f"stale sources: {described}; fix the extract's sync, or set build.fail_on_stale_sources: false "
            "in tenure.yml to build anyway"
        )
