"""jcs: the same bytes (or the same refusal) as the reference `rfc8785` package, on any data."""

from __future__ import annotations

import math
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from aiss import jcs

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.floats(min_value=-1e-3, max_value=1e-3)
    | st.sampled_from([1e16, 1e21, 1e-7, 123456789012345680000.0, -0.0, 2.0**53, 0.1 + 0.2])
    | st.text()
    | st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(["\ud800", "\U0001f600"]))
)
KEYS = st.text(max_size=5) | st.sampled_from(["\ue000", "\U00010000", "a\x1f", '"\\'])
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=20,
)


def _outcome(fn: Any, value: Any) -> tuple[str, bytes | str]:
    try:
        return "ok", fn(value)
    except Exception as exc:  # the same kind of refusal is what is compared
        return "error", type(exc).__name__


@settings(max_examples=600, deadline=None)
@given(JSON)
def test_the_same_as_the_reference_on_random_data(value: Any) -> None:
    assert _outcome(jcs.dumps, value) == _outcome(rfc8785.dumps, value)


@settings(max_examples=2000, deadline=None)
@given(st.floats(min_value=1e-4, max_value=1e16) | st.floats(min_value=-1e16, max_value=-1e-4))
def test_floats_orjson_writes_are_ecmascript_s(f: float) -> None:
    # the floats left to orjson: its shortest round-trip form must be ECMAScript's, no exponent
    assert jcs.dumps([f, {"k": f}]) == rfc8785.dumps([f, {"k": f}])


@pytest.mark.parametrize(
    "value",
    [
        {"b": 1.0, "a": [0.5, -0.0, 1e-5, 1e16, 1e21, 2.5e-7]},
        {"\U0001f600": 1, "\ue000": 2},
        {"text": 'line\nbreak \x07 \u2028 "quoted" \\'},
        [2**53 - 1, -(2**53 - 1)],
        {"nested": [{"z": True, "y": None}]},
    ],
)
def test_edge_cases_match(value: Any) -> None:
    assert jcs.dumps(value) == rfc8785.dumps(value)


@pytest.mark.parametrize("value", [2**53, math.inf, math.nan, {1: "x"}, "\ud800"])
def test_what_has_no_canonical_form_is_refused(value: Any) -> None:
    with pytest.raises(jcs.CanonicalizationError):
        jcs.dumps(value)


def test_the_data_is_not_changed() -> None:
    data = {"x": [1.0, {"y": 2.0}]}
    jcs.dumps(data)
    assert data == {"x": [1.0, {"y": 2.0}]} and type(data["x"][0]) is float
