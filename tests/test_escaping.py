"""Untrusted text from the extracts must come out of the templates as inert text."""

import markdown
from markupsafe import Markup

from reports.escaping import escape_untrusted
from reports.rendering import make_environment

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[click me](javascript:alert(1))",
    "![img](javascript:alert(1))",
    "{: onclick=alert(1) }",
    "**bold** _em_ `code` | pipe |",
    "{{ 7 * 7 }} {% raw %}",
    "line one\n# heading two",
]


def _rendered_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html", "admonition"])


def test_hostile_text_renders_as_the_same_visible_text_and_no_markup():
    for hostile in HOSTILE:
        html = _rendered_markdown(f"# {escape_untrusted(hostile)}\n\nName: {escape_untrusted(hostile)}")
        for forbidden in (
            "<script",
            "<img",
            "<a ",
            "<strong",
            "<em",
            "<code",
            "onclick=",
            "onerror=",
            "<table",
        ):
            assert forbidden not in html, (hostile, html)


def test_escaped_text_decodes_back_to_the_original_characters():
    import html

    original = 'A&B [x](y) <z> *w* O\'Brien "quoted" #1 &amp;'
    assert html.unescape(str(escape_untrusted(original))) == original


def test_markup_from_templates_passes_through_and_none_is_empty():
    assert escape_untrusted(Markup("<b>ours</b>")) == Markup("<b>ours</b>")
    assert escape_untrusted(None) == ""


def test_templates_escape_every_printed_value_without_an_explicit_filter():
    env = make_environment({})
    template = env.from_string("# {{ name }}\n\n{{ name }}")
    output = template.render(name="[x](javascript:alert(1)) <b>")
    assert "javascript:" not in output
    assert "<b>" not in output
    assert "&#60;b&#62;" in output


def test_jinja_delimiters_in_data_are_not_evaluated():
    env = make_environment({})
    assert "49" not in env.from_string("{{ name }}").render(name="{{ 7 * 7 }}")
