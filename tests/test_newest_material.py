"""The site builds unchanged on the newest mkdocs-material 9.x release, not only the pinned one: Tenure uses
MkDocs and Material through their configuration, documented hooks and templates only."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SOURCE_DATE_EPOCH, run_build

pytestmark = pytest.mark.slow


def test_the_site_builds_with_the_newest_material_9_release(sample_extract: Path, tmp_path: Path):
    target = tmp_path / "newest"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--target",
            str(target),
            "mkdocs-material>=9,<10",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if install.returncode != 0:
        pytest.skip(
            f"cannot install the newest mkdocs-material from the package index: {install.stderr[-300:]}"
        )
    (dist_info,) = target.glob("mkdocs_material-*.dist-info")
    version = dist_info.name.removeprefix("mkdocs_material-").removesuffix(".dist-info")
    site = tmp_path / "site"
    completed = run_build(
        "--raw",
        str(sample_extract),
        "--out",
        str(site),
        "--work-dir",
        str(tmp_path / "work"),
        env={"PYTHONPATH": str(target), "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
    )
    assert completed.returncode == 0, f"mkdocs-material {version}: {completed.stderr[-2000:]}"
    account = next(path for path in (site / "accounts").glob("*.html") if path.name != "index.html")
    html = account.read_text(encoding="utf-8")
    # The theme's own page around Tenure's body: its header, tabs and table of contents, our h1 and sections.
    assert (
        'data-md-component="header-topic"' in html and "md-tabs" in html and 'data-md-component="toc"' in html
    )
    assert re.search(r'<h1 id="page-title">[^<]+<a class="headerlink" href="#page-title"', html)
    assert '<h2 id="mrr-history">MRR history<a class="headerlink"' in html
    assert "tenure-entity" not in html, "a marker was left in the page"
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert f'"location":"accounts/{account.name}"' in index
