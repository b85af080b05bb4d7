"""Per-account pages dressed in the theme's shell (reports/entity_pages.py), on hand-built pages."""

import ast

import pytest

from reports.entity_pages import (
    BODY_MARKER,
    TITLE_ID,
    TITLE_MARKER,
    Heading,
    dress,
    entity_page,
)
from tests.conftest import REPO_ROOT

SHELL = (
    f"<html><head><title>{TITLE_MARKER} - Tenure</title></head><body>"
    f'<span class="topic">{TITLE_MARKER}</span><article><h1 id="{TITLE_ID}">{TITLE_MARKER}</h1>\n'
    f"{BODY_MARKER}</article></body></html>"
)


def test_heading_lines_become_headings_with_markdown_ids_and_the_rest_stays_html():
    page = entity_page(
        "accounts/acme.html",
        "# Acme &#38; Co\n\n<p>ARR</p>\n\n\n<table>\n</table>\n## MRR history\n<figure></figure>\n"
        "## Health\n### Health\n",
    )
    assert page.title == "Acme &#38; Co"
    assert page.sections == (
        Heading(2, "mrr-history", "MRR history"),
        Heading(2, "health", "Health"),
        Heading(3, "health_1", "Health"),
    )
    link = '<a class="headerlink" href="#{0}" title="Permanent link">&para;</a>'
    assert page.body == (
        "<p>ARR</p>\n\n<table>\n</table>\n\n"
        f'<h2 id="mrr-history">MRR history{link.format("mrr-history")}</h2>\n<figure></figure>\n\n'
        f'<h2 id="health">Health{link.format("health")}</h2>\n\n'
        f'<h3 id="health_1">Health{link.format("health_1")}</h3>'
    )


def test_a_section_never_takes_the_title_id():
    page = entity_page("accounts/x.html", "# X\n## Page title\n")
    assert page.sections[0].id == f"{TITLE_ID}_1"


def test_the_table_of_contents_nests_sections_under_the_title():
    page = entity_page("accounts/x.html", "# X\n## A\n### A1\n## B\n")
    (root,) = page.toc_tokens()
    assert (root["id"], root["name"]) == (TITLE_ID, TITLE_MARKER)
    assert [(token["id"], [child["id"] for child in token["children"]]) for token in root["children"]] == [
        ("a", ["a1"]),
        ("b", []),
    ]


def test_pages_with_the_same_sections_in_the_same_folder_share_a_shape():
    one = entity_page("accounts/a.html", "# A\n## MRR history\n<p>1</p>\n")
    two = entity_page("accounts/b.html", "# B\n## MRR history\n<p>2</p>\n")
    brief = entity_page("briefs/a.html", "# A\n## MRR history\n<p>1</p>\n")
    fewer = entity_page("accounts/c.html", "# C\n<p>3</p>\n")
    assert one.shape == two.shape
    assert len({one.shape, brief.shape, fewer.shape}) == 3


def test_a_page_without_a_title_line_is_an_error():
    with pytest.raises(ValueError, match="no `# title` line"):
        entity_page("accounts/x.html", "<p>no title</p>\n")


def test_dressing_puts_the_title_and_body_in_place_once():
    page = entity_page("accounts/x.html", f"# {BODY_MARKER} &#38; {TITLE_MARKER}\n<p>{TITLE_MARKER}</p>\n")
    html = dress(SHELL, page)
    # The <title> as the theme's override writes it, the page's own HTML elsewhere, nothing expanded twice.
    assert html.startswith(f"<html><head><title>{BODY_MARKER} &amp; {TITLE_MARKER} - Tenure</title>")
    assert f'<span class="topic">{BODY_MARKER} &#38; {TITLE_MARKER}</span>' in html
    assert html.endswith(f"<p>{TITLE_MARKER}</p></article></body></html>")


def test_a_shell_without_a_body_marker_stops_the_build():
    with pytest.raises(RuntimeError, match="no body marker"):
        dress(SHELL.replace(BODY_MARKER, ""), entity_page("accounts/x.html", "# X\n"))


def test_search_entries_are_the_title_and_each_section_as_escaped_text():
    page = entity_page("accounts/x.html", "# &#60;b&#62;Acme&#60;/b&#62;\n## Health\n<table></table>\n")
    assert page.search_entries() == [
        {"location": "accounts/x.html", "title": "&lt;b&gt;Acme&lt;/b&gt;", "text": ""},
        {"location": "accounts/x.html#health", "title": "Health", "text": ""},
    ]


def _private_names_used(source: str) -> list[str]:
    """Private names (`_x`, not dunders) imported from, or reached into, a module of another package."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and not node.module.startswith("reports"):
            parts = node.module.split(".") + [alias.name for alias in node.names]
            found += [
                f"{node.module}: {part}" for part in parts if part.startswith("_") and part != "__future__"
            ]
        elif isinstance(node, ast.Import):
            found += [
                alias.name for alias in node.names if any(p.startswith("_") for p in alias.name.split("."))
            ]
        elif (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
        ):
            found.append(f".{node.attr}")
    return found


def test_no_code_uses_a_private_name_of_mkdocs_material_or_any_other_dependency():
    sources = [
        *(REPO_ROOT / "reports").rglob("*.py"),
        REPO_ROOT / "build.py",
        *(REPO_ROOT / "benchmarks").glob("*.py"),
    ]
    used = {
        str(path.relative_to(REPO_ROOT)): names
        for path in sources
        if (names := _private_names_used(path.read_text(encoding="utf-8")))
    }
    assert used == {}


def test_the_private_name_check_finds_what_the_old_page_shells_used():
    source = (
        "from mkdocs.structure.pages import _ExtractTitleTreeprocessor\n"
        "import material._internal\n"
        "title._register(md)\n"
    )
    assert _private_names_used(source) == [
        "mkdocs.structure.pages: _ExtractTitleTreeprocessor",
        "material._internal",
        "._register",
    ]


def test_the_private_name_check_leaves_a_class_its_own_attributes():
    source = "from __future__ import annotations\nimport json\nself._cache = json.loads('{}')\n"
    assert _private_names_used(source) == []
