"""SourceDocument: one type for YAML, JSON and in-memory documents, each placing paths its way."""

from __future__ import annotations

import pickle

from aiss.source import SourceDocument, parse_json, parse_yaml

YAML = b"a: 1\nb:\n  - {c: 2}\n"
JSON = b'{\n  "a": 1,\n  "b": [\n    {"c": 2}\n  ]\n}\n'


def test_yaml_and_json_place_the_same_paths() -> None:
    y, j = parse_yaml("f.yaml", YAML), parse_json("f.json", JSON)
    assert y.data == j.data == {"a": 1, "b": [{"c": 2}]}
    assert (y.location(("b", 0, "c")).line, j.location(("b", 0, "c")).line) == (3, 4)
    for doc in (y, j):
        where = doc.location(("b", 0, "missing"))  # a missing key: the mapping that lacks it
        assert where.json_path == "$.b[0].missing"
        assert where.line == doc.location(("b", 0)).line


def test_a_diagnostic_is_made_at_a_path() -> None:
    d = parse_yaml("f.yaml", YAML).diagnostic(("a",), "code", "message", hint="hint")
    assert (d.path, d.line, d.column, d.json_path, d.hint) == ("f.yaml", 1, 4, "$.a", "hint")


def test_in_memory_and_failed_documents() -> None:
    memory = SourceDocument.in_memory("x.eval", {"a": 1})
    assert (memory.location(("a",)).line, memory.location(("a",)).column) == (0, 0)
    failed = parse_yaml("g.yaml", b"a: [1\n")
    assert failed.data is None and failed.diagnostics[0].code == "yaml-syntax"
    assert failed.location(("a",)).line == 1


def test_documents_pickle_without_their_node_tree_and_still_place_paths() -> None:
    for doc in (parse_yaml("f.yaml", YAML), parse_json("f.json", JSON)):
        before = doc.location(("b", 0, "c"))
        copy = pickle.loads(pickle.dumps(doc))
        assert copy.location(("b", 0, "c")) == before and copy.data == doc.data
