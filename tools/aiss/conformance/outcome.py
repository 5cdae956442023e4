"""The outcome of one check: verdict, stable reason code, a sentence, the evidence location."""

from __future__ import annotations

from dataclasses import dataclass

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Outcome:
    """A check's verdict, its stable reason code, a sentence, and where the evidence is."""

    verdict: str
    reason: str
    message: str
    loc: Loc = ()
