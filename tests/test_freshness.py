"""Source freshness: dbt's results read into the Data quality page's rows, and the build stopped on
error-level staleness when tenure.yml asks for it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reports.errors import TenureError
from reports.freshness import read_freshness, stop_on_stale


def _result(table: str, status: str, newest: str, warn: int | None, error: int | None) -> dict:
    criteria = {}
    if warn:
        criteria["warn_after"] = {"count": warn, "period": "day"}
    if error:
        criteria["error_after"] = {"count": error, "period": "day"}
    return {
        "unique_id": f"source.tenure.{table}",
        "status": status,
        "max_loaded_at": newest,
        "max_loaded_at_time_ago_in_s": 3 * 86400 + 5,
        "criteria": criteria,
    }


def test_freshness_rows_put_the_worst_first_count_days_to_the_extract_date_and_skip_absent_tables(
    tmp_path: Path,
):
    sources = tmp_path / "sources.json"
    sources.write_text(
        json.dumps(
            {
                "results": [
                    _result("crm.activities", "pass", "2026-10-30T10:00:00+00:00", 7, None),
                    _result("extract.metadata", "error", "2026-10-31T00:00:00+00:00", 2, 7),
                    _result("support.tickets", "warn", "2026-10-21T09:00:00+00:00", 1, None),
                    _result("surveys.nps", "warn", "0001-01-01T00:00:00+00:00", 30, None),
                ]
            }
        ),
        encoding="utf-8",
    )
    rows = read_freshness(sources, dt.date(2026, 10, 31), frozenset({"surveys/nps"}))
    assert [(row.table, row.status) for row in rows] == [
        ("extract.metadata", "error"),
        ("support.tickets", "warn"),
        ("crm.activities", "pass"),
        ("surveys.nps", "absent"),  # an optional table left out is not a stale sync
    ]
    assert [row.days_before_as_of for row in rows] == [0, 10, 1, None]
    assert (
        rows[0].warn_after == "2 days" and rows[0].error_after == "7 days" and rows[1].warn_after == "1 day"
    )
    assert rows[0].age_days == 3
    assert read_freshness(tmp_path / "missing.json", dt.date(2026, 10, 31)) == []
    with pytest.raises(
        TenureError, match=r"stale sources: extract.metadata \(newest record 2026-10-31, error after"
    ):
        stop_on_stale(rows)
    stop_on_stale(rows[1:])  # warnings never stop a build
