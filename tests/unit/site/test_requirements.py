"""What a version page says each requirement's check verifies."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from aiss.models.checks import Check
from aiss.site.requirements import describe_check

CHECK: TypeAdapter[Any] = TypeAdapter(Check)


@pytest.mark.parametrize(
    ("check", "shown"),
    [
        (
            {
                "type": "field_value",
                "path": "runs[*].limits.token_limit",
                "procedure": "TP-1",
                "ge": 500000,
            },
            '<code>runs[*].limits.token_limit</code> (runs of <a href="#TP-1">TP-1</a>) ≥ 500,000',
        ),
        (
            {
                "type": "field_value",
                "path": "environment.sandbox.internet_egress",
                "one_of": ["deny", "task_services_only"],
            },
            "<code>environment.sandbox.internet_egress</code> is one of <code>deny</code>, "
            "<code>task_services_only</code>",
        ),
        (
            {
                "type": "field_value",
                "path": "system_under_test.helpful_only_available",
                "equals": False,
            },
            "<code>system_under_test.helpful_only_available</code> equals <code>false</code>",
        ),
        (
            {"type": "same_settings", "procedure": "TP-3", "fields": ["generate_config", "epochs"]},
            'every reference run of <a href="#TP-3">TP-3</a> with the settings of the system '
            "under test's run (<code>generate_config</code>, <code>epochs</code>), computed from "
            "the run records",
        ),
        (
            {"type": "reference_models", "procedure": "TP-1"},
            "the reference models the reference-model policy requires run with the same "
            'settings on <a href="#TP-1">TP-1</a>, computed from the run records',
        ),
        (
            {"type": "reference_models", "min_count": 2},
            "at least 2 reference models run with the same settings, computed from the run records",
        ),
    ],
)
def test_checks_are_described_by_what_they_verify(check: dict[str, Any], shown: str) -> None:
    assert describe_check(CHECK.validate_python(check)) == shown


def test_all_of_lists_every_part() -> None:
    check = CHECK.validate_python(
        {
            "type": "all_of",
            "checks": [
                {"type": "log_valid", "procedure": "TP-2"},
                {"type": "metric_reported", "metric": "M-ASR"},
            ],
        }
    )
    shown = describe_check(check)
    assert shown.startswith("all of: machine-readable logs of ")
    assert '; <a href="#M-ASR">M-ASR</a> reported with its interval' in shown
    assert "a reviewer judges" not in shown
