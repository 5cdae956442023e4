"""From an intake to a report: refusals and invalid files first, then the standard, then the engine."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from aiss.conformance.engine import evaluate
from aiss.conformance.evidence import Evidence
from aiss.conformance.intake import Intake
from aiss.conformance.report import ConformanceReport
from aiss.diagnostics import Diagnostic, sorted_diagnostics
from aiss.models.common import Tlp
from aiss.models.verdicts import Overall
from aiss.registry import Entry
from aiss.versions.canonical import NotCanonical, frozen_digest


class Standards(Protocol):
    """Where a submission's claimed standard version is looked up."""

    def get(self, sid: str, version: str) -> Entry | None:
        """The version, or None when there is no such version (or it cannot be used)."""
        ...

    def unusable(self, sid: str, version: str) -> str | None:
        """Why a version that exists cannot be used (its file does not validate), or None."""
        ...

    def latest(self, sid: str) -> Entry | None:
        """The newest published version of `sid`, when known."""
        ...

    def refs(self) -> list[str]:
        """Every `ID@version` there is (for did-you-mean)."""
        ...


@dataclass(frozen=True)
class Lookup:
    """`Standards` from a lookup function alone (tests, in-memory registries)."""

    fn: Callable[[str, str], Entry | None]

    def get(self, sid: str, version: str) -> Entry | None:
        return self.fn(sid, version)

    def unusable(self, sid: str, version: str) -> str | None:
        return None

    def latest(self, sid: str) -> Entry | None:
        return None

    def refs(self) -> list[str]:
        return []


def _readable_marking(intake: Intake) -> Tlp:
    """The marking of a file that failed validation: the most restrictive label anywhere in
    it (its claims', evidence's and logs' as well as its own), AMBER+STRICT where a label is
    unreadable: the report may quote any part of the file."""
    return Tlp.strictest_in(intake.doc.data)


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


def _digests(entry: Entry) -> list[str]:
    """What a submission may cite a standard version by: its file's sha256, or the content
    digest the lock keeps (lifecycle fields left out, so a deprecation keeps it)."""
    data = entry.doc.data
    try:
        return [entry.sha256, frozen_digest(data)] if isinstance(data, dict) else [entry.sha256]
    except NotCanonical:
        return [entry.sha256]


def check_intake(
    intake: Intake,
    standards: Standards | Callable[[str, str], Entry | None],
    *,
    evidence: Evidence | None = None,
) -> ConformanceReport:
    """The conformance report of one submission after intake."""
    found = standards if not callable(standards) else Lookup(standards)
    if intake.refused:
        return invalid(intake, "tlp-red-refused")
    sub = intake.submission
    if sub is None or not intake.valid:
        return invalid(intake, "invalid-document")
    claim = sub.standard
    ref = f"{claim.id}@{claim.version}"
    loc = ("standard",)
    why = found.unusable(claim.id, claim.version)
    if why is not None:
        problem = intake.diagnostic(
            (*loc, "version"),
            "standard-invalid",
            f"{ref} is in the registry but cannot be used: {why}",
            hint=f"fix the standard first (`aiss validate` on {claim.id}/{claim.version}/)",
        )
        return invalid(intake, "standard-invalid", [problem])
    entry = found.get(claim.id, claim.version)
    if entry is None:
        close = difflib.get_close_matches(ref, found.refs(), n=1, cutoff=0.6)
        same_id = [r for r in found.refs() if r.partition("@")[0] == claim.id]
        hint = (
            f"did you mean {close[0]}?"
            if close
            else f"{claim.id} has {', '.join(same_id)}"
            if same_id
            else "check `standard.id` and `standard.version` against the registry, or give "
            "the registry that has it (--root)"
        )
        problem = intake.diagnostic(
            (*loc, "version"), "standard-not-found", f"the registry has no {ref}", hint=hint
        )
        return invalid(intake, "standard-not-found", [problem])
    if claim.sha256 is not None and claim.sha256 not in _digests(entry):
        problem = intake.diagnostic(
            (*loc, "sha256"),
            "standard-sha256-mismatch",
            f"the submission was prepared against a {entry.ref} whose sha256 is "
            f"{claim.sha256[:12]}...; the registry's file has {entry.sha256[:12]}... (its "
            f"content digest, which a lifecycle change keeps, {_digests(entry)[-1][:12]}...)",
            hint="cite the version's content digest (`aiss lock --digest ID@VERSION`)",
        )
        return invalid(intake, "standard-sha256-mismatch", [problem])
    latest = found.latest(claim.id)
    current = latest.ref if latest is not None and latest.ref != entry.ref else None
    return evaluate(intake, entry.standard, evidence, current=current)
