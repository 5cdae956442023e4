"""yamlio: YAML 1.2 resolution, positions, and every loading diagnostic."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
import yaml

from aiss.source import Limits, parse_yaml, yaml12
from aiss.source import yamldoc as yamlio
from aiss.source.yamldoc import YamlPositions


def _load(
    text: str | bytes, limits: Limits | None = None
) -> tuple[object, list[tuple[str, int, int]]]:
    raw = text.encode() if isinstance(text, str) else text
    doc = parse_yaml("f.yaml", raw, limits or Limits())
    return doc.data, [(d.code, d.line, d.column) for d in doc.diagnostics]


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
    doc = parse_yaml("f.yaml", b"\xef\xbb\xbfa:\n  b:\n    - 1\n    - {c: 2}\n")
    assert doc.data == {"a": {"b": [1, {"c": 2}]}}
    assert (doc.location(("a", "b", 1, "c")).line, doc.location(("a", "b", 1, "c")).column) == (
        4,
        11,
    )
    assert doc.location(("a", "b", 1, "c"), key=True).column == 8
    # a missing key points at its parent mapping
    assert doc.location(("a", "missing")).line == 2


def _corpus() -> list[Path]:
    root = Path(__file__).resolve().parents[3]
    found = [
        *sorted((root / "tests" / "fixtures").rglob("*.yaml")),
        *sorted((root / "standards").rglob("*.yaml")),
    ]
    assert len(found) > 100
    return found


def _generic(text: str) -> tuple[object, list[tuple[str, int, int]]]:
    """The same text through PyYAML's generic construction (what the tree builder replaces)."""
    loader = yaml12.Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise yaml.YAMLError("empty")
        try:
            data = loader.construct_document(root)
        except yaml12.Problem as p:
            return None, [(p.code, p.node.start_mark.line + 1, p.node.start_mark.column + 1)]
        dups = [(k.start_mark.line + 1, k.start_mark.column + 1) for k, _ in loader.duplicates]
        return data, [("duplicate-key", line, col) for line, col in dups]
    finally:
        loader.dispose()


def test_the_tree_builder_agrees_with_the_generic_constructor() -> None:
    """Every alias-free file of the corpus, plus tricky inline cases: equal data and equal
    problems (with positions) from both ways of constructing."""
    texts = [
        "a: !!str 1\nb: !!int '7'\nc: !!float 2\nd: !!null ''\ne: !!bool 'true'\n",
        "a: !!set {x: null}\n",
        "? [a, b]\n: 1\n",
        "a: 1\nb: {a: 1, a: 2}\nc: [{x: 1, x: 2}]\na: 0\n",
        "a: !!omap [{x: 1}]\n",
        "<<: {a: 1}\nb: .NaN\nc: -.inf\nd: 0x1F\n",
        "- !custom [1]\n",
    ]
    checked = 0
    for path in _corpus():
        try:
            texts.append(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            continue
    for text in texts:
        if "&" in text or "\t" in text or "\ufeff" in text:
            continue
        try:
            expected_data, expected = _generic(text)
        except yaml.YAMLError:
            continue
        doc = parse_yaml("f.yaml", text.encode(), Limits(max_depth=10_000, max_string=10**9))
        got = [(d.code, d.line, d.column) for d in doc.diagnostics]
        if any(code not in _CONSTRUCTION for code, _, _ in got):
            continue  # refused before construction (bidi controls, say)
        if not any(code == "duplicate-key" for code, _, _ in expected):
            assert got == expected, text[:200]
        else:
            assert sorted(got) == sorted(expected), text[:200]
        if expected_data is not None or not expected:
            assert doc.data == expected_data or _nan_equal(doc.data, expected_data)
        checked += 1
    assert checked > 100


_CONSTRUCTION = {"duplicate-key", "yaml-tag", "non-scalar-key", "number-too-large"}


def _nan_equal(a: object, b: object) -> bool:
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def test_a_detached_document_composes_the_same_positions_again() -> None:
    text = "a: 1\nb:\n  - x: 2\n    y: [1, 2]\n"
    doc = parse_yaml("f.yaml", text.encode())
    before = [doc.location(loc) for loc in [("a",), ("b", 0, "y", 1), ("b", 0, "x")]]
    start = yamlio.COMPOSE_COUNT[0]
    doc.detach()
    assert yamlio.COMPOSE_COUNT[0] == start  # nothing composed until a position is asked for
    after = [doc.location(loc) for loc in [("a",), ("b", 0, "y", 1), ("b", 0, "x")]]
    assert after == before
    assert yamlio.COMPOSE_COUNT[0] == start + 1
    assert doc.data == {"a": 1, "b": [{"x": 2, "y": [1, 2]}]}


def test_a_pickled_document_leaves_its_tree_behind_and_finds_positions() -> None:
    doc = parse_yaml("f.yaml", b"a: 1\nb: {c: 3}\n")
    copy = pickle.loads(pickle.dumps(doc))
    assert copy.data == doc.data and copy.text == doc.text and copy.path == "f.yaml"
    assert isinstance(copy.positions, YamlPositions) and copy.positions._root is None
    assert copy.location(("b", "c")) == doc.location(("b", "c"))
    broken = parse_yaml("g.yaml", b"a: [1\n")
    again = pickle.loads(pickle.dumps(broken))
    assert again.node_at(()) is None and again.diagnostics == broken.diagnostics
