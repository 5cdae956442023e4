"""StrEnum members read, print, format and serialise as their value."""

from __future__ import annotations

import json

from aiss.strenum import StrEnum


class Colour(StrEnum):
    RED = "red"


def test_members_are_their_value_as_text() -> None:
    assert f"{Colour.RED}" == str(Colour.RED) == "red"
    assert f"{Colour.RED:>5}" == "  red"
    assert json.dumps({"c": Colour.RED}) == '{"c": "red"}'
    assert str.__eq__(Colour.RED, "red") and Colour("red") is Colour.RED
