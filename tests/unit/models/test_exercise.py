"""The exercise record model: one lead at most, and when its summary may be published."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from aiss.models.exercise import Exercise


def _data(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema_version": "1.0.0",
        "kind": "Exercise",
        "id": "EX-2026-001",
        "title": "t",
        "status": "published",
        "marking": {"tlp": "TLP:AMBER", "embargo_until": "2026-03-01"},
        "model_under_test": {"model": {"provider_id": "m"}},
        "organisations": [{"org": "uk-aisi", "role": "lead"}],
        "standards": [{"id": "AISS-JNT-001", "version": "1.0.0"}],
        "public_summary": {"marking": "TLP:CLEAR", "title": "T", "text": "x"},
    }
    data.update(over)
    return data


def test_published_only_when_clear_complete_and_past_the_embargo() -> None:
    ex = Exercise.model_validate(_data())
    assert not ex.published_on(dt.date(2026, 2, 28))
    assert ex.published_on(dt.date(2026, 3, 1))
    running = Exercise.model_validate(_data(status="running"))
    assert not running.published_on(dt.date(2027, 1, 1))
    green = Exercise.model_validate(
        _data(public_summary={"marking": "TLP:GREEN", "title": "T", "text": "x"})
    )
    assert not green.published_on(dt.date(2027, 1, 1))
    assert not Exercise.model_validate(_data(public_summary=None)).published_on(dt.date.max)


def test_at_most_one_lead_and_ids_are_checked() -> None:
    two = [{"org": "a", "role": "lead"}, {"org": "b", "role": "lead"}]
    with pytest.raises(ValidationError, match="at most one lead"):
        Exercise.model_validate(_data(organisations=two))
    with pytest.raises(ValidationError):
        Exercise.model_validate(_data(id="EX-26-1"))
    with pytest.raises(ValidationError):
        Exercise.model_validate(
            _data(submissions=[{"path": "../x.yaml", "sha256": "0" * 64, "org": "a"}])
        )
