"""Putting the pages' HTML parts back into MkDocs' output (reports/html_parts.py)."""

import pytest

from reports.html_parts import PLACEHOLDER, fill_placeholders, split_html_blocks


def test_every_part_goes_back_into_its_own_placeholder():
    html = f"<h2>A</h2>{PLACEHOLDER.format(0)}<p>prose</p>{PLACEHOLDER.format(1)}"
    assert fill_placeholders(html, ["<table>1</table>", "<ul>2</ul>"], "x.html") == (
        "<h2>A</h2><table>1</table><p>prose</p><ul>2</ul>"
    )


def test_a_part_that_looks_like_a_placeholder_is_not_expanded_again():
    html = f"{PLACEHOLDER.format(0)}{PLACEHOLDER.format(1)}"
    assert fill_placeholders(html, [PLACEHOLDER.format(1), "b"], "x.html") == PLACEHOLDER.format(1) + "b"


@pytest.mark.parametrize(
    "html", ["<p>none</p>", PLACEHOLDER.format(0), PLACEHOLDER.format(0) * 2 + PLACEHOLDER.format(1)]
)
def test_a_dropped_or_repeated_placeholder_stops_the_build(html: str):
    with pytest.raises(RuntimeError, match="dropped or repeated"):
        fill_placeholders(html, ["a", "b"], "x.html")


def test_an_overview_page_with_thousands_of_blocks_splits_and_fills_back():
    blocks = [f'<div class="tenure-retro" data-retro="A-{n}">\n<p>{n}</p>\n</div>' for n in range(5000)]
    text = "".join(f"### Account {n}\n\n{block}\n\n" for n, block in enumerate(blocks))
    stub, parts = split_html_blocks(text)
    assert len(parts) == 5000
    filled = fill_placeholders(stub, parts, "retention.html")
    assert "tenure-part" not in filled
    positions = [filled.index(block) for block in blocks]
    assert positions == sorted(positions)
