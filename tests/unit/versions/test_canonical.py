"""versions.canonical: the content digest follows what the YAML means, never how it is laid out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from aiss.source import parse_yaml
from aiss.versions.canonical import (
    NotCanonical,
    canonical_form,
    changed_paths,
    content,
    file_digest,
    frozen_digest,
    path_text,
)
from aiss.versions.lock import legacy_line_digest

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures/registry/AISS-TST-001/1.0.0/standard.yaml"
TEXT = FIXTURE.read_text(encoding="utf-8")


def _data(text: str) -> dict[str, Any]:
    doc = parse_yaml("f.yaml", text.encode("utf-8"))
    assert isinstance(doc.data, dict), doc.diagnostics
    return doc.data


def test_the_canonical_form_is_rfc_8785_without_the_lifecycle_fields() -> None:
    data = _data(TEXT)
    form = canonical_form(data)
    rest = {k: v for k, v in data.items() if k not in ("status", "status_history")}
    assert form == rfc8785.dumps(rest)
    assert json.loads(form) == rest
    assert b'"status"' not in form[:20]
    assert frozen_digest(data) == file_digest(form)


def test_layout_comments_quoting_and_key_order_do_not_move_it() -> None:
    flow = json.dumps(_data(TEXT), indent=None)  # the same document in flow (JSON) style
    reordered = TEXT.replace("title: Minimal test standard\n", "").replace(
        "issuers:", "title: 'Minimal test standard'  # moved\nissuers:"
    )
    for other in (flow, reordered, TEXT.replace("\n", "\r\n")):
        assert frozen_digest(_data(other)) == frozen_digest(_data(TEXT))


def _flow(data: dict[str, Any]) -> str:
    """The document in flow style, `status` first and every other line indented under it."""
    rest = ",\n".join(
        f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in data.items() if k != "status"
    )
    return "{\n" + f"status: {data['status']},\n" + rest + "\n}\n"


def test_a_flow_style_file_under_status_hid_a_change_from_the_line_digest() -> None:
    data = _data(TEXT)
    changed = json.loads(json.dumps(data))
    changed["test_procedures"][0]["sampling"]["min_items"] = 1
    honest, hidden = _flow(data), _flow(changed)
    assert _data(honest) == data
    # format 1 saw only the braces: every line between them looked like part of `status:`
    assert legacy_line_digest(hidden.encode()) == legacy_line_digest(honest.encode())
    assert frozen_digest(_data(honest)) == frozen_digest(data)
    assert frozen_digest(_data(hidden)) != frozen_digest(data)


def test_a_quoted_continuation_starting_with_status_hid_a_change_from_the_line_digest() -> None:
    old = "summary: A minimal standard used by the test suite.\n"
    assert old in TEXT
    before = TEXT.replace(old, 'summary: "A minimal standard used by the\n  test suite."\n')
    after = TEXT.replace(old, 'summary: "A minimal standard used by the\nstatus: 1 item only."\n')
    assert _data(after)["summary"] == "A minimal standard used by the status: 1 item only."
    assert legacy_line_digest(before.encode()) != legacy_line_digest(TEXT.encode())
    hide = before.replace("\n  test suite.", "\nstatus: test suite.")
    assert legacy_line_digest(hide.encode()) == legacy_line_digest(after.encode())
    assert frozen_digest(_data(hide)) != frozen_digest(_data(after))
    assert frozen_digest(_data(before)) == frozen_digest(_data(TEXT))


def test_lifecycle_fields_and_white_are_left_out_or_read_as_clear() -> None:
    data = _data(TEXT)
    moved = {**data, "status": "deprecated", "superseded_by": "AISS-TST-001@2.0.0"}
    assert frozen_digest(moved) == frozen_digest(data)
    assert frozen_digest({**data, "marking": "TLP:WHITE"}) == frozen_digest(data)
    assert frozen_digest({**data, "marking": "TLP:AMBER"}) != frozen_digest(data)
    assert "status" not in content(moved)


@pytest.mark.parametrize("value", [2**53, -(2**53), float("nan"), float("inf")])
def test_values_without_a_canonical_form_are_refused(value: object) -> None:
    with pytest.raises(NotCanonical):
        canonical_form({"x": value})


def test_changed_paths_name_fields_never_values() -> None:
    old = _data(TEXT)
    new = json.loads(json.dumps(old))
    new["test_procedures"][0]["sampling"]["min_items"] = 1
    new["reference_models_policy"] = {"min_count": 9}
    del new["crosswalks"]
    new["status"] = "withdrawn"  # lifecycle: not a change of content
    found = changed_paths(old, new)
    assert found == [
        ("removed", ("crosswalks",)),
        ("added", ("reference_models_policy",)),
        ("changed", ("test_procedures", 0, "sampling", "min_items")),
    ]
    assert [path_text(p) for _, p in found] == [
        "crosswalks",
        "reference_models_policy",
        "test_procedures[0].sampling.min_items",
    ]
    assert changed_paths({"a": 1}, {"a": 1.0}) == []  # one JSON number
    assert changed_paths({"a": 1}, {"a": True}) == [("changed", ("a",))]
    assert changed_paths({"a": [1]}, {"a": [1, 2]}) == [("added", ("a", 1))]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=10,
)


@given(st.dictionaries(st.text(max_size=4), json_values, max_size=4))
def test_equal_digests_exactly_when_no_path_changed(data: dict[str, Any]) -> None:
    other = json.loads(json.dumps(data))
    assert frozen_digest(other) == frozen_digest(data)
    assert changed_paths(data, other) == []
    other["zz-new"] = 1
    assert frozen_digest(other) != frozen_digest(data)
    assert changed_paths(data, other) == [("added", ("zz-new",))]
