"""yamlio: YAML 1.2 resolution, positions, and every loading diagnostic."""

from __future__ import annotations

import pytest

from aiss.yamlio import Limits, load_yaml


def _load(
    text: str | bytes, limits: Limits | None = None
) -> tuple[object, list[tuple[str, int, int]]]:
    raw = text.encode() if isinstance(text, str) else text
    doc = load_yaml("f.yaml", raw, limits or Limits())
    return doc.data, [(d.code, d.span.line, d.span.column) for d in doc.diagnostics]


def test_yaml_12_core_schema() -> None:
    data, diags = _load("a: no\nb: 2026-01-01\nc: 1.10\nd: 0o17\ne: 017\nf: ~\ng: on\nh: true\n")
    assert diags == []
    assert data == {
        "a": "no",
        "b": "2026-01-01",
        "c": 1.1,
        "d": 15,
        "e": 17,
        "f": None,
        "g": "on",
        "h": True,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a:\n\tb: 1\n", [("yaml-tab", 2, 1)]),
        ("a: [1\n", [("yaml-syntax", 2, 1)]),
        ("a: 1\nb: 2\na: 3\n", [("duplicate-key", 3, 1)]),
        ("a: !!python/object:os.system x\n", [("yaml-tag", 1, 4)]),
        ("a: !!binary aGVsbG8=\n", [("yaml-tag", 1, 4)]),
        ("x: \x00", [("yaml-syntax", 1, 4)]),
        ("", [("empty-document", 1, 1)]),
        ("a: 1\n---\nb: 2\n", [("yaml-multiple-documents", 2, 1)]),
        (b"a: ok\nb: \xff\n", [("encoding", 2, 4)]),
        (b"\xff\xfea\x00", [("encoding", 1, 1)]),
        ("? [a]\n: 1\n", [("non-scalar-key", 1, 3)]),
    ],
)
def test_loading_diagnostics(text: str | bytes, expected: list[tuple[str, int, int]]) -> None:
    assert _load(text)[1] == expected


def test_billion_laughs_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    data, diags = _load("\n".join(lines) + "\n")
    assert data is None
    assert [d[0] for d in diags] == ["yaml-too-many-nodes"]


def test_depth_and_size_limits() -> None:
    assert _load("a: " + "[" * 100 + "]" * 100 + "\n")[1][0][0] == "yaml-too-deep"
    assert _load("a: 1\n", Limits(max_bytes=3))[1] == [("file-too-large", 0, 0)]
    assert _load("a: " + "x" * 50 + "\n", Limits(max_string=10))[1] == [("string-too-long", 1, 4)]


def test_bom_is_accepted_and_positions_are_kept() -> None:
    doc = load_yaml("f.yaml", b"\xef\xbb\xbfa:\n  b:\n    - 1\n    - {c: 2}\n")
    assert doc.data == {"a": {"b": [1, {"c": 2}]}}
    assert (doc.span_of(("a", "b", 1, "c")).line, doc.span_of(("a", "b", 1, "c")).column) == (4, 11)
    assert doc.span_of(("a", "b", 1, "c"), key=True).column == 8
    # a missing key points at its parent mapping
    assert doc.span_of(("a", "missing")).line == 2
