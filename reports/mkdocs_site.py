"""Turns the rendered overview pages into the static site with MkDocs-Material.

Writes what only a build knows next to the pages (the vendored Vega scripts, the chart specs, the navigation,
the footer with the extract and build dates, the hooks) and runs `mkdocs build` in a subprocess. MkDocs
builds the overview and team pages; the per-account pages are dressed in the theme by the hooks in
reports/mkdocs_hooks.py and reports/entity_pages.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import vl_convert
import yaml

from reports.dbt_runner import stop_child
from reports.errors import TenureError
from reports.paths import MKDOCS_BASE_CONFIG, PROJECT_ROOT, SITE_TEMPLATES

ASSETS = SITE_TEMPLATES / "assets"
VEGA_BUNDLE = "assets/javascripts/vega-bundle.js"
CHART_SPECS = "assets/javascripts/tenure-chart-specs.js"

HOOKS = Path(__file__).with_name("mkdocs_hooks.py")

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
    {"Onboarding": "onboarding.md"},
    {"Team": "team/index.md"},
    {"Data quality": "data-quality.md"},
    {"Definitions": "definitions.md"},
]


def write_vendored_scripts(docs_dir: Path, cache_dir: Path) -> None:
    """Vega, Vega-Lite and vega-embed in one file served by the site itself (never a CDN).

    The bundle comes from the pinned vl-convert package; it is cached per version because building it
    takes a moment and it never changes for a given version.
    """
    cached = cache_dir / f"vega-bundle-{package_version('vl-convert-python')}.js"
    if not cached.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        # Its docstring makes the snippet optional (none: the libraries alone); its type stub does not.
        partial.write_text(vl_convert.javascript_bundle(), encoding="utf-8")  # type: ignore[call-arg]
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
    config["theme"]["custom_dir"] = str((PROJECT_ROOT / config["theme"]["custom_dir"]).resolve())
    config["nav"] = NAVIGATION
    # CSM pages are linked from the team page, never listed in the navigation (neither are account pages,
    # which MkDocs does not build): Material writes the whole navigation into every page.
    config["not_in_nav"] = "/team/*.md\n"
    config["hooks"] = [str(HOOKS.resolve())]
    config["copyright"] = footer
    return config


def _mkdocs(config_path: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config_path)],
        cwd=PROJECT_ROOT,
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


def _write_config(config_path: Path, docs_dir: Path, site_dir: Path, footer: str) -> None:
    config_path.write_text(
        yaml.safe_dump(mkdocs_config(docs_dir, site_dir, footer), sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )


def run_mkdocs(docs_dir: Path, site_dir: Path, config_path: Path, footer: str) -> None:
    """`mkdocs build` of the pages in `docs_dir` into `site_dir`; stopped with the build."""
    _write_config(config_path, docs_dir, site_dir, footer)
    process = _mkdocs(config_path)
    try:
        _wait(process)
    except BaseException:
        stop_child(process)
        raise
