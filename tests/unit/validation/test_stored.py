"""stored.exact_json: a file's data is stored as JSON only when JSON gives it back exactly."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import orjson
import pytest

from aiss.validation.stored import exact_json


@pytest.mark.parametrize(
    "data",
    [
        {"id": "AISS-X-001", "n": 3, "p": 0.25, "ok": True, "tags": ["a", "b"]},
        {"empty": None, "nested": [{"x": None}]},  # `null` in the JSON: parsed again, the same
        {"text": "nullable, not null"},
        [2**63 - 1, -(2**63), 1e300, -0.0],
    ],
)
def test_data_json_gives_back_is_stored(data: Any) -> None:
    blob = exact_json(data)
    assert blob is not None and orjson.loads(blob) == data


@pytest.mark.parametrize(
    "data",
    [
        {"score": math.nan},  # written as null
        {"score": [1.0, math.inf]},
        {"big": 2**70},  # beyond 64 bits
        {1: "a key that is not text"},
        {"lone": "\ud800"},
        {"when": dt.date(2026, 1, 1)},  # would come back as text
    ],
)
def test_data_json_would_change_is_not_stored(data: Any) -> None:
    assert exact_json(data) is None
