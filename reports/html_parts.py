"""Keeps the overview pages' HTML out of Markdown, and puts it back through a MkDocs hook.

The overview pages mix Markdown prose with HTML blocks rendered by Jinja with autoescaping (tables,
charts, lists); Markdown has nothing to do with those, yet MkDocs would parse every tag of them three times
(its anchor check, the Markdown HTML-block parser, the search indexer): at 50,000 accounts the accounts
table alone has 50,000 rows. So the page MkDocs reads has a placeholder comment where each top-level HTML
block goes (`split_html_blocks`); the blocks wait in the `parts` folder beside the docs folder, and the
hook in reports/mkdocs_hooks.py puts them back into the page's content after the search plugin has indexed
its headings and prose.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

PLACEHOLDER = "<!--tenure-part-{}-->"
_PLACEHOLDERS = re.compile(r"<!--tenure-part-(\d+)-->")
PARTS_DIRNAME = "parts"
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
# Tags that open an HTML block in Markdown (Python-Markdown passes the block through untouched).
_BLOCK_START = re.compile(r"<(table|div|ul|ol|dl|details|figure|section|p)[\s>]")


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


def write_page_with_blocks(docs_dir: Path, parts_dir: Path, relative_path: str, text: str) -> None:
    """An overview page: prose for MkDocs, its HTML blocks as parts."""
    stub, parts = split_html_blocks(text)
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
