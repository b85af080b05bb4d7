"""Keeps the HTML of the per-account pages out of Markdown, and puts it back after MkDocs.

An account page is almost all HTML (tables, charts, lists) rendered by Jinja with autoescaping; Markdown
has nothing to do with it, yet MkDocs would parse every tag of it three times (its anchor check, the
Markdown HTML-block parser, the search indexer): that was most of a 10,000-account build. So the page
MkDocs sees is a stub, the page's headings (for the title, the table of contents and the search index)
with a placeholder comment where each HTML part goes; the parts wait in a side folder and replace the
placeholders in the built HTML. The site is the same as if MkDocs had copied the parts itself, and the
search index holds each account's name and sections rather than all its numbers.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

PLACEHOLDER = "<!--tenure-part-{}-->"
FILES_PER_TASK = 500


def split_page(text: str) -> tuple[str, list[str]]:
    """(Markdown stub, HTML parts): heading lines stay Markdown, every run of lines between them becomes a
    part. Untrusted text never starts a line with `#` (it is escaped), so headings are the template's."""
    stub: list[str] = []
    parts: list[str] = []
    current: list[str] = []

    def flush() -> None:
        html = "".join(current)
        current.clear()
        if html.strip():
            stub.append(f"\n{PLACEHOLDER.format(len(parts))}\n\n")
            parts.append(html)

    for line in text.splitlines(keepends=True):
        if line.startswith("#"):
            flush()
            stub.append(line if line.endswith("\n") else line + "\n")
        else:
            current.append(line)
    flush()
    return "".join(stub), parts


def write_split_page(docs_dir: Path, parts_dir: Path, relative_path: str, text: str) -> None:
    stub, parts = split_page(text)
    page = docs_dir / relative_path
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(stub, encoding="utf-8")
    side = parts_dir / (relative_path.removesuffix(".md") + ".json")
    side.parent.mkdir(parents=True, exist_ok=True)
    side.write_text(json.dumps(parts, ensure_ascii=False), encoding="utf-8")


def _inject(site_dir: Path, parts_dir: Path, side_files: Sequence[str]) -> int:
    for name in side_files:
        parts = json.loads((parts_dir / name).read_text(encoding="utf-8"))
        page = site_dir / (name.removesuffix(".json") + ".html")
        html = page.read_text(encoding="utf-8")
        for index, part in enumerate(parts):
            marker = PLACEHOLDER.format(index)
            if marker not in html:
                raise RuntimeError(f"{page}: MkDocs dropped the placeholder of part {index}")
            html = html.replace(marker, part, 1)
        page.write_text(html, encoding="utf-8")
    return len(side_files)


def inject_parts(site_dir: Path, parts_dir: Path, jobs: int) -> int:
    """Put every page's HTML parts back into its built page; returns the number of pages."""
    side_files = sorted(path.relative_to(parts_dir).as_posix() for path in parts_dir.rglob("*.json"))
    chunks = [
        side_files[start : start + FILES_PER_TASK] for start in range(0, len(side_files), FILES_PER_TASK)
    ]
    if jobs <= 1 or len(chunks) <= 1:
        return sum(_inject(site_dir, parts_dir, chunk) for chunk in chunks)
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        return sum(pool.map(_inject, [site_dir] * len(chunks), [parts_dir] * len(chunks), chunks))
