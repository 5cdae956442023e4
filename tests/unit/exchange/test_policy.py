"""TLP 2.0: who may receive a file."""

from __future__ import annotations

import pytest

from aiss.exchange.policy import part_refusals, refusal
from aiss.models.common import Tlp

OWN = ("uk-aisi",)


@pytest.mark.parametrize(
    ("marking", "recipient", "shared", "allowed"),
    [
        (Tlp.CLEAR, "anyone", (), True),
        (Tlp.GREEN, "us-caisi", (), True),
        (Tlp.GREEN, "outsider", (), False),
        (Tlp.AMBER, "us-caisi", ("us-caisi",), True),
        (Tlp.AMBER, "us-caisi", (), False),
        (Tlp.AMBER_STRICT, "uk-aisi", (), True),
        (Tlp.AMBER_STRICT, "us-caisi", (), False),
        (Tlp.AMBER_STRICT, "us-caisi", ("us-caisi",), True),
        (Tlp.RED, "uk-aisi", ("uk-aisi",), False),
    ],
)
def test_who_may_receive(
    marking: Tlp, recipient: str, shared: tuple[str, ...], allowed: bool
) -> None:
    why = refusal(
        marking, recipient, own=OWN, shared_with=shared, community={"uk-aisi", "us-caisi"}
    )
    assert (why is None) == allowed
    if why is not None:
        assert marking.value in why


def test_every_part_must_go_to_the_recipient() -> None:
    parts = [
        ("$.claims[0]", Tlp.AMBER_STRICT),
        ("$.claims[1]", Tlp.GREEN),
        ("$.runs[0].log", Tlp.AMBER),
    ]
    community = {"uk-aisi", "us-caisi"}
    found = part_refusals(parts, "us-caisi", own=OWN, community=community)
    assert len(found) == 2
    assert found[0].startswith("its part $.claims[0] is marked TLP:AMBER+STRICT")
    assert found[1].startswith("its part $.runs[0].log is marked TLP:AMBER")
    assert part_refusals(parts, "uk-aisi", own=OWN, community=community) == []
    shared = part_refusals(
        parts, "us-caisi", own=OWN, shared_with=["us-caisi"], community=community
    )
    assert shared == []
