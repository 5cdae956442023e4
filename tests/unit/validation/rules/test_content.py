"""Registry rules on one standard: BCP 14 keywords and the lifecycle."""

from __future__ import annotations

import pytest

from aiss.models import Level
from aiss.validation.rules.content import keyword_levels


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("The evaluator MUST run TP-1.", [Level.MUST]),
        ("Artifacts MUST NOT be published.", [Level.MUST_NOT]),
        ("It SHALL NOT happen and is NOT RECOMMENDED.", [Level.MUST_NOT, Level.SHOULD_NOT]),
        ("The report SHOULD give it; it is OPTIONAL to add more.", [Level.SHOULD, Level.MAY]),
        ("Lower-case must and should are not keywords (RFC 8174).", []),
        ("MUSTER and MAYBE are not keywords.", []),
    ],
)
def test_keyword_levels(text: str, levels: list[Level]) -> None:
    assert keyword_levels(text) == levels
