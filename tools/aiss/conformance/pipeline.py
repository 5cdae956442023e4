"""From an intake to a report: refusals and invalid files first, then the standard, then the engine."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from aiss.conformance.engine import evaluate
from aiss.conformance.intake import Intake
from aiss.conformance.report import ConformanceReport
from aiss.diagnostics import Diagnostic, sorted_diagnostics
from aiss.models.common import Tlp
from aiss.models.verdicts import Overall
from aiss.registry import Entry

Lookup = Callable[[str, str], Entry | None]
"""(standard id, version) -> the registry entry, or None when the registry has no such version."""


def _readable_marking(intake: Intake) -> Tlp:
    """The marking of a file that failed validation: its label if readable, else AMBER+STRICT.

    An unreadable marking is treated as restrictive, since the report may quote the file.
    """
    data = intake.doc.data
    marking = data.get("marking") if isinstance(data, dict) else None
    label = marking.get("tlp") if isinstance(marking, dict) else None
    try:
        return Tlp(label)
    except ValueError:
        return Tlp.AMBER_STRICT


def invalid(
    intake: Intake, reason: str, extra: list[Diagnostic] | None = None
) -> ConformanceReport:
    marking = Tlp.RED if intake.refused else _readable_marking(intake)
    return ConformanceReport(
        path=intake.path,
        overall=Overall.INVALID,
        reason=reason,
        marking=marking,
        diagnostics=sorted_diagnostics([*intake.diagnostics, *(extra or [])]),
    )


def check_intake(
    intake: Intake, lookup: Lookup, *, log_hashes: Mapping[str, str] | None = None
) -> ConformanceReport:
    """The conformance report of one submission after intake."""
    if intake.refused:
        return invalid(intake, "tlp-red-refused")
    sub = intake.submission
    if sub is None or not intake.valid:
        return invalid(intake, "invalid-document")
    claim = sub.standard
    entry = lookup(claim.id, claim.version)
    loc = ("standard",)
    if entry is None:
        problem = intake.diagnostic(
            (*loc, "version"),
            "standard-not-found",
            f"the registry has no {claim.id}@{claim.version}",
            hint="check the id and version against the registry (`aiss validate` lists them)",
        )
        return invalid(intake, "standard-not-found", [problem])
    if claim.sha256 is not None and claim.sha256 != entry.sha256:
        problem = intake.diagnostic(
            (*loc, "sha256"),
            "standard-sha256-mismatch",
            f"the submission was prepared against a {entry.ref} whose sha256 is "
            f"{claim.sha256[:12]}...; the registry's file has {entry.sha256[:12]}...",
        )
        return invalid(intake, "standard-sha256-mismatch", [problem])
    return evaluate(intake, entry.standard, log_hashes=dict(log_hashes or {}))
