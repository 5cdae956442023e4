"""`aiss redact`: a restricted submission read, checked by the one check path, and turned into
its TLP:CLEAR public summary (`aiss.exchange.redact`), which is validated again before it is
returned: a summary that would not validate is never written."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from aiss.compose.check import SubmissionFile
from aiss.compose.registries import registry_checker
from aiss.compose.tables import KINDS
from aiss.conformance import serialize
from aiss.conformance.intake import parse_submission
from aiss.conformance.pipeline import Standards
from aiss.conformance.report import ConformanceReport
from aiss.errors import UsageError
from aiss.exchange.redact import redact
from aiss.loading import read_file
from aiss.models.submission import ResultSubmission
from aiss.models.verdicts import Overall
from aiss.source import DEFAULT_LIMITS, Limits

CONTRADICTED = frozenset(
    {
        # its figures, by its own per-sample scores or counts
        "recomputed-value-mismatch",
        "recomputed-interval-mismatch",
        "value-disagrees-with-counts",
        "interval-disagrees-with-counts",
        "value-outside-interval",
        "count-disagrees-with-samples",
        # its figures, records or runs, by the logs and samples files read beside it
        "value-disagrees-with-log",
        "log-disagrees-with-run",
        "log-sha256-mismatch",
        "samples-sha256-mismatch",
        "evidence-sha256-mismatch",
    }
)
"""A source whose figures or runs its own evidence contradicts is never summarised: the
summary would publish what the submission states, without the scores, counts or logs that
refute it (records that agree with a stated value but not with the log they came from)."""


@dataclass(frozen=True)
class Redacted:
    """The public summary, its text, the source's digest and the source's check."""

    summary: ResultSubmission
    text: str
    source_sha256: str
    report: ConformanceReport


def redact_file(path: Path, standards: Standards, limits: Limits = DEFAULT_LIMITS) -> Redacted:
    """The public summary of the submission at `path`; a usage error when it cannot be made."""
    rf = read_file(path, max_bytes=limits.max_bytes)
    if rf.raw is None:
        assert rf.problem is not None
        raise UsageError(rf.problem.message)
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    intake = parse_submission(rf.display, rf.raw, KINDS, fmt=fmt, limits=limits)
    sub = intake.submission
    if intake.refused:
        raise UsageError(f"{rf.display} is marked TLP:RED: it is never redacted for publication")
    if sub is None or any(d.is_error for d in intake.diagnostics):
        raise UsageError(f"{rf.display} does not validate; run `aiss validate {rf.display}`")
    report = registry_checker(standards, limits)(SubmissionFile(path))
    if report.overall is Overall.INVALID:
        first = next((d for d in report.diagnostics if d.is_error), None)
        why = f": {first.message} [{first.code}]" if first is not None else ""
        raise UsageError(
            f"{rf.display} does not check against the registry ({report.reason}{why}), so "
            "its figures were checked against nothing and no public summary of it is written"
        )
    contradicted = [d for d in report.diagnostics if d.code in CONTRADICTED]
    if contradicted:
        found = "; ".join(f"{d.message} [{d.code}]" for d in contradicted[:3])
        raise UsageError(
            f"{rf.display}: its own evidence contradicts it ({found}), so no public summary "
            "of it is written: correct the source first"
        )
    digest = hashlib.sha256(rf.raw).hexdigest()
    summary = redact(sub, report, digest, intake.digest)
    text = serialize.to_yaml(summary)
    again = parse_submission(rf.display, text.encode("utf-8"), KINDS, limits=limits)
    if again.submission is None or any(d.is_error for d in again.diagnostics):
        first = next(d for d in again.diagnostics if d.is_error)
        raise AssertionError(f"the public summary does not validate: {first.code} {first.message}")
    return Redacted(summary, text, digest, report)
