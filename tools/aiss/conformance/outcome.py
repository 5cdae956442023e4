"""The outcome of one check (verdict, stable reason code, a sentence, the evidence location),
and a problem found in a submission (a code, a sentence, where it is)."""

from __future__ import annotations

from dataclasses import dataclass

from aiss.diagnostics import Loc
from aiss.models.verdicts import Verdict


@dataclass(frozen=True)
class Outcome:
    """A check's verdict, its stable reason code, a sentence, and where the evidence is."""

    verdict: Verdict
    reason: str
    message: str
    loc: Loc = ()


@dataclass(frozen=True)
class Problem:
    """Something in the submission that contradicts the evidence or breaks a pin of the
    standard: becomes an error diagnostic at `loc`."""

    loc: Loc
    code: str
    message: str
    hint: str | None = None
    procedure: str | None = None
    """The procedure whose results it puts in doubt, if one."""
    run: str | None = None
    """The run it concerns, if one."""
