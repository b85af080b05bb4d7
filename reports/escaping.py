"""Escaping of untrusted text for the Markdown pages MkDocs renders.

Every string that comes from an extract (account, contact and user names, subjects, notes, comments) is
hostile until escaped. HTML escaping alone is not enough in a Markdown page: `[x](javascript:…)`, `*`, `|`
or `{: onclick=… }` (attr_list) are Markdown syntax, not HTML. So untrusted text is HTML-escaped and every
ASCII punctuation character that Markdown or its extensions could read as syntax is written as a numeric
character reference. Browsers, MkDocs' search index and page titles all decode those back to the same text,
and Markdown never sees syntax in them.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

# HTML's specials and every character Python-Markdown or a configured extension may read as syntax become
# numeric character references, in one pass (a second escaping pass would mangle the first one's `&#…;`).
_HTML_SPECIALS = "&<>\"'"
_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|~:^=$"
_TRANSLATION = {ord(ch): f"&#{ord(ch)};" for ch in _HTML_SPECIALS + _MARKDOWN_SPECIALS}
# Line breaks would end a table row or a heading: untrusted text is always one line.
_TRANSLATION.update({ord("\n"): " ", ord("\r"): " ", ord("\t"): " ", 0: ""})


def escape_untrusted(value: Any) -> Markup:
    """Return `value` as text that is inert both as HTML and as Markdown.

    `Markup` values (already safe: template output or formatted numbers) pass through unchanged.
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(str(value).translate(_TRANSLATION))
