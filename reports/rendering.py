"""Renders the Markdown pages of the site from the Jinja templates in site_templates/pages.

Autoescaping is on for every template and every `{{ value }}` passes through `escape_untrusted`, so text
from the extracts can never become HTML or Markdown syntax. Account pages are rendered in parallel, in
chunks, by worker processes that each build their Jinja environment once.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from reports.definitions import definition_link
from reports.entity_pages import (
    EntityPage,
    entity_page,
    write_entity_page,
    write_search_entries,
    write_shapes,
)
from reports.escaping import escape_untrusted
from reports.formatting import FILTERS
from reports.html_parts import write_page_with_blocks
from reports.paths import SITE_TEMPLATES
from reports.progress import Counter, StageLog

PAGE_TEMPLATES = SITE_TEMPLATES / "pages"
ACCOUNTS_PER_TASK = 250
# Below this many accounts, starting worker processes costs more than it saves.
PARALLEL_FROM = 400


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def make_environment(page_globals: dict[str, Any]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(PAGE_TEMPLATES),
        autoescape=True,
        finalize=escape_untrusted,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    # define('nrr') links a figure or a header to its entry on the Definitions page (reports/definitions.py).
    env.globals["define"] = partial(definition_link, page_globals.get("definitions", {}))
    # `tojson` (chart rows in data attributes) writes dates as ISO strings and decimals as numbers.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": _json_default}
    env.globals.update(page_globals)
    return env


def write_page(docs_dir: Path, relative_path: str, text: str) -> None:
    target = docs_dir / relative_path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def render_page(
    env: jinja2.Environment,
    template: str,
    docs_dir: Path,
    parts_dir: Path,
    relative_path: str,
    **context: Any,
) -> None:
    """An overview page: its prose goes to MkDocs, its HTML blocks wait in `parts_dir` (see html_parts)."""
    write_page_with_blocks(docs_dir, parts_dir, relative_path, env.get_template(template).render(**context))


# --- account pages, in worker processes -------------------------------------------------------------

_worker_env: jinja2.Environment | None = None
_worker_entities_dir: Path | None = None


def _init_worker(page_globals: dict[str, Any], entities_dir: Path) -> None:
    global _worker_env, _worker_entities_dir
    _worker_env = make_environment(page_globals)
    _worker_entities_dir = entities_dir


def _render_account_chunk(
    accounts: Sequence[dict[str, Any]],
) -> tuple[dict[str, EntityPage], list[dict[str, str]]]:
    """Render and write the pages of `accounts`; returns one page of each shape among them, and the
    pages' search entries."""
    assert _worker_env and _worker_entities_dir, "worker not initialised"
    template = _worker_env.get_template("account.md.j2")
    brief = _worker_env.get_template("brief.md.j2")
    shapes: dict[str, EntityPage] = {}
    entries: list[dict[str, str]] = []
    for account in accounts:
        slug = account["slug"]
        pages = [entity_page(f"accounts/{slug}.html", template.render(account=account))]
        if has_qbr_brief(account):
            pages.append(entity_page(f"briefs/{slug}.html", brief.render(account=account)))
        for page in pages:
            write_entity_page(_worker_entities_dir, page)
            shapes.setdefault(page.shape, page)
            entries += page.search_entries()
    return shapes, entries


def has_qbr_brief(account: dict[str, Any]) -> bool:
    """Accounts whose tier owes QBRs get a printable QBR brief next to their page."""
    status = account.get("qbr_status")
    return bool(status and status["is_qbr_required"])


def render_account_pages(
    accounts: Sequence[dict[str, Any]],
    entities_dir: Path,
    page_globals: dict[str, Any],
    jobs: int,
    log: StageLog,
) -> int:
    """One page per account at `accounts/<slug>.html` (and its QBR brief at `briefs/<slug>.html`), on
    `jobs` processes, written to `entities_dir` to be dressed in the theme after MkDocs (see
    entity_pages); returns the number of page shapes."""
    counter = Counter(log, "account pages", len(accounts))
    chunks = [
        accounts[start : start + ACCOUNTS_PER_TASK] for start in range(0, len(accounts), ACCOUNTS_PER_TASK)
    ]
    shapes: dict[str, EntityPage] = {}
    entries: list[dict[str, str]] = []
    if jobs <= 1 or len(accounts) < PARALLEL_FROM:
        _init_worker(page_globals, entities_dir)
        for chunk in chunks:
            found, chunk_entries = _render_account_chunk(chunk)
            shapes = {**found, **shapes}
            entries += chunk_entries
            counter.advance(len(chunk))
    else:
        # forkserver, not fork: forking a process that has loaded DuckDB and vl-convert can deadlock.
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_init_worker, initargs=(page_globals, entities_dir)
        ) as pool:
            for chunk, (found, chunk_entries) in zip(
                chunks, pool.map(_render_account_chunk, chunks), strict=True
            ):
                shapes = {**found, **shapes}
                entries += chunk_entries
                counter.advance(len(chunk))
    # In page order, as one MkDocs build would list them.
    write_search_entries(entities_dir, sorted(entries, key=lambda entry: entry["location"].split("#")[0]))
    return write_shapes(entities_dir, shapes.values())
