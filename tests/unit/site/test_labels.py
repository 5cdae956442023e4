"""site.labels: every token the standard schema allows has a label; free text in words."""

from __future__ import annotations

from typing import Any

from aiss.catalog import schemas
from aiss.site.labels import LABELS, html_label, words


def _tokens(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        found.update(v for v in node.get("enum", []) if isinstance(v, str))
        if isinstance(node.get("const"), str):
            found.add(node["const"])
        for value in node.values():
            found |= _tokens(value)
    elif isinstance(node, list):
        for value in node:
            found |= _tokens(value)
    return found


def test_every_token_of_the_standard_schema_has_a_label() -> None:
    tokens = _tokens(schemas.generate("standard.schema.json"))
    assert len(tokens) > 100
    assert sorted(tokens - set(LABELS)) == []


def test_labels_read_as_words_and_show_the_token_where_asked() -> None:
    assert words("foundation_model") == "Foundation model"
    assert words("mean_over_the_13_items_with_longest_first_solve_time") == (
        "Mean over the 13 items with longest first solve time"
    )
    assert html_label("pre_deployment", show_token=True) == (
        'Before deployment <code class="aiss-token">pre_deployment</code>'
    )
    assert html_label("<b>x_y</b>") == "&lt;b&gt;x y&lt;/b&gt;"
