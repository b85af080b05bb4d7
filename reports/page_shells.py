"""Account pages and QBR briefs that MkDocs builds once per shape rather than once per account.

After html_parts, the page MkDocs sees for an account is its `# Name` line, then section headings and
placeholders; every account with the same sections has the same stub but for that first line. MkDocs
and Material still spend some 7 ms on each (a Markdown instance, the table of contents, the theme's
template): most of a 10,000-account build. So MkDocs builds one page of each shape, the representative,
and every other page of the shape is the representative's HTML with what comes from its first line put
in: the `<title>`, the header's topic, the skip link and the `<h1>`, each computed with the code MkDocs
and Material use (Python-Markdown with the site's extensions, MkDocs' title extraction and URL filter,
Material's escaping and search parser). Its search entries are the representative's with its own title
and address. A test builds the site with and without this step and compares every byte.

`TENURE_PAGE_SHELLS=0` lets MkDocs build every page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import markdown
from markupsafe import Markup, escape
from material.plugins.search.plugin import Parser
from mkdocs.structure.pages import _ExtractTitleTreeprocessor
from mkdocs.utils import normalize_url

from reports.mkdocs_site import sort_search_index

ENABLED = os.environ.get("TENURE_PAGE_SHELLS", "1") != "0"
# The Markdown extensions MkDocs always adds before the configured ones (MkDocsConfig.markdown_extensions).
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
_ID_SUFFIX = re.compile(r"_\d+$")


@dataclass(frozen=True)
class Heading:
    """What a page's first line becomes in its built HTML."""

    h1: str  # the <h1> element as Markdown writes it
    anchor: str  # its id
    title: str  # MkDocs' page.title


@dataclass(frozen=True)
class Shell:
    """A page built from a representative: the representative's path and both pages' headings."""

    representative: str  # .md path, built by MkDocs
    representative_heading: Heading
    heading: Heading


class HeadingRenderer:
    """Renders a page's `# ...` line as MkDocs does, with the site's Markdown extensions."""

    def __init__(self, markdown_extensions: list[Any]) -> None:
        names, configs = list(MKDOCS_BUILTIN_EXTENSIONS), {}
        for item in markdown_extensions:
            if isinstance(item, dict):
                ((name, options),) = item.items()
                configs[name] = options or {}
            else:
                name = item
            if name not in names:
                names.append(name)
        self._md = markdown.Markdown(extensions=names, extension_configs=configs)
        self._title = _ExtractTitleTreeprocessor()
        self._title._register(self._md)

    def ids(self, text: str) -> list[str]:
        """The ids Markdown gives the headings of `text` on their own."""
        self._md.reset()
        self._md.convert(text)
        found: list[str] = []
        todo = list(self._md.toc_tokens)  # type: ignore[attr-defined]
        while todo:
            token = todo.pop(0)
            found.append(token["id"])
            todo[:0] = token["children"]
        return found

    def heading(self, first_line: str) -> Heading | None:
        self._md.reset()
        self._title.title = None
        html = self._md.convert(first_line)
        match = re.fullmatch(r'<h1 id="([^"]*)">.*</h1>', html, flags=re.DOTALL)
        if not match or self._title.title is None:
            return None
        return Heading(html, match.group(1), self._title.title)


def _collides(anchor: str, section_ids: set[str]) -> bool:
    """Whether the h1's id would change the ids Markdown gives the sections (it makes them unique)."""
    bases = {_ID_SUFFIX.sub("", section_id) for section_id in section_ids}
    return anchor in section_ids or _ID_SUFFIX.sub("", anchor) in bases


def set_aside_lookalikes(docs_dir: Path, pages: list[str], renderer: HeadingRenderer) -> dict[str, Shell]:
    """Leave in `docs_dir` one page per shape (same folder, same stub after the first line) and every
    page whose heading would not fit a shell; move the others aside. Returns the pages moved."""
    representatives: dict[tuple[str, str], tuple[str, Heading]] = {}
    section_ids: dict[str, set[str]] = {}
    shells: dict[str, Shell] = {}
    for page in pages:
        path = docs_dir / page
        first_line, _, rest = path.read_text(encoding="utf-8").partition("\n")
        if not first_line.startswith("# "):
            continue
        if rest not in section_ids:
            section_ids[rest] = set(renderer.ids(rest))
        heading = renderer.heading(first_line)
        if heading is None or _collides(heading.anchor, section_ids[rest]):
            continue  # MkDocs builds it as it is
        shape = (page.rsplit("/", 1)[0], rest)
        if shape not in representatives:
            representatives[shape] = (page, heading)
            continue
        shells[page] = Shell(*representatives[shape], heading)
        aside = aside_dir(docs_dir) / page
        aside.parent.mkdir(parents=True, exist_ok=True)
        path.replace(aside)
    return shells


def aside_dir(docs_dir: Path) -> Path:
    """Where the stubs MkDocs does not build wait (for a person, or a benchmark, to look at)."""
    return docs_dir.parent / "shelled"


def html_path(page: str) -> str:
    return page.removesuffix(".md") + ".html"


# MkDocs' theme environment does not autoescape: Material writes page.title (already HTML) as it is, and
# the site's main.html escapes the <title> itself.
def _title_tag(title: str) -> str:
    return f"<title>{escape(Markup(title).striptags())} - "


def _skip_link(anchor: str, page: str) -> str:
    url = normalize_url(f"#{anchor}", page=SimpleNamespace(url=html_path(page)))  # type: ignore[arg-type]
    return f'href="{url}" class="md-skip"'


def _replace_once(text: str, old: str, new: str, what: str) -> str:
    if old not in text:
        raise RuntimeError(f"page shell: {what} not found in the representative page")
    return text.replace(old, new, 1)


def fill_shell(shell_html: str, shell: Shell) -> str:
    """The representative's built HTML with this page's heading in place of its own."""
    theirs, own, page = shell.representative_heading, shell.heading, shell.representative
    before, found, after = shell_html.partition(theirs.h1)
    if not found:
        raise RuntimeError(f"page shell: the h1 of {page} is not in its built page")
    before = _replace_once(before, _title_tag(theirs.title), _title_tag(own.title), "<title>")
    # The skip link is relative to the page's address, which is the same folder for both pages.
    before = _replace_once(before, _skip_link(theirs.anchor, page), _skip_link(own.anchor, page), "skip link")
    topic_at = before.index('data-md-component="header-topic"')
    topic = _replace_once(before[topic_at:], theirs.title, own.title, "header topic")
    return before[:topic_at] + topic + own.h1 + after


def search_title(heading: Heading) -> str:
    """The title Material's search index gives the page's first section."""
    parser = Parser()
    parser.feed(heading.h1)
    parser.close()
    return "".join(parser.data[0].title).strip()


def add_search_entries(index: dict[str, Any], shells: dict[str, Shell], order: dict[str, int]) -> None:
    """Give every shelled page the representative's search entries, with its own address and title, and
    put the index in MkDocs' build order."""
    entries_of: dict[str, list[dict[str, Any]]] = {}
    for entry in index["docs"]:
        entries_of.setdefault(entry["location"].split("#")[0], []).append(entry)
    for page, shell in shells.items():
        source, target = html_path(shell.representative), html_path(page)
        for entry in entries_of.get(source, []):
            location = target + entry["location"][len(source) :]
            title = search_title(shell.heading) if location == target else entry["title"]
            index["docs"].append({**entry, "location": location, "title": title})
    sort_search_index(index, order)


@dataclass
class ShellPlan:
    """Which pages are built from which representative, and what adding them back needs."""

    order: dict[str, int] = field(default_factory=dict)
    shells: dict[str, Shell] = field(default_factory=dict)

    def add_to_search_index(self, site_dir: Path) -> None:
        if not self.shells:
            return
        index_file = site_dir / "search" / "search_index.json"
        index = json.loads(index_file.read_text(encoding="utf-8"))
        add_search_entries(index, self.shells, self.order)
        index_file.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")


def plan_shells(
    docs_dir: Path, markdown_extensions: list[Any], order: list[str], pages: list[str]
) -> ShellPlan:
    """Set the look-alike pages aside (see set_aside_lookalikes); `order` is MkDocs' build order of all
    pages, `pages` the per-account ones."""
    plan = ShellPlan({page: index for index, page in enumerate(order)})
    if aside_dir(docs_dir).exists():
        shutil.rmtree(aside_dir(docs_dir))
    if ENABLED:
        plan.shells = set_aside_lookalikes(docs_dir, pages, HeadingRenderer(markdown_extensions))
    return plan
