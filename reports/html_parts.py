"""Keeps the pages' HTML out of Markdown, and puts it back after MkDocs.

The pages are mostly HTML (tables, charts, lists) rendered by Jinja with autoescaping; Markdown has
nothing to do with it, yet MkDocs would parse every tag of it three times (its anchor check, the Markdown
HTML-block parser, the search indexer): that was most of a 10,000-account build. So the page MkDocs sees
is a stub with a placeholder comment where each HTML part goes; the parts wait in a side folder and
replace the placeholders in the built HTML. The site is the same as if MkDocs had copied the parts itself
(a test builds both ways and compares), and the search index holds each page's headings and prose rather
than every number of its tables.

- Account pages and QBR briefs are all HTML under their headings: everything but the heading lines is a
  part (`split_page`).
- Overview pages mix Markdown prose with HTML blocks: each top-level HTML block becomes a part
  (`split_html_blocks`).

`TENURE_HTML_PARTS=0` writes whole pages for MkDocs instead (slow; the reference the test compares with).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from reports.page_shells import Shell, fill_shell, html_path

PLACEHOLDER = "<!--tenure-part-{}-->"
_PLACEHOLDERS = re.compile(r"<!--tenure-part-(\d+)-->")
FILES_PER_TASK = 500
ENABLED = os.environ.get("TENURE_HTML_PARTS", "1") != "0"
# Tags that open an HTML block in Markdown (Python-Markdown passes the block through untouched).
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
_BLOCK_START = re.compile(r"<(table|div|ul|ol|dl|details|figure|section|p)[\s>]")


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


def split_html_blocks(text: str) -> tuple[str, list[str]]:
    """(Markdown, HTML parts) of a page that mixes prose and HTML: a part is a run of lines from one that
    opens a block-level tag, after a blank line, to the next blank or heading line, when the run's last
    line closes that tag (so Markdown would have passed it through as one raw block). Prose stays
    Markdown. Untrusted text never starts a line with `#` or `<` (it is escaped)."""
    lines = text.splitlines(keepends=True)
    stub: list[str] = []
    parts: list[str] = []
    index, previous_blank = 0, True
    while index < len(lines):
        line = lines[index]
        opening = _BLOCK_START.match(line) if previous_blank else None
        if opening:
            end = index
            while end + 1 < len(lines) and lines[end + 1].strip() and not lines[end + 1].startswith("#"):
                end += 1
            if lines[end].rstrip().endswith(f"</{opening.group(1)}>"):
                parts.append("".join(lines[index : end + 1]))
                stub.append(f"{PLACEHOLDER.format(len(parts) - 1)}\n")
                index, previous_blank = end + 1, False
                continue
        stub.append(line)
        previous_blank = not line.strip()
        index += 1
    return "".join(stub), parts


def write_page_parts(
    docs_dir: Path, parts_dir: Path, relative_path: str, stub: str, parts: list[str]
) -> None:
    page = docs_dir / relative_path
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(stub, encoding="utf-8")
    if parts:
        side = parts_dir / (relative_path.removesuffix(".md") + ".json")
        side.parent.mkdir(parents=True, exist_ok=True)
        side.write_text(json.dumps(parts, ensure_ascii=False), encoding="utf-8")


def write_split_page(docs_dir: Path, parts_dir: Path, relative_path: str, text: str) -> None:
    """An account page or brief: headings for MkDocs, the rest as parts."""
    stub, parts = split_page(text) if ENABLED else (text, [])
    write_page_parts(docs_dir, parts_dir, relative_path, stub, parts)


def write_page_with_blocks(docs_dir: Path, parts_dir: Path, relative_path: str, text: str) -> None:
    """An overview page: prose for MkDocs, its HTML blocks as parts."""
    stub, parts = split_html_blocks(text) if ENABLED else (text, [])
    write_page_parts(docs_dir, parts_dir, relative_path, stub, parts)


def fill_placeholders(text: str, parts: list[str], where: Path | str) -> str:
    """Put each part in its placeholder, in one pass over the text (an overview page at 50,000 accounts
    has thousands of parts: a search and replace per part was quadratic). Every placeholder must be
    there exactly once."""
    found = sorted(int(index) for index in _PLACEHOLDERS.findall(text))
    if found != list(range(len(parts))):
        raise RuntimeError(f"{where}: MkDocs dropped or repeated the placeholders of its HTML parts")
    return _PLACEHOLDERS.sub(lambda match: parts[int(match.group(1))], text)


def as_markdown_writes_it(part: str) -> str:
    """The part as Python-Markdown writes raw HTML blocks: trimmed, one blank line between blocks."""
    return _BLANK_LINES.sub("\n\n", part.strip("\n"))


def _inject(
    site_dir: Path,
    parts_dir: Path,
    pages: Sequence[str],
    shells: dict[str, Shell],
    shell_html: dict[str, str],
) -> int:
    for page in pages:
        target = site_dir / html_path(page)
        shell = shells.get(page)
        if shell:
            html = fill_shell(shell_html[shell.representative], shell)
        else:
            html = target.read_text(encoding="utf-8")
        side = parts_dir / (page.removesuffix(".md") + ".json")
        parts = json.loads(side.read_text(encoding="utf-8")) if side.exists() else []
        if parts:
            html = fill_placeholders(html, [as_markdown_writes_it(part) for part in parts], target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    return len(pages)


def inject_parts(
    site_dir: Path,
    parts_dir: Path,
    jobs: int,
    shells: dict[str, Shell] | None = None,
) -> int:
    """Write every page that has HTML parts or is built from a shell (see page_shells) into the built
    site; returns the number of pages."""
    shells = shells or {}
    with_parts = {
        path.relative_to(parts_dir).as_posix().removesuffix(".json") + ".md"
        for path in parts_dir.rglob("*.json")
    }
    pages = sorted(with_parts | set(shells))
    # Read before any page is rewritten: a representative is also a page that gets its parts.
    shell_html = {
        shell.representative: (site_dir / html_path(shell.representative)).read_text(encoding="utf-8")
        for shell in shells.values()
    }
    chunks = [pages[start : start + FILES_PER_TASK] for start in range(0, len(pages), FILES_PER_TASK)]
    tasks = [
        (
            site_dir,
            parts_dir,
            chunk,
            {page: shells[page] for page in chunk if page in shells},
            {
                rep: shell_html[rep]
                for rep in {shells[page].representative for page in chunk if page in shells}
            },
        )
        for chunk in chunks
    ]
    if jobs <= 1 or len(chunks) <= 1:
        return sum(_inject(*task) for task in tasks)
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        return sum(pool.map(_inject, *zip(*tasks, strict=True)))
