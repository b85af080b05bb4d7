"""Pages there is one of per account (account pages and QBR briefs), dressed in the theme without MkDocs
building each of them.

An account page is HTML under a few headings; MkDocs would spend some 7 ms on each (a Markdown instance,
the table of contents, the theme's template): most of a 10,000-account build. So Tenure renders each page's
body itself (`EntityPage`), and MkDocs, through the documented hook in `reports/mkdocs_hooks.py`, renders
the theme's own `main.html` once per *shape* (folder and table of contents), with a title and a body that
are markers. Every page is then its shape's HTML with its own title and body in place of the markers
(`fill_entity_pages`), and its headings join the search index as Material's would.

The markers are Tenure's own strings, never the theme's markup, so a new Material release that changes its
templates changes every page the same way and breaks nothing here.
"""

from __future__ import annotations

import hashlib
import html
import json
import multiprocessing
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown.extensions.toc import slugify, unique
from markupsafe import Markup

# Where the rendered bodies and the theme's shells wait, beside the docs folder MkDocs reads.
ENTITIES_DIRNAME = "entities"
SHELLS_DIRNAME = "shells"
SHAPES_FILE = "shapes.json"
SEARCH_FILE = "search_entries.json"
# Every per-entity page's h1 has this id (the skip link points at it), so that pages differ only in
# their title and body; section ids can never take it (`unique` below).
TITLE_ID = "page-title"
# Markers the theme writes like any text: lowercase letters and dashes pass every Jinja filter unchanged.
TITLE_MARKER = "tenure-entity-title-marker"
BODY_MARKER = "tenure-entity-body-marker"
_MARKERS = re.compile(f"({TITLE_MARKER}|{BODY_MARKER})")
# The permalink after a heading, as Python-Markdown's toc extension writes it with mkdocs.yml's
# `permalink: true` (tests/test_reliability.py checks the pages match what MkDocs would build).
HEADERLINK = '<a class="headerlink" href="#{0}" title="Permanent link">&para;</a>'
_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t#]*$")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
_TAGS = re.compile(r"<[^>]*>")
FILES_PER_TASK = 500


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    name: str  # as HTML


@dataclass(frozen=True)
class EntityPage:
    """One per-entity page: where it goes, its title (HTML), its section headings and its body (HTML,
    headings included, the h1 excepted: the shell holds it)."""

    path: str  # e.g. accounts/acme.html
    title: str
    sections: tuple[Heading, ...]
    body: str

    @property
    def folder(self) -> str:
        return self.path.rpartition("/")[0]

    @property
    def shape(self) -> str:
        """What the theme's HTML of the page depends on besides title and body: its folder (relative
        links) and its table of contents."""
        key = json.dumps([self.folder, [[h.level, h.id, h.name] for h in self.sections]])
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    def toc_tokens(self, title: str = TITLE_MARKER) -> list[dict[str, Any]]:
        """The table of contents as Python-Markdown's toc extension gives it to MkDocs (`get_toc`)."""
        root: dict[str, Any] = {"level": 1, "id": TITLE_ID, "name": title, "children": []}
        stack = [root]
        for heading in self.sections:
            token = {"level": heading.level, "id": heading.id, "name": heading.name, "children": []}
            while len(stack) > 1 and stack[-1]["level"] >= heading.level:
                stack.pop()
            stack[-1]["children"].append(token)
            stack.append(token)
        return [root]

    def search_entries(self) -> list[dict[str, str]]:
        """The page's entries in Material's search index: its title and each section heading, as text
        escaped the way Material's indexer escapes it (tables and figures are not indexed)."""
        entries = [{"location": self.path, "title": _search_text(self.title), "text": ""}]
        entries += [
            {"location": f"{self.path}#{h.id}", "title": _search_text(h.name), "text": ""}
            for h in self.sections
        ]
        return entries


def _plain_text(fragment: str) -> str:
    return html.unescape(_TAGS.sub("", fragment)).strip()


def _search_text(fragment: str) -> str:
    return html.escape(_plain_text(fragment), quote=False)


def _as_written(block: str) -> str:
    """A run of HTML, trimmed, with one blank line between its blocks (as Markdown writes raw HTML)."""
    return _BLANK_LINES.sub("\n\n", block.strip("\n"))


def entity_page(path: str, text: str) -> EntityPage:
    """The page of a rendered template whose lines are HTML but for `#` heading lines (the template's:
    untrusted text is escaped and never starts a line with `#`). The first heading is the title."""
    title = ""
    sections: list[Heading] = []
    out: list[str] = []
    used = {TITLE_ID}
    block: list[str] = []

    def flush() -> None:
        written = _as_written("".join(block))
        block.clear()
        if written.strip():
            out.append(written)

    for line in text.splitlines(keepends=True):
        match = _HEADING.match(line.rstrip("\n"))
        if not match:
            block.append(line)
            continue
        flush()
        level, name = len(match.group(1)), match.group(2)
        if level == 1 and not title and not sections:
            title = name
            continue
        anchor = unique(slugify(_plain_text(name), "-") or "section", used)
        sections.append(Heading(level, anchor, name))
        # A blank line before each heading, as Markdown writes a heading after a raw HTML block.
        gap = "\n" if out else ""
        out.append(f'{gap}<h{level} id="{anchor}">{name}{HEADERLINK.format(anchor)}</h{level}>')
    flush()
    if not title:
        raise ValueError(f"{path}: the page has no `# title` line")
    return EntityPage(path, title, tuple(sections), "\n".join(out))


def write_entity_page(entities_dir: Path, page: EntityPage) -> None:
    target = entities_dir / (page.path.removesuffix(".html") + ".json")
    target.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "path": page.path,
        "title": page.title,
        "sections": [[h.level, h.id, h.name] for h in page.sections],
        "body": page.body,
    }
    target.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def read_entity_page(source: Path) -> EntityPage:
    record = json.loads(source.read_text(encoding="utf-8"))
    sections = tuple(Heading(*heading) for heading in record["sections"])
    return EntityPage(record["path"], record["title"], sections, record["body"])


def write_shapes(entities_dir: Path, pages: Iterable[EntityPage]) -> int:
    """One representative page per shape, for the MkDocs hook to dress; returns the number of shapes."""
    shapes: dict[str, EntityPage] = {}
    for page in pages:
        shapes.setdefault(page.shape, page)
    entities_dir.mkdir(parents=True, exist_ok=True)
    listed = [
        {"shape": shape, "path": page.path, "toc": page.toc_tokens()}
        for shape, page in sorted(shapes.items())
    ]
    (entities_dir / SHAPES_FILE).write_text(json.dumps(listed, ensure_ascii=False), encoding="utf-8")
    return len(listed)


def write_search_entries(entities_dir: Path, entries: list[dict[str, str]]) -> None:
    """The pages' search entries, for the MkDocs hook to add to the index before the theme's offline plugin
    copies the index into search/search_index.js (search from file://)."""
    entities_dir.mkdir(parents=True, exist_ok=True)
    (entities_dir / SEARCH_FILE).write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")


def read_search_entries(entities_dir: Path) -> list[dict[str, str]]:
    path = entities_dir / SEARCH_FILE
    if not path.exists():
        return []
    entries: list[dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return entries


def read_shapes(entities_dir: Path) -> list[dict[str, Any]]:
    shapes_file = entities_dir / SHAPES_FILE
    if not shapes_file.exists():
        return []
    shapes: list[dict[str, Any]] = json.loads(shapes_file.read_text(encoding="utf-8"))
    return shapes


def dress(shell: str, page: EntityPage) -> str:
    """The shell with the page's title and body in place of the markers, in one pass (so a title that
    spells a marker is never expanded again). A shell without the body marker is an error, not an empty
    page."""
    pieces = _MARKERS.split(shell)
    if BODY_MARKER not in pieces[1::2]:
        raise RuntimeError(f"{page.path}: the theme's page for its shape has no body marker")
    # The <title> element holds `page.title | striptags | e` (site_templates/overrides/main.html); the
    # theme writes page.title itself everywhere after it, as MkDocs would.
    title_end = shell.find("</title>")
    in_head = Markup.escape(Markup(page.title).striptags())
    written, out = 0, []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            out.append(piece)
        elif piece == BODY_MARKER:
            out.append(page.body)
        else:
            out.append(in_head if written < title_end else page.title)
        written += len(piece)
    return "".join(out)


def _dress_chunk(site_dir: Path, shells_dir: Path, sources: Sequence[Path]) -> int:
    shells: dict[str, str] = {}
    for source in sources:
        page = read_entity_page(source)
        if page.shape not in shells:
            shells[page.shape] = (shells_dir / f"{page.shape}.html").read_text(encoding="utf-8")
        target = site_dir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dress(shells[page.shape], page), encoding="utf-8")
    return len(sources)


def fill_entity_pages(site_dir: Path, entities_dir: Path, shells_dir: Path, jobs: int) -> int:
    """Write every per-entity page into the built site (their search entries are already in the index:
    reports/mkdocs_hooks.py); returns the number of pages."""
    sources = sorted(
        (path for path in entities_dir.rglob("*.json") if path.name not in (SHAPES_FILE, SEARCH_FILE)),
        key=lambda path: path.relative_to(entities_dir).as_posix(),
    )
    chunks = [sources[start : start + FILES_PER_TASK] for start in range(0, len(sources), FILES_PER_TASK)]
    if jobs <= 1 or len(chunks) <= 1:
        return sum(_dress_chunk(site_dir, shells_dir, chunk) for chunk in chunks)
    # forkserver, not fork: forking a process that has loaded DuckDB and vl-convert can deadlock.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        return sum(pool.map(_dress_chunk, [site_dir] * len(chunks), [shells_dir] * len(chunks), chunks))
