"""SemVer value object: parse, order, bump; TLP labels read from raw data."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiss.models import SemVer
from aiss.models.common import InvalidVersion, Tlp

parts = st.integers(min_value=0, max_value=10_000)


@given(parts, parts, parts)
def test_round_trip(major: int, minor: int, patch: int) -> None:
    text = f"{major}.{minor}.{patch}"
    assert str(SemVer.parse(text)) == text


@given(parts, parts, parts, parts, parts, parts)
def test_order_is_numeric_not_lexical(a: int, b: int, c: int, x: int, y: int, z: int) -> None:
    assert (SemVer(a, b, c) < SemVer(x, y, z)) == ((a, b, c) < (x, y, z))


def test_prerelease_orders_before_release() -> None:
    assert SemVer.parse("1.0.0-rc.1") < SemVer.parse("1.0.0")
    assert SemVer.parse("1.0.0-alpha") < SemVer.parse("1.0.0-alpha.1") < SemVer.parse("1.0.0-beta")
    assert SemVer.parse("1.0.0-rc.2") < SemVer.parse("1.0.0-rc.10")
    assert SemVer.parse("1.10.0") > SemVer.parse("1.9.0")


@pytest.mark.parametrize("bad", ["1.10", "01.0.0", "1.0", "v1.0.0", "1.0.0.0", "", "1.0.x"])
def test_invalid_versions_are_refused(bad: str) -> None:
    assert not SemVer.is_valid(bad)
    with pytest.raises(InvalidVersion, match="not a semantic version"):
        SemVer.parse(bad)


def test_bump() -> None:
    v = SemVer.parse("1.4.2")
    assert (str(v.bump("major")), str(v.bump("minor")), str(v.bump("patch"))) == (
        "2.0.0",
        "1.5.0",
        "1.4.3",
    )
    with pytest.raises(ValueError):
        v.bump("micro")


def test_a_version_is_an_immutable_value() -> None:
    v = SemVer.parse("1.4.2")
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.major = 2  # type: ignore[misc]
    assert v == SemVer(1, 4, 2) and hash(v) == hash(SemVer.parse("1.4.2"))
    assert {SemVer.parse("1.0.0"), SemVer(1, 0, 0)} == {SemVer(1, 0, 0)}
    assert issubclass(InvalidVersion, ValueError)  # callers that catch ValueError still work


def test_labels_in_reads_every_part_at_any_depth() -> None:
    data = {
        "marking": {"tlp": "TLP:WHITE", "public_summary_marking": "TLP:CLEAR"},
        "runs": [{"log": {"marking": "TLP:GREEN"}}],
        "claims": {"odd": [{"evidence": [{"marking": "TLP:AMBER"}]}]},
    }
    assert sorted(t.rank for t in Tlp.labels_in(data)) == [0, 0, 1, 2]
    assert Tlp.strictest_in(data) is Tlp.AMBER


@pytest.mark.parametrize(
    "data",
    [
        None,
        "text",
        {"kind": "ResultSubmission"},  # no label of its own
        {"marking": {"tlp": "TLP:CLEAR"}, "claims": [{"marking": "TLP:PURPLE"}]},
        {"marking": {"tlp": "TLP:CLEAR"}, "claims": [{"marking": 3}]},
    ],
)
def test_strictest_in_reads_what_it_cannot_read_as_amber_strict(data: object) -> None:
    assert Tlp.strictest_in(data) is Tlp.AMBER_STRICT


def test_strictest_in_of_a_clear_document_is_clear() -> None:
    assert Tlp.strictest_in({"marking": "TLP:CLEAR", "title": "TLP:AMBER in a text"}) is Tlp.CLEAR
