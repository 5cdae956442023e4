"""The Examples section: public examples listed and downloadable, restricted ones only counted."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from aiss.registry import Example
from aiss.site.examples_section import public_examples, render_examples

TODAY = dt.date(2026, 11, 26)


def _ex(name: str, marking: str, embargo: dt.date | None = None) -> Example:
    return Example(Path(f"{name}.yaml"), name, "conformant", f"about {name}", marking, embargo)


def test_only_clear_examples_past_their_embargo_are_public() -> None:
    examples = [
        _ex("open", "TLP:CLEAR"),
        _ex("old-embargo", "TLP:CLEAR", dt.date(2026, 1, 1)),
        _ex("future-embargo", "TLP:CLEAR", dt.date(2027, 1, 1)),
        _ex("green", "TLP:GREEN"),
        _ex("amber", "TLP:AMBER"),
        _ex("amberstrict", "TLP:AMBER+STRICT"),
        _ex("unmarked", None),  # type: ignore[arg-type]
    ]
    assert [e.name for e in public_examples(examples, TODAY)] == ["open", "old-embargo"]
    page = render_examples("AISS-TST-001", "1.0.0", examples, TODAY)
    assert "open.yaml" in page and "old-embargo.yaml" in page
    for hidden in ("future-embargo", "green", "amber", "amberstrict", "unmarked"):
        assert hidden not in page
    assert "5 more example(s) are restricted" in page


def test_contributor_text_in_examples_stays_text() -> None:
    evil = Example(Path("x.yaml"), "x", "conformant", "<script>alert(1)</script>", "TLP:CLEAR")
    page = render_examples("AISS-TST-001", "1.0.0", [evil], TODAY)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_no_examples_no_section() -> None:
    assert render_examples("AISS-TST-001", "1.0.0", [], TODAY) == ""


def test_a_hostile_name_stays_inside_its_attribute() -> None:
    name = 'x" onmouseover="window.__pwned=9" y'
    evil = Example(Path(f"{name}.yaml"), name, "conformant", "about", "TLP:CLEAR")
    page = render_examples("AISS-TST-001", "1.0.0", [evil], TODAY)
    attrs: list[tuple[str, str | None]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, found: list[tuple[str, str | None]]) -> None:
            attrs.extend(found)

    Tags().feed(page)
    assert {k for k, _ in attrs} <= {"class", "href"}
    (link,) = [v for k, v in attrs if k == "href"]
    assert link is not None and unquote(link).endswith(f"examples/{name}.yaml")
    assert "x&quot; onmouseover=&quot;window.__pwned=9&quot; y.yaml</a>" in page


def test_withheld_examples_are_never_public() -> None:
    broken = Example(
        Path("b.yaml"), "b", "conformant", "d", "TLP:CLEAR", withheld="it has validation errors"
    )
    assert broken.not_public(TODAY) == "it has validation errors"
    assert public_examples([broken], TODAY) == []
    assert _ex("later", "TLP:CLEAR", dt.date(2027, 1, 1)).not_public(TODAY) == "under embargo"
    assert _ex("amber", "TLP:AMBER").not_public(TODAY) == "marked TLP:AMBER"
