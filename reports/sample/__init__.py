"""Deterministic sample extracts: every table of the data contract, with planted stories (README.md).

    from reports.sample import generate
    generate(Path("build/sample"), accounts=1000, seed=42)

The output depends only on (accounts, seed, as_of): each account's rows come from generators seeded by
(seed, account number, table), and accounts are written in fixed chunks joined in order, so neither the
number of worker processes nor the size of the sample changes an account. Large samples use a process
pool (forkserver): a script calling `generate` needs the usual `if __name__ == "__main__":` guard.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from reports.contract import TABLES
from reports.sample.account import emit_account
from reports.sample.billing import fx_rates, unmatched_customers
from reports.sample.company import Company, build_company
from reports.sample.context import empty_rows
from reports.sample.fivetran import write_fivetran_layouts
from reports.sample.stories import PLANTED_STORIES, STORY_MIN_ACCOUNTS, Story
from reports.sample.support import unmatched_organizations
from reports.sample.writer import convert_to_parquet, join_parts, part_file, write_csv, write_metadata

__all__ = ["DEFAULT_AS_OF", "FORMATS", "PLANTED_STORIES", "STORY_MIN_ACCOUNTS", "Story", "generate"]

DEFAULT_AS_OF = dt.date(2026, 10, 31)  # fixed, so the demo site never changes with the calendar
FORMATS = ("csv", "parquet")
LAYOUTS = ("tenure", "fivetran")
CHUNK_ACCOUNTS = 500
PARALLEL_FROM_ACCOUNTS = 4000  # below this, starting workers costs more than it saves


def _write_chunk(task: tuple[int, int, Company, bool, Path]) -> None:
    """Write accounts first..last (1-based, inclusive) as headerless part files of chunk `first`."""
    first, last, company, stories, parts_dir = task
    rows = empty_rows()
    for index in range(first, last + 1):
        emit_account(index, company, stories, rows)
    for table in TABLES:
        write_csv(part_file(parts_dir, first, table), rows.get(table.path, []))


def generate(
    out_dir: Path,
    accounts: int = 1000,
    seed: int = 42,
    as_of: dt.date | None = None,
    format: str = "csv",
    layout: str = "tenure",
    *,
    workers: int | None = None,
) -> Path:
    """Write a sample extract of `accounts` CRM accounts into `out_dir` (replaced if it exists) and
    return `out_dir`. `as_of` defaults to DEFAULT_AS_OF; `format` is csv or parquet; `layout` is tenure (the
    data contract) or fivetran (crm, billing and support as Fivetran syncs Salesforce, Stripe and Zendesk);
    `workers` (default: every core for large samples, else 1) never changes the output."""
    if accounts < 1:
        raise ValueError("accounts must be at least 1")
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    as_of = as_of or DEFAULT_AS_OF
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    company, user_rows = build_company(accounts, seed, as_of)
    stories = accounts >= STORY_MIN_ACCOUNTS

    parts_dir = out_dir / ".parts"
    tasks = [
        (first, min(first + CHUNK_ACCOUNTS - 1, accounts), company, stories, parts_dir)
        for first in range(1, accounts + 1, CHUNK_ACCOUNTS)
    ]
    if workers is None:
        workers = (os.cpu_count() or 1) if accounts >= PARALLEL_FROM_ACCOUNTS else 1
    workers = max(1, min(workers, len(tasks)))
    if workers > 1:
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            list(pool.map(_write_chunk, tasks))
    else:
        for task in tasks:
            _write_chunk(task)

    head_rows = empty_rows()
    head_rows["crm/users"] = user_rows
    head_rows["billing/fx_rates"] = fx_rates(company)
    unmatched_customers(company, head_rows)
    unmatched_organizations(company, head_rows)
    join_parts(out_dir, parts_dir, [task[0] for task in tasks], head_rows)
    shutil.rmtree(parts_dir)
    write_metadata(out_dir, as_of, accounts, seed)
    if layout == "fivetran":
        write_fivetran_layouts(out_dir)
    if format == "parquet":
        convert_to_parquet(out_dir)
    return out_dir
