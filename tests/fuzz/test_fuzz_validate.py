"""Property tests: whatever bytes or YAML a standard file holds, validation ends in diagnostics.

Every run must end in success or diagnostics (never an exception), within a time bound, and
every diagnostic must point inside the file.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiss.compose.tables import KINDS
from aiss.diagnostics import Diagnostic
from aiss.models import Standard
from aiss.source import parse_yaml
from aiss.validation.document import check_document
from aiss.validation.rules.base import Context, run_rules
from tests.fuzz.mutation import paths

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "fixtures" / "registry" / "AISS-TST-001" / "1.0.0" / "standard.yaml"
SHIPPED = sorted((REPO / "standards").glob("*/*/standard.yaml")) or [BASE]
SEEDS = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in SHIPPED]
EXAMPLES = int(os.environ.get("AISS_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # speed is the benchmarks' business; a slow example under load is no failure
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _validate(raw: bytes) -> list[Diagnostic]:
    doc = parse_yaml("fuzz.yaml", raw)
    checked = check_document(doc, KINDS)
    diags = list(checked.diagnostics)
    if isinstance(checked.model, Standard):
        ctx = Context(None, Path("fuzz.yaml"), {}, frozenset())
        diags += run_rules(KINDS["Standard"].rules, doc, checked.model, ctx)
    lines = raw.count(b"\n") + 2
    for d in diags:
        assert 0 <= d.line <= lines, d
        assert d.column >= 0, d
        assert d.code and d.message
    return diags


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(raw: bytes) -> None:
    _validate(raw)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list(":-[]{},&*!|>'\"#%@`? \n\tabc01.\\")), max_size=400))
def test_yaml_punctuation_soup(text: str) -> None:
    _validate(text.encode("utf-8"))


_weird = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=50),
    st.sampled_from(["\u202e", "\ufeff", "\x85", "\u2028", "𝔄", "no", "1.10", "~", "<script>"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _dump(data: Any) -> bytes:
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    return text.encode("utf-8", "surrogatepass")


@FUZZ
@given(
    st.integers(min_value=0, max_value=len(SEEDS) - 1),
    st.data(),
    st.sampled_from(["delete", "replace", "truncate"]),
)
def test_mutated_standards(seed: int, data: st.DataObject, how: str) -> None:
    doc = copy.deepcopy(SEEDS[seed])
    raw = _dump(doc)
    if how == "truncate":
        cut = data.draw(st.integers(min_value=0, max_value=len(raw)))
        _validate(raw[:cut])
        return
    targets = paths(doc)
    target = data.draw(st.sampled_from(targets))
    parent = doc
    for part in target[:-1]:
        parent = parent[part]
    if how == "delete":
        del parent[target[-1]]
    else:
        parent[target[-1]] = data.draw(_weird)
    try:
        raw = _dump(doc)
    except (UnicodeEncodeError, yaml.YAMLError):
        return
    _validate(raw)
