"""The metric definitions the site prints and links to, as dbt holds them.

What a metric means is its docs block `metric_<code>` in models/docs/definitions.md (the marts' YAML uses the
same blocks); its title and place on the Definitions page are a row of marts.rpt_metric_definitions (seeds/
metric_definitions.csv). dbt writes the blocks into its manifest (target/manifest.json, `docs`), which is
where this module reads them: a definition is never typed into Python or a template.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
from markupsafe import Markup, escape

from reports.errors import TenureError

BLOCK_PREFIX = "metric_"
PAGE = "definitions.html"
_VAR_NAME = re.compile(r"`(\w+)`")


@dataclass(frozen=True)
class Definition:
    metric: str  # its code, and its anchor on the Definitions page
    label: str
    html: Markup  # the docs block, as HTML (written in this repository, so trusted)
    summary: Markup  # its first sentence, for a figure's caption
    settings: tuple[tuple[str, str], ...]  # (var, its value in force as JSON) for each var the block names


def docs_blocks(manifest_path: Path) -> dict[str, str]:
    """The contents of every docs block of the project named metric_<code>, by code."""
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise TenureError(f"cannot read dbt's manifest {manifest_path}: {error}") from error
    return {
        block["name"].removeprefix(BLOCK_PREFIX): block["block_contents"].strip()
        for block in manifest.get("docs", {}).values()
        if block["name"].startswith(BLOCK_PREFIX)
    }


def build_definitions(
    rows: list[dict[str, Any]], blocks: Mapping[str, str], conventions: Mapping[str, Any]
) -> dict[str, Definition]:
    """One definition per row of rpt_metric_definitions (in its order), with its docs block as HTML and the
    value in force of every var it names."""
    missing = sorted(row["metric"] for row in rows if row["metric"] not in blocks)
    if missing:
        names = ", ".join(f"{BLOCK_PREFIX}{metric}" for metric in missing)
        raise TenureError(f"no docs block for {names} (models/docs/definitions.md)")
    definitions = {}
    for row in sorted(rows, key=lambda row: row["display_order"]):
        text = blocks[row["metric"]]
        named = dict.fromkeys(name for name in _VAR_NAME.findall(text) if name in conventions)
        settings = tuple(
            (name, json.dumps(conventions[name], ensure_ascii=False, default=str)) for name in named
        )
        html = Markup(markdown.markdown(text))
        summary = Markup(markdown.markdown(_first_sentence(text))).removeprefix("<p>").removesuffix("</p>")
        definitions[row["metric"]] = Definition(row["metric"], row["label"], html, Markup(summary), settings)
    return definitions


def _first_sentence(text: str) -> str:
    """Up to the first full stop that ends a sentence (followed by a space or the end)."""
    match = re.search(r"\.(\s|$)", text)
    return " ".join((text[: match.start() + 1] if match else text).split())


def definition_link(
    definitions: Mapping[str, Definition],
    metric: str,
    text: str | None = None,
    root: str = "",
    mark: bool = False,
) -> Markup:
    """A link from a figure to the metric's entry on the Definitions page; `root` is the way from the page to
    the site's root ("../" from an account page). `mark`: a small "?" after a column header instead (the
    header itself sorts the table). An unknown metric stops the build."""
    if metric not in definitions:
        raise TenureError(
            f"a page links to the definition of {metric!r}, which seeds/metric_definitions.csv lacks"
        )
    label = escape(definitions[metric].label)
    href = f"{escape(root)}{PAGE}#{escape(metric)}"
    if mark:
        return Markup(
            f'<a class="tenure-def tenure-def--mark" href="{href}" title="Definition of {label}" '
            f'aria-label="Definition of {label}">?</a>'
        )
    shown = escape(text) if text is not None else label
    return Markup(f'<a class="tenure-def" href="{href}" title="Definition of {label}">{shown}</a>')
