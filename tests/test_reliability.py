"""A nightly build never publishes a broken site, gives the same bytes for the same inputs, and renders
hostile text from the extracts as text, in a real browser."""

from __future__ import annotations

import csv
import filecmp
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from reports.entity_pages import (
    ENTITIES_DIRNAME,
    SEARCH_FILE,
    SHAPES_FILE,
    SHELLS_DIRNAME,
    TITLE_ID,
    read_entity_page,
)
from reports.html_parts import PARTS_DIRNAME, fill_placeholders
from tests.browser import CHROMIUM, browser_page, screenshot, serve
from tests.conftest import REPO_ROOT, SOURCE_DATE_EPOCH, BuiltSite, build_from, run_build

pytestmark = pytest.mark.slow

HOSTILE_EMAIL = '"><svg onload=window.__pwned=7>@example.com'
HOSTILE_NAMES = [
    "<script>window.__pwned = 1</script>",
    '"><img src=x onerror="window.__pwned=2">',
    "[click](javascript:window.__pwned=3)",
    "![img](javascript:alert(4))",
    "{{ 7 * 7 }} {% raw %} {: onclick=alert(5) }",
    "../../etc/passwd",
    "CON",
    "a/b",
    "x" * 300,
    "🚀🔥",
    "שלום עולם",
    "Acme",
    "Acme",
    "Health",
    "QBR brief: Health",
]


def _rewrite(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    change(header, body)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *body])


def _all_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_same_extract_and_source_date_epoch_give_a_byte_identical_site(built_site: BuiltSite, tmp_path: Path):
    again = tmp_path / "site"
    secret = "s3cr3t-warehouse-password-7f3a"  # an environment value that must never reach the site
    completed = run_build(
        "--raw",
        str(built_site.extract),
        "--out",
        str(again),
        "--work-dir",
        str(tmp_path / "work"),
        env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "WAREHOUSE_PASSWORD": secret},
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    files = _all_files(built_site.site)
    assert files == _all_files(again)
    _, mismatch, errors = filecmp.cmpfiles(built_site.site, again, files, shallow=False)
    assert mismatch == [] and errors == []
    assert not [name for name in files if secret.encode() in (again / name).read_bytes()]


def test_a_build_killed_midway_leaves_the_published_site_exactly_as_it_was(
    built_site: BuiltSite, tmp_path: Path
):
    published = tmp_path / "site"
    shutil.copytree(built_site.site, published)
    before = {name: (published / name).read_bytes() for name in _all_files(published)}
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO_ROOT / "build.py"),
            "--raw",
            str(built_site.extract),
            "--out",
            str(published),
            "--work-dir",
            str(tmp_path / "work"),
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list((tmp_path / "work").glob("run-*/tenure.duckdb")):
        time.sleep(0.2)
    time.sleep(1.0)  # well inside dbt build
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert {name: (published / name).read_bytes() for name in _all_files(published)} == before


def test_bad_input_stops_the_build_and_publishes_nothing(built_site: BuiltSite, tmp_path: Path):
    extract = tmp_path / "extract"
    shutil.copytree(built_site.extract, extract)
    _rewrite(
        extract / "billing" / "subscription_periods.csv",
        lambda header, body: body[3].__setitem__(header.index("start_date"), "31/02/2026"),
    )
    published = tmp_path / "site"
    shutil.copytree(built_site.site, published)
    completed = run_build(
        "--raw", str(extract), "--out", str(published), "--work-dir", str(tmp_path / "work")
    )
    assert completed.returncode == 2
    assert "subscription_periods" in completed.stderr and "start_date" in completed.stderr
    assert "31/02/2026" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert _all_files(published) == _all_files(built_site.site)


def test_contact_email_addresses_are_not_published(built_site: BuiltSite):
    with open(built_site.extract / "crm" / "contacts.csv", newline="", encoding="utf-8") as handle:
        emails = {row["email"] for row in csv.DictReader(handle) if row["email"]}
    assert emails
    for path in built_site.site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".js", ".xml"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not [email for email in emails if email in text], path


@pytest.fixture(scope="module")
def hostile_extract(sample_extract: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with hostile account, CSM and contact names, titles, e-mails, verbatims and topics."""
    extract = tmp_path_factory.mktemp("hostile") / "extract"
    shutil.copytree(sample_extract, extract)

    def rename(header: list[str], body: list[list[str]]) -> None:
        for row, name in zip(body, HOSTILE_NAMES, strict=False):
            row[header.index("account_name")] = name

    _rewrite(extract / "crm" / "accounts.csv", rename)
    _rewrite(
        extract / "crm" / "users.csv",
        lambda header, body: body[5].__setitem__(
            header.index("full_name"), "<b onmouseover=alert(6)>CSM</b>"
        ),
    )

    def hostile_column(column: str) -> Callable[[list[str], list[list[str]]], None]:
        def rewrite(header: list[str], body: list[list[str]]) -> None:
            for row, text in zip(body, HOSTILE_NAMES * (len(body) // len(HOSTILE_NAMES) + 1), strict=False):
                row[header.index(column)] = text

        return rewrite

    # Every other kind of text the pages show: contacts, their titles and e-mails, verbatims, topics.
    _rewrite(extract / "crm" / "contacts.csv", hostile_column("full_name"))
    _rewrite(extract / "crm" / "contacts.csv", hostile_column("title"))
    _rewrite(extract / "crm" / "contacts.csv", hostile_column("department"))
    _rewrite(
        extract / "crm" / "contacts.csv",
        lambda header, body: [row.__setitem__(header.index("email"), HOSTILE_EMAIL) for row in body[:3]],
    )
    _rewrite(extract / "surveys" / "nps.csv", hostile_column("comment"))
    _rewrite(extract / "support" / "tickets.csv", hostile_column("topic"))
    return extract


@pytest.fixture(scope="module")
def hostile_site(hostile_extract: Path) -> Path:
    folder = hostile_extract.parent
    completed = run_build(
        "--raw",
        str(hostile_extract),
        "--out",
        str(folder / "site"),
        "--work-dir",
        str(folder / "work"),
        "--publish-emails",
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return folder / "site"


def test_published_emails_and_every_hostile_text_stay_text_in_the_html(hostile_site: Path):
    pages = [p.read_text(encoding="utf-8") for p in hostile_site.rglob("*.html")]
    assert any(html.unescape(page).count(HOSTILE_EMAIL) for page in pages), "--publish-emails shows no e-mail"
    for page in pages:
        assert "<svg onload" not in page and "<script>window" not in page and "<img src=x" not in page
        assert 'href="javascript' not in page


def test_hostile_names_get_safe_unique_paths_inside_the_site(hostile_site: Path):
    pages = [p for p in (hostile_site / "accounts").glob("*.html") if p.name != "index.html"]
    assert all(p.resolve().parent == (hostile_site / "accounts").resolve() for p in pages)
    assert len({p.name.lower() for p in pages}) == len(pages)
    assert all(len(p.name) <= 80 and p.name.isascii() for p in pages)
    assert not (hostile_site.parent / "etc").exists()


@pytest.mark.browser
@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (make test installs it)"
)
def test_hostile_text_runs_no_script_and_injects_no_element_in_a_real_browser(hostile_site: Path):
    accounts = (hostile_site / "accounts").glob("*.html")
    with serve(hostile_site) as base_url, browser_page(base_url) as (page, watch):
        for path in [
            "index.html",
            "accounts/index.html",
            "data-quality.html",
            "renewals.html",
            "health.html",
            "support.html",
            *[f"accounts/{p.name}" for p in accounts],
        ]:
            page.goto(f"{base_url}/{path}")
            page.wait_for_load_state("load")
            page.wait_for_timeout(150)
            assert page.evaluate("() => window.__pwned") is None, path
            injected = page.evaluate(
                "() => document.querySelectorAll('article img[src=x], article b[onmouseover], "
                "article a[href^=javascript], article [onclick], article [onerror], "
                "article svg[onload]').length"
            )
            assert injected == 0, path
        page.goto(f"{base_url}/accounts/index.html")
        assert page.get_by_text("<script>window.__pwned = 1</script>").count() >= 1
        page.click("input.md-search__input")
        page.keyboard.type("onerror", delay=30)  # the search index carries the names too
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        assert page.evaluate("() => window.__pwned") is None
        assert page.locator(".md-search-result img, .md-search-result script").count() == 0
        screenshot(page, "hostile-accounts")
    assert watch.dialogs == [] and watch.page_errors == [] and watch.external_requests == []


def test_a_non_fatal_problem_builds_and_is_counted_on_the_data_quality_page(
    built_site: BuiltSite, tmp_path: Path
):
    extract = tmp_path / "extract"
    shutil.copytree(built_site.extract, extract)

    def orphan(header: list[str], body: list[list[str]]) -> None:
        for row in body[:3]:
            row[header.index("organization_id")] = "org_gone"

    _rewrite(extract / "support" / "tickets.csv", orphan)
    completed = run_build(
        "--raw", str(extract), "--out", str(tmp_path / "site"), "--work-dir", str(tmp_path / "work")
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "warning: support/tickets.csv, column organization_id" in completed.stderr
    page = (tmp_path / "site" / "data-quality.html").read_text(encoding="utf-8")
    import html as html_module

    text = html_module.unescape(page)
    assert "source_relationships_support_tickets_organization_id" in text
    row = re.search(r"<tr><td>org_gone</td>.*?</tr>", text)
    assert row and "unknown organization" in row.group(0) and '<td data-sort="3">3</td>' in row.group(0)


_HTML_HEADING = re.compile(
    r'^<h([2-6]) id="[^"]*">(.*?)'
    r'<a class="headerlink" href="#[^"]*" title="Permanent link">&para;</a></h\1>$',
    flags=re.MULTILINE,
)


def _plain_markdown_pages(run_dir: Path) -> Path:
    """The build's pages as plain MkDocs would take them: every account page and brief a Markdown page
    (Markdown headings, the title with the id the dressed pages give the h1), every HTML block in place."""
    docs = run_dir / "docs-plain"
    shutil.copytree(run_dir / "docs", docs)
    for side in (run_dir / PARTS_DIRNAME).rglob("*.json"):
        page = docs / (side.relative_to(run_dir / PARTS_DIRNAME).as_posix().removesuffix(".json") + ".md")
        parts = json.loads(side.read_text(encoding="utf-8"))
        page.write_text(fill_placeholders(page.read_text(encoding="utf-8"), parts, page), encoding="utf-8")
    for source in (run_dir / ENTITIES_DIRNAME).rglob("*.json"):
        if source.name not in (SHAPES_FILE, SEARCH_FILE):
            entity = read_entity_page(source)
            page = docs / (entity.path.removesuffix(".html") + ".md")
            page.parent.mkdir(parents=True, exist_ok=True)
            body = _HTML_HEADING.sub(lambda m: "#" * int(m.group(1)) + " " + m.group(2), entity.body)
            page.write_text(f"# {entity.title} {{: #{TITLE_ID} }}\n\n{body}\n", encoding="utf-8")
    return docs


def test_account_pages_dressed_in_the_theme_are_the_pages_mkdocs_would_build(
    hostile_extract: Path, tmp_path: Path
):
    """MkDocs builds the overview pages; every account page and brief is its body in the theme's own
    main.html, rendered once per shape by the hooks (reports/entity_pages.py). On the extract with hostile
    names, each such page is byte for byte the page MkDocs builds from the same content as Markdown, and
    the search index holds the same sections with the same titles for it."""
    site, work = tmp_path / "site", tmp_path / "work"
    completed = build_from(hostile_extract, site, work)
    assert completed.returncode == 0, completed.stderr[-2000:]
    (run_dir,) = work.glob("run-*")
    assert len(list((run_dir / SHELLS_DIRNAME).glob("*.html"))) < 10, "one shell per shape, not per page"
    config = yaml.safe_load((run_dir / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks")
    config["docs_dir"] = str(_plain_markdown_pages(run_dir))
    config["site_dir"] = str(tmp_path / "plain")
    config["not_in_nav"] += "/accounts/*.md\n/briefs/*.md\n"
    (tmp_path / "plain.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(tmp_path / "plain.yml")],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=False,
    )
    assert plain.returncode == 0, plain.stderr[-2000:]
    entity_pages = [
        name
        for name in _all_files(site)
        if name.startswith(("accounts/", "briefs/")) and name != "accounts/index.html"
    ]
    assert len(entity_pages) > 10
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "plain", site, entity_pages, shallow=False)
    assert (mismatch, errors) == ([], [])

    # The same sections and titles; the text of a section is its prose, never its tables' cells.
    def entries(folder: Path) -> set[tuple[str, str]]:
        index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
        return {
            (entry["location"], entry["title"])
            for entry in index["docs"]
            if entry["location"].split("#")[0] in entity_pages
        }

    assert entries(site) == entries(tmp_path / "plain")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    account_titles = {entry["title"] for entry in index["docs"] if entry["location"].startswith("accounts/")}
    assert {"Acme", "Health", "CON", "🚀🔥"} <= account_titles
