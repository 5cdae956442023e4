"""What `aiss check` concludes: a verdict per requirement and an overall status per file."""

from __future__ import annotations

from aiss.strenum import StrEnum


class Verdict(StrEnum):
    """Exactly one per active requirement of the standard version checked."""

    PASS = "pass"
    FAIL = "fail"
    INCONCLUSIVE = "inconclusive"
    NOT_APPLICABLE = "not_applicable"
    WAIVED = "waived"
    NEEDS_REVIEW = "needs_review"
    NOT_ASSESSED = "not_assessed"
    NOT_MET = "not_met"
    """A SHOULD or MAY the submitter declares not met (with its reasons): a deviation, not a
    failure."""

    @property
    def satisfied(self) -> bool:
        """Passed, not applicable or waived: what a MUST needs."""
        return self in (Verdict.PASS, Verdict.NOT_APPLICABLE, Verdict.WAIVED)

    @property
    def failed(self) -> bool:
        """Fails a MUST: not met, or not assessed for want of data."""
        return self in (Verdict.FAIL, Verdict.NOT_ASSESSED)

    @property
    def undecided(self) -> bool:
        """Leaves a MUST undecided: the data or a reviewer has yet to decide."""
        return self in (Verdict.INCONCLUSIVE, Verdict.NEEDS_REVIEW)


class Overall(StrEnum):
    """The overall status of one checked file; the first two count as conformant (exit 0)."""

    CONFORMANT = "conformant"
    CONFORMANT_WITH_DEVIATIONS = "conformant_with_deviations"
    INCOMPLETE = "incomplete"
    NON_CONFORMANT = "non_conformant"
    INVALID = "invalid"

    @property
    def conformant(self) -> bool:
        return self in (Overall.CONFORMANT, Overall.CONFORMANT_WITH_DEVIATIONS)
