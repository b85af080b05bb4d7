"""Reads the retention marts out of the DuckDB file, each in one query for all accounts.

This is the only module that knows mart names and columns; everything after it works on plain Python data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from reports.errors import TenureError

Row = dict[str, Any]


@dataclass(frozen=True)
class CompanySummary:
    as_of: dt.date
    reporting_currency: str
    mrr: float
    arr: float
    active_customer_count: int
    crm_account_count: int


@dataclass
class SiteData:
    """Everything the pages need, loaded once."""

    company: CompanySummary
    accounts: list[Row]
    mrr_history_by_account: dict[str, list[Row]] = field(default_factory=dict)
    company_mrr_history: list[Row] = field(default_factory=list)


def _fetch(con: duckdb.DuckDBPyConnection, sql: str) -> list[Row]:
    cursor = con.execute(sql)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def load_site_data(duckdb_path: Path) -> SiteData:
    try:
        con = duckdb.connect(str(duckdb_path), read_only=True)
    except duckdb.Error as error:
        raise TenureError(f"cannot open the marts database {duckdb_path}: {error}") from error
    try:
        summary = _fetch(con, "select * from marts.rpt_company_summary")[0]
        company = CompanySummary(
            as_of=summary["as_of"],
            reporting_currency=summary["reporting_currency"],
            mrr=float(summary["mrr"] or 0),
            arr=float(summary["arr"] or 0),
            active_customer_count=int(summary["active_customer_count"] or 0),
            crm_account_count=int(summary["crm_account_count"] or 0),
        )
        accounts = _fetch(con, "select * from marts.dim_accounts order by account_name, account_id")
        history: dict[str, list[Row]] = defaultdict(list)
        for row in _fetch(
            con,
            """
            select account_id, month, mrr
            from marts.fct_account_mrr_monthly
            where not is_unmatched_billing
            order by account_id, month
            """,
        ):
            history[row.pop("account_id")].append(row)
        company_history = _fetch(
            con,
            """
            select month, sum(mrr) as mrr, sum(arr) as arr, count(*) filter (where mrr > 0) as active_accounts
            from marts.fct_account_mrr_monthly
            group by month
            order by month
            """,
        )
    except duckdb.Error as error:
        raise TenureError(f"the marts are not what the site expects: {error}") from error
    finally:
        con.close()
    return SiteData(company, accounts, dict(history), company_history)
