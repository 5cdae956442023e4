"""Verdicts and overall statuses are enums with the sets the engine decides on."""

from __future__ import annotations

import typing

from aiss.models.submission import Verdict as DeclaredVerdict
from aiss.models.verdicts import Overall, Verdict


def test_each_verdict_is_in_exactly_one_group() -> None:
    for v in Verdict:
        assert [v.satisfied, v.failed, v.undecided].count(True) <= 1, v
    assert {v for v in Verdict if v.satisfied} == {"pass", "not_applicable", "waived"}
    assert {v for v in Verdict if v.failed} == {"fail", "not_assessed"}
    assert {v for v in Verdict if v.undecided} == {"inconclusive", "needs_review"}


def test_overall_statuses_match_what_examples_may_declare() -> None:
    assert set(typing.get_args(DeclaredVerdict)) == {o.value for o in Overall}
    assert {o for o in Overall if o.conformant} == {"conformant", "conformant_with_deviations"}
