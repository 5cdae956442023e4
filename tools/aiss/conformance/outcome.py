"""The outcome of one check: verdict, stable reason code, a sentence, the evidence location."""

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
