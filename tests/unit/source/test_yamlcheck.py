"""yamlcheck: characters refused before parsing (line breaks other than `\\n`, bidi controls);
the anchor test that tells a tree from a graph."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from aiss.source import parse_yaml
from aiss.source.yamlcheck import ANCHOR, has_anchor, line_breaks

BREAKS = ["\x85", "\u2028", "\u2029", "\r"]


@pytest.mark.parametrize("char", BREAKS, ids=["NEL", "LS", "PS", "lone-CR"])
def test_libyaml_breaks_the_line_there(char: str) -> None:
    """The premise: the loader would read a hidden key that no line-based view shows."""
    text = f"status: published{char}extra: 9\n"
    assert yaml.load(text, Loader=yaml.CSafeLoader) == {"status": "published", "extra": 9}


@pytest.mark.parametrize("char", BREAKS, ids=["NEL", "LS", "PS", "lone-CR"])
def test_every_other_line_break_is_refused_at_its_line_and_column(char: str) -> None:
    text = f"a: 1\nstatus: published{char}extra: 9\n"
    doc = parse_yaml("f.yaml", text.encode("utf-8"))
    assert doc.data is None
    assert [(d.code, d.line, d.column) for d in doc.diagnostics] == [("yaml-line-break", 2, 18)]
    assert doc.diagnostics[0].hint


def test_inside_a_quoted_string_too_but_not_as_an_escape() -> None:
    raw = 'a: "x\u2028y"\n'.encode()
    assert [d.code for d in parse_yaml("f.yaml", raw).diagnostics] == ["yaml-line-break"]
    escaped = parse_yaml("f.yaml", b'a: "x\\u2028y"\n')
    assert escaped.diagnostics == [] and escaped.data == {"a": "x\u2028y"}


def test_crlf_and_lf_are_line_ends() -> None:
    assert line_breaks("f.yaml", "a: 1\r\nb: 2\n\n") == []
    doc = parse_yaml("f.yaml", b"a: 1\r\nb: 2\r\n")
    assert doc.diagnostics == [] and doc.data == {"a": 1, "b": 2}


def test_a_carriage_return_at_the_very_end_is_refused() -> None:
    assert [(d.line, d.column) for d in line_breaks("f.yaml", "a: 1\nb: 2\r")] == [(2, 5)]


def test_at_most_ten_are_reported() -> None:
    assert len(line_breaks("f.yaml", "\u2028" * 50)) == 10


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from(list("&a-:,[]{} \t\n\u00a0\u2028\x1c.")), max_size=12))
def test_has_anchor_is_the_anchor_pattern(text: str) -> None:
    assert has_anchor(text) == (ANCHOR.search(text) is not None)


@given(st.text(max_size=40))
def test_has_anchor_is_the_anchor_pattern_on_any_text(text: str) -> None:
    assert has_anchor(text) == (ANCHOR.search(text) is not None)
