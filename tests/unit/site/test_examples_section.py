"""The Examples section: public examples listed and downloadable, restricted ones only counted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
