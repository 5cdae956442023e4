"""Positions in JSON text, found lazily for the paths that are reported."""

from __future__ import annotations

import json

import pytest

from aiss.source.jsondoc import JsonLocator, parse_json_path

TEXT = json.dumps(
    {
        "a": 1,
        "runs": [{"id": "x", "samples": [{"id": i} for i in range(50)], "counts": {"items": 4}}],
        "z": "é",
    },
    indent=2,
    ensure_ascii=False,
)


def where(text: str, at: tuple[int, int]) -> str:
    line, column = at
    return str(text.splitlines()[line - 1][column - 1 :])


@pytest.mark.parametrize(
    ("loc", "starts"),
    [
        ((), "{"),
        (("a",), "1,"),
        (("runs", 0, "id"), '"x"'),
        (("runs", 0, "samples", 49, "id"), "49"),
        (("runs", 0, "counts", "items"), "4"),
        (("z",), '"é"'),
        (("runs", 0, "missing"), "{"),
        (("runs", 3), "["),
    ],
)
def test_values_are_located(loc: tuple[str | int, ...], starts: str) -> None:
    assert where(TEXT, JsonLocator(TEXT).line_col(loc)).startswith(starts)


def test_keys_and_repeated_lookups() -> None:
    loc = JsonLocator(TEXT)
    assert where(TEXT, loc.line_col(("runs", 0, "counts"), key=True)).startswith('"counts"')
    first = loc.line_col(("runs", 0, "counts", "items"))
    assert loc.line_col(("runs", 0, "counts", "items")) == first
    assert loc.line_col(("a",)) == (2, 8)


def test_compact_json_and_odd_input() -> None:
    text = '{"k":[1,{"m":true}]}'
    assert JsonLocator(text).line_col(("k", 1, "m")) == (1, 14)
    assert JsonLocator("[1, 2").line_col((5,)) == (1, 1)


def test_json_paths_parse_back() -> None:
    assert parse_json_path("$.runs[0].log.sha256") == ("runs", 0, "log", "sha256")
    assert parse_json_path("$") == ()
