"""Attestations: the digest a review or waiver names, and (with `aiss.signing`) the signed
envelopes a submission lists, verified against the keys its registry lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from aiss.compose.tables import KINDS
from aiss.conformance.intake import Intake, parse_submission
from aiss.diagnostics import Diagnostic
from aiss.loading import read_file
from aiss.source import DEFAULT_LIMITS, Limits


@dataclass(frozen=True)
class Digested:
    """A submission file read for its digest."""

    display: str
    intake: Intake | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def digest(self) -> str | None:
        ok = self.intake is not None and self.intake.submission is not None
        return self.intake.digest if ok and self.intake is not None else None


def read_submission(path: Path, limits: Limits = DEFAULT_LIMITS) -> Digested:
    """Parse a submission file (YAML or JSON) as `aiss check` does, for its digest."""
    rf = read_file(path, max_bytes=limits.max_bytes)
    if rf.raw is None:
        assert rf.problem is not None
        return Digested(rf.display, None, [rf.problem])
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    intake = parse_submission(rf.display, rf.raw, KINDS, fmt=fmt, limits=limits)
    errors = [d for d in intake.diagnostics if d.is_error]
    return Digested(rf.display, intake, errors)
