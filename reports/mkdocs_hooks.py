"""MkDocs hooks of the Tenure site (the `hooks:` setting that reports/mkdocs_site.py writes into the config).

Only documented MkDocs events and objects are used (https://www.mkdocs.org/dev-guide/plugins/#events):

- `on_page_context`, after the search plugin has indexed the page: an overview page's HTML blocks, kept out
  of Markdown (reports/html_parts.py), go back into its content, so the theme lays them out and the search
  index holds the page's headings and prose rather than every table cell.
- `on_post_build`, after the search plugin has written its index and before the theme's offline plugin
  copies it into search/search_index.js: the per-entity pages' search entries join the index, and the
  theme's `main.html`, rendered with its own Jinja environment and a context captured from a built page of
  the same folder depth, is written once per shape of per-entity page with a title and a body that are
  markers (reports/entity_pages.py fills them in for every account).

The work folder is the parent of `docs_dir`: the build writes the parts and the entity pages there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from reports.entity_pages import (
    BODY_MARKER,
    ENTITIES_DIRNAME,
    HEADERLINK,
    SHELLS_DIRNAME,
    TITLE_ID,
    TITLE_MARKER,
    read_search_entries,
    read_shapes,
)
from reports.html_parts import PARTS_DIRNAME, as_markdown_writes_it, fill_placeholders

_environment: jinja2.Environment | None = None
# A template context of a built page per folder depth: what base_url and the asset links depend on.
_context_at_depth: dict[int, dict[str, Any]] = {}


def _work_dir(config: MkDocsConfig) -> Path:
    return Path(config.docs_dir).parent


def _depth(path: str) -> int:
    return path.count("/")


def on_env(env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> None:
    global _environment
    _environment = env
    _context_at_depth.clear()


@event_priority(-100)  # after the search plugin has indexed the page without its HTML blocks
def on_page_context(
    context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    _context_at_depth.setdefault(_depth(page.file.dest_uri), dict(context))
    side = _work_dir(config) / PARTS_DIRNAME / (page.file.src_uri.removesuffix(".md") + ".json")
    if side.exists() and page.content is not None:
        parts = json.loads(side.read_text(encoding="utf-8"))
        page.content = fill_placeholders(
            page.content, [as_markdown_writes_it(part) for part in parts], page.file.src_uri
        )
    return context


@event_priority(-50)  # after the search plugin (0), before the offline plugin (-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    entries = read_search_entries(_work_dir(config) / ENTITIES_DIRNAME)
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if entries and index_file.exists():
        index = json.loads(index_file.read_text(encoding="utf-8"))
        index["docs"] += entries
        index_file.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
    shapes = read_shapes(_work_dir(config) / ENTITIES_DIRNAME)
    if not shapes:
        return
    if _environment is None:
        raise RuntimeError("the theme's Jinja environment was not given to the hooks (on_env)")
    template = _environment.get_template("main.html")
    shells_dir = _work_dir(config) / SHELLS_DIRNAME
    shells_dir.mkdir(parents=True, exist_ok=True)
    for shape in shapes:
        path = shape["path"]
        captured = _context_at_depth.get(_depth(path))
        if captured is None:
            raise RuntimeError(f"no page at the folder depth of {path} to take the theme's context from")
        file = File.generated(config, path.removesuffix(".html") + ".md", content="")
        page = Page(TITLE_MARKER, file, config)
        page.content = f'<h1 id="{TITLE_ID}">{TITLE_MARKER}{HEADERLINK.format(TITLE_ID)}</h1>\n{BODY_MARKER}'
        page.toc = get_toc(shape["toc"])
        html = template.render({**captured, "page": page})
        (shells_dir / f"{shape['shape']}.html").write_text(html, encoding="utf-8")
