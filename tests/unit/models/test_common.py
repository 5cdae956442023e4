"""SemVer value object: parse, order, bump."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiss.models import SemVer
from aiss.models.common import InvalidVersion

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
