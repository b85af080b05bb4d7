"""Turns the rendered Markdown pages into the static site with MkDocs-Material.

Writes what only a build knows next to the pages (the vendored Vega scripts, the chart specs, the navigation,
the footer with the extract and build dates) and runs `mkdocs build` in a subprocess.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import vl_convert
import yaml

from reports.dbt_runner import stop_child
from reports.errors import TenureError
from reports.paths import MKDOCS_BASE_CONFIG, REPO_ROOT, SITE_TEMPLATES

ASSETS = SITE_TEMPLATES / "assets"
VEGA_BUNDLE = "assets/javascripts/vega-bundle.js"
CHART_SPECS = "assets/javascripts/tenure-chart-specs.js"

# Account pages and QBR briefs: one per account, what parallel MkDocs builds split between them.
SHARDED_FOLDERS = ("accounts/", "briefs/")
# Below this many pages per shard, starting another MkDocs costs more than it saves (tunable, and set low
# by the test that checks a sharded build gives the same site as a single one).
MIN_PAGES_PER_SHARD = int(os.environ.get("TENURE_MIN_PAGES_PER_SHARD", "500"))

NAVIGATION: list[dict[str, str]] = [
    {"Home": "index.md"},
    {"Retention": "retention.md"},
    {"Accounts": "accounts/index.md"},
    {"Renewals & LxL": "renewals.md"},
    {"Health": "health.md"},
    {"Support & NPS": "support.md"},
    {"QBR coverage": "qbr.md"},
    {"Value plans": "value-plans.md"},
    {"References": "references.md"},
    {"Onboarding & pilots": "onboarding.md"},
    {"Team": "team/index.md"},
    {"Data quality": "data-quality.md"},
]


def write_vendored_scripts(docs_dir: Path, cache_dir: Path) -> None:
    """Vega, Vega-Lite and vega-embed in one file served by the site itself (never a CDN).

    The bundle comes from the pinned vl-convert package; it is cached per version because building it
    takes a moment and it never changes for a given version.
    """
    cached = cache_dir / f"vega-bundle-{vl_convert.__version__}.js"
    if not cached.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        partial.write_text(vl_convert.javascript_bundle(), encoding="utf-8")
        partial.replace(cached)
    target = docs_dir / VEGA_BUNDLE
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, target)


def copy_static_assets(docs_dir: Path) -> None:
    shutil.copytree(ASSETS, docs_dir / "assets", dirs_exist_ok=True)


def mkdocs_config(docs_dir: Path, site_dir: Path, footer: str) -> dict[str, Any]:
    """The repository's mkdocs.yml with this build's folders, navigation and footer."""
    config = yaml.safe_load(MKDOCS_BASE_CONFIG.read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir.resolve())
    config["site_dir"] = str(site_dir.resolve())
    config["theme"]["custom_dir"] = str((REPO_ROOT / config["theme"]["custom_dir"]).resolve())
    config["nav"] = NAVIGATION
    # Account pages are linked from the accounts table, never listed in the navigation: Material writes the
    # whole navigation into every page, which makes output and build time grow with the square of accounts.
    config["not_in_nav"] = "/accounts/*.md\n/briefs/*.md\n/team/*.md\n"
    config["copyright"] = footer
    return config


def markdown_extensions() -> list[Any]:
    """The Markdown extensions of the site, as mkdocs.yml lists them."""
    return list(yaml.safe_load(MKDOCS_BASE_CONFIG.read_text(encoding="utf-8"))["markdown_extensions"])


def _mkdocs(config_path: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config_path)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait(process: subprocess.Popen[str]) -> None:
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        detail = "\n".join((stderr or stdout).strip().splitlines()[-15:])
        raise TenureError(f"MkDocs could not build the site:\n{detail}")


def _wait_all(processes: list[subprocess.Popen[str]]) -> None:
    """Wait for every MkDocs; if the build is interrupted or one fails, stop the others."""
    try:
        for process in processes:
            _wait(process)
    except BaseException:
        for process in processes:
            stop_child(process)
        raise


def _write_config(config_path: Path, docs_dir: Path, site_dir: Path, footer: str) -> None:
    config_path.write_text(
        yaml.safe_dump(mkdocs_config(docs_dir, site_dir, footer), sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )


def build_order(docs_dir: Path) -> list[str]:
    """The Markdown pages in the order MkDocs builds them (and lists them in the search index): a sorted
    walk, `index` first in each folder."""
    order = []
    for folder, folders, names in os.walk(docs_dir):
        folders.sort()
        names.sort(key=lambda name: (os.path.splitext(name)[0] not in ("index", "README"), name))
        relative = Path(folder).relative_to(docs_dir)
        order += [(relative / name).as_posix() for name in names if name.endswith(".md")]
    return order


def per_entity_pages(docs_dir: Path) -> list[str]:
    """The pages there is one of per account (account pages and QBR briefs): what shards split."""
    return [
        page
        for page in build_order(docs_dir)
        if page.startswith(SHARDED_FOLDERS) and not page.endswith("/index.md")
    ]


def sort_search_index(index: dict[str, Any], order: dict[str, int]) -> None:
    """Put the search index's entries in MkDocs' build order (`order`: page -> position), as one MkDocs
    build of every page would have written them."""
    index["docs"].sort(key=lambda doc: order[doc["location"].split("#")[0].removesuffix(".html") + ".md"])


def run_mkdocs(docs_dir: Path, site_dir: Path, config_path: Path, footer: str, jobs: int = 1) -> None:
    """`mkdocs build` of the pages; with several jobs and enough account pages, in parallel shards.

    MkDocs builds on one core. Each shard builds a share of the account pages (plus one-line stand-ins for
    the other pages, so the navigation resolves the same way), then its pages and search entries join the
    main build's: the same files, byte for byte, as one build of everything (a test checks it).
    """
    pages = per_entity_pages(docs_dir)
    shards = min(jobs, len(pages) // MIN_PAGES_PER_SHARD)
    if shards < 2:
        _write_config(config_path, docs_dir, site_dir, footer)
        _wait_all([_mkdocs(config_path)])
        return
    order = {page: index for index, page in enumerate(build_order(docs_dir))}
    size = -(-len(pages) // shards)
    chunks = [pages[start : start + size] for start in range(0, len(pages), size)]
    sharded = set(pages)
    shard_dirs = []
    for number, pages_of_shard in enumerate(chunks[1:], start=1):
        chunk = set(pages_of_shard)
        shard_docs, shard_site = (
            docs_dir.parent / f"docs-shard-{number}",
            docs_dir.parent / f"site-shard-{number}",
        )
        for folder in (shard_docs, shard_site):
            if folder.exists():
                shutil.rmtree(folder)
        for page in order:
            target = shard_docs / page
            target.parent.mkdir(parents=True, exist_ok=True)
            if page in chunk:
                (docs_dir / page).replace(target)
            elif page not in sharded:
                target.write_text("# stand-in\n", encoding="utf-8")  # for the navigation only
        shard_config = docs_dir.parent / f"mkdocs-shard-{number}.yml"
        _write_config(shard_config, shard_docs, shard_site, footer)
        shard_dirs.append((chunk, shard_docs, shard_site, shard_config))
    _write_config(config_path, docs_dir, site_dir, footer)
    processes = [_mkdocs(config_path)] + [_mkdocs(config) for _, _, _, config in shard_dirs]
    _wait_all(processes)
    index_file = site_dir / "search" / "search_index.json"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    for chunk, shard_docs, shard_site, _ in shard_dirs:
        locations = {page.removesuffix(".md") + ".html" for page in chunk}
        for page in chunk:
            html = page.removesuffix(".md") + ".html"
            (site_dir / html).parent.mkdir(parents=True, exist_ok=True)
            (shard_site / html).replace(site_dir / html)
        shard_index = json.loads((shard_site / "search" / "search_index.json").read_text(encoding="utf-8"))
        index["docs"] += [doc for doc in shard_index["docs"] if doc["location"].split("#")[0] in locations]
        shutil.rmtree(shard_docs)
        shutil.rmtree(shard_site)
    sort_search_index(index, order)
    index_file.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
