"""Deterministic sample extracts: every table of the data contract, with planted stories (see README.md).

    generate(Path("build/sample"), accounts=1000, seed=42)

Accounts are generated in fixed chunks, each from its own seeds, so the output depends only on
(accounts, seed, as_of) and never on how many processes wrote it; large samples use every core.
"""

from __future__ import annotations

import csv
import datetime as dt
import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from reports.contract import TABLES
from reports.sample.calendar import add_months, month_start
from reports.sample.plans import draw_plan
from reports.sample.stories import PLANTED_STORIES, Story
from reports.sample.tables import AccountRows, Company, empty_rows, fx_rates, unmatched_rows, users

__all__ = ["DEFAULT_AS_OF", "PLANTED_STORIES", "Story", "generate"]

DEFAULT_AS_OF = dt.date(2026, 10, 31)
CHUNK = 500
PARALLEL_FROM = 4000


def _write_rows(path: Path, rows: list[list[object]], header: tuple[str, ...] | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        if header:
            writer.writerow(header)
        writer.writerows(rows)


def _generate_chunk(task: tuple[int, int, int, Company, Path]) -> None:
    """Write accounts first..last (1-based, inclusive) as headerless part files in `parts`."""
    first, last, account_count, company, parts = task
    rows = empty_rows()
    for index in range(first, last + 1):
        plan = draw_plan(index, company.seed, company.history_start, company.as_of, account_count)
        AccountRows(plan, company, rows).emit()
    for table in TABLES:
        _write_rows(
            parts / f"{first:08d}" / f"{table.folder}__{table.name}.csv", rows.get(table.path, []), None
        )


def generate(
    out_dir: Path,
    accounts: int = 1000,
    seed: int = 42,
    as_of: dt.date | None = None,
    format: str = "csv",
) -> Path:
    """Write a sample extract of `accounts` CRM accounts into `out_dir` (replaced if it exists)."""
    if accounts < 1:
        raise ValueError("accounts must be at least 1")
    if format not in ("csv", "parquet"):
        raise ValueError(f"format must be csv or parquet, not {format!r}")
    as_of = as_of or DEFAULT_AS_OF
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    user_rows, staff = users(accounts)
    company = Company(
        as_of, add_months(month_start(as_of), -36), seed, staff.aes, staff.csms, staff.execs, staff.ceo
    )

    parts = out_dir / ".parts"
    tasks = [
        (first, min(first + CHUNK - 1, accounts), accounts, company, parts)
        for first in range(1, accounts + 1, CHUNK)
    ]
    if accounts >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(os.cpu_count(), mp_context=context) as pool:
            list(pool.map(_generate_chunk, tasks))
    else:
        for task in tasks:
            _generate_chunk(task)

    company_rows = empty_rows()
    company_rows["crm/users"] = user_rows
    company_rows["billing/fx_rates"] = fx_rates(company)
    unmatched_rows(company, company_rows)
    for table in TABLES:
        target = out_dir / table.folder / f"{table.name}.csv"
        _write_rows(target, company_rows.get(table.path, []), table.columns)
        with open(target, "ab") as handle:
            for first, *_ in tasks:
                with open(parts / f"{first:08d}" / f"{table.folder}__{table.name}.csv", "rb") as part:
                    shutil.copyfileobj(part, handle)
    shutil.rmtree(parts)
    (out_dir / "extract.yml").write_text(
        f"# Sample extract: {accounts} accounts, seed {seed} (python build.py sample)\n"
        f"as_of: {as_of.isoformat()}\nreporting_currency: USD\n",
        encoding="utf-8",
    )
    if format == "parquet":
        _convert_to_parquet(out_dir)
    return out_dir


def _convert_to_parquet(out_dir: Path) -> None:
    import duckdb

    con = duckdb.connect()
    for table in TABLES:
        source = out_dir / table.folder / f"{table.name}.csv"
        target = source.with_suffix(".parquet")
        quoted_source = str(source).replace("'", "''")
        quoted_target = str(target).replace("'", "''")
        con.execute(
            f"copy (select * from read_csv('{quoted_source}', header = true, all_varchar = true)) "
            f"to '{quoted_target}' (format parquet)"
        )
        source.unlink()
    con.close()
