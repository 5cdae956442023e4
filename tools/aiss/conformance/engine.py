"""Submission + standard version -> one verdict per requirement, findings, overall status.

Order (domain.md §3.3): intake problems make the file `invalid`; then findings are computed, so
that escalation conditions (`applies_if: {path: findings.<metric>, ...}`) can read them; then
each active requirement gets exactly one verdict: `not_applicable` when `applies_if` is false or
the submitter claimed so with a justification, `waived` when a waiver from one of the
standard's issuers is recorded, `fail` when a run it rests on did not succeed or is not
comparable, and otherwise the verdict of its check. The overall status follows §3.3 exactly.
"""

from __future__ import annotations

from typing import Any

from aiss.conformance import checks as ck
from aiss.conformance.findings import findings
from aiss.conformance.intake import Intake
from aiss.conformance.outcome import Outcome
from aiss.conformance.paths import deepest_existing, empty
from aiss.conformance.provenance import status_outcome, task_version
from aiss.conformance.report import ConformanceReport, Coverage, RequirementVerdict
from aiss.conformance.results import artifact_markings, recompute_rows, reference_warnings
from aiss.conformance.subject import Subject
from aiss.diagnostics import Diagnostic, Severity, sorted_diagnostics
from aiss.models.checks import MetricReported, MetricThreshold
from aiss.models.common import Tlp
from aiss.models.standard import Condition, Level, Requirement, Standard, Status
from aiss.models.verdicts import Overall, Verdict

_RESULT_CHECKS = ("min_samples", "metric_threshold", "metric_reported")
"""Checks that rest on a run's results: a failed or incomparable run fails them."""


def _value_at(s: Subject, path: str) -> Any:
    parts = path.split(".")
    if parts[0] == "findings" and len(parts) == 2:
        return next(
            (
                band
                for mid, band in s.findings_bands.items()
                if mid.lower().replace("-", "_") == parts[1]
            ),
            None,
        )
    node: Any = s.data()
    for part in parts:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def applies(s: Subject, cond: Condition) -> bool:
    """Evaluate an `applies_if` condition; a list value matches when any element does."""
    value = _value_at(s, cond.path)
    values = value if isinstance(value, list) else [value]
    if cond.present is not None and cond.present == empty(value):
        return False
    if cond.equals is not None and cond.equals not in values:
        return False
    return cond.one_of is None or any(v in cond.one_of for v in values)


def _procedure_of(s: Subject, req: Requirement) -> str | None:
    chk = req.check
    if isinstance(chk, MetricThreshold | MetricReported):
        metric = s.metric(chk.metric)
        return metric.procedure if metric else None
    return getattr(chk, "procedure", None)


def _override(s: Subject, req: Requirement) -> Outcome | None:
    """Claims (N/A, waiver) and failed or incomparable runs, before the check itself."""
    if req.applies_if is not None and not applies(s, req.applies_if):
        path = req.applies_if.path
        return Outcome(
            Verdict.NOT_APPLICABLE,
            "condition-not-met",
            f"applies only if {path} matches; it does not",
            deepest_existing(s.data(), tuple(path.split("."))),
        )
    found = s.claim(req.id)
    if found is not None:
        i, claim = found
        if claim.status == "not_applicable":
            if claim.justification:
                return Outcome(
                    Verdict.NOT_APPLICABLE,
                    "claimed-not-applicable",
                    claim.justification,
                    ("claims", i),
                )
            return Outcome(
                Verdict.FAIL,
                "not-applicable-unjustified",
                f"{req.id} is claimed not applicable without a justification",
                ("claims", i),
            )
        if claim.status == "waived":
            w = claim.waiver
            if w is not None and w.issued_by in s.issuers:
                return Outcome(
                    Verdict.WAIVED,
                    "waiver-recorded",
                    f"waiver {w.id} by {w.issued_by} ({w.reference})",
                    ("claims", i, "waiver"),
                )
            who = w.issued_by if w else "nobody"
            return Outcome(
                Verdict.FAIL,
                "waiver-not-recognised",
                f"the waiver is issued by {who}, not by an issuer of {s.std.id} ({', '.join(s.std.issuers)})",
                ("claims", i),
            )
    if req.check.type not in _RESULT_CHECKS:
        return None
    pid = _procedure_of(s, req)
    for i, run in s.runs(pid) if pid else []:
        if run.status != "success":
            return status_outcome(i, run)
    for i, run in s.runs(pid) if pid else []:
        if (why := _incomparable(s, run)) is not None:
            return Outcome(Verdict.FAIL, "not-comparable", f"run {run.id}: {why}", ("runs", i))
    return None


def _incomparable(s: Subject, run: Any) -> str | None:
    proc = s.procedure(run.procedure)
    if proc is None:
        return None
    pin, got = (
        proc.implementation.task_version,
        task_version(run.task.version if run.task else None),
    )
    if pin is not None and got is not None and got[0] != pin.comparability:
        return f"task version {run.task.version!r} is not comparable with the pinned {pin.comparability}"
    ds, dpin = run.dataset, proc.implementation.dataset
    if (
        ds is not None
        and dpin is not None
        and dpin.revision
        and ds.revision
        and ds.revision != dpin.revision
    ):
        return f"dataset revision {ds.revision!r} differs from the pinned {dpin.revision!r}"
    return None


def verdicts(s: Subject, intake: Intake) -> list[RequirementVerdict]:
    out = []
    for req in s.std.active_requirements():
        outcome = _override(s, req) or ck.CHECKS[req.check.type](s, req, req.check)
        where = None
        if outcome.loc:
            where = intake.location(outcome.loc)
        out.append(
            RequirementVerdict(
                req.id,
                req.level,
                req.title,
                req.check.type,
                outcome.verdict,
                outcome.reason,
                outcome.message,
                where,
            )
        )
    return out


_SHOULD = (Level.SHOULD, Level.SHOULD_NOT)


def overall(std: Standard, reqs: list[RequirementVerdict]) -> tuple[Overall, str]:
    """(status, reason) from the verdicts, by the rules of domain.md §3.3."""
    if std.status in (Status.DRAFT, Status.PROPOSED):
        return Overall.NON_CONFORMANT, "standard-not-published"
    if std.status is Status.WITHDRAWN:
        return Overall.NON_CONFORMANT, "standard-withdrawn"
    must = [r for r in reqs if r.level.mandatory]
    should = [r for r in reqs if r.level in _SHOULD]
    if any(r.verdict.failed for r in must):
        return Overall.NON_CONFORMANT, "must-not-met"
    if any(r.verdict.undecided for r in must):
        return Overall.INCOMPLETE, "must-undecided"
    if any(not r.verdict.satisfied for r in should):
        return Overall.CONFORMANT_WITH_DEVIATIONS, "should-not-met"
    return Overall.CONFORMANT, "all-met"


def coverage(reqs: list[RequirementVerdict]) -> Coverage:
    must = [r for r in reqs if r.level.mandatory]
    return Coverage(len(must), sum(1 for r in must if r.verdict.satisfied))


def _status_diagnostics(intake: Intake, std: Standard) -> list[Diagnostic]:
    loc = ("standard", "version")
    ref = f"{std.id}@{std.version}"
    if std.status in (Status.DRAFT, Status.PROPOSED):
        return [
            intake.diagnostic(
                loc,
                "standard-not-published",
                f"{ref} is {std.status.value}: only a published version can be conformed to",
            )
        ]
    if std.status is Status.WITHDRAWN:
        return [
            intake.diagnostic(
                loc,
                "standard-withdrawn",
                f"{ref} is withdrawn" + (f"; use {std.superseded_by}" if std.superseded_by else ""),
            )
        ]
    if std.status is Status.DEPRECATED:
        return [
            intake.diagnostic(
                loc,
                "standard-deprecated",
                f"{ref} is deprecated"
                + (f"; {std.superseded_by} supersedes it" if std.superseded_by else ""),
                severity=Severity.WARNING,
            )
        ]
    return []


def _unjustified(s: Subject, intake: Intake, reqs: list[RequirementVerdict]) -> list[Diagnostic]:
    out = []
    for r in reqs:
        if r.level not in _SHOULD or r.verdict.satisfied:
            continue
        found = s.claim(r.id)
        if found is None or not found[1].justification:
            loc = ("claims",)
            out.append(
                intake.diagnostic(
                    loc,
                    "should-not-met-unjustified",
                    f"{r.id} ({r.level}) is {r.verdict} and no justification is given",
                    severity=Severity.WARNING,
                    hint=f"add a claim for {r.id} with status not_met and a justification",
                )
            )
    return out


def evaluate(
    intake: Intake, std: Standard, *, log_hashes: dict[str, str] | None = None
) -> ConformanceReport:
    """Check a valid submission (intake without errors) against `std`."""
    sub = intake.submission
    assert sub is not None
    s = Subject(sub, std, intake.samples, log_hashes or {})
    found = findings(s)
    s.findings_bands = {f.metric: f.band for f in found}
    reqs = verdicts(s, intake)
    status, reason = overall(std, reqs)
    diags = list(intake.diagnostics)
    diags += _status_diagnostics(intake, std) + reference_warnings(s, intake)
    rows, recompute_diags = recompute_rows(s, intake)
    diags += recompute_diags + _unjustified(s, intake, reqs)
    return ConformanceReport(
        path=intake.path,
        overall=status,
        reason=reason,
        marking=Tlp.most_restrictive([sub.marking.tlp, std.marking, *artifact_markings(sub)]),
        standard=f"{std.id}@{std.version}",
        standard_status=std.status.value,
        submission_id=sub.submission_id,
        embargo_until=sub.marking.embargo_until.isoformat() if sub.marking.embargo_until else None,
        coverage=coverage(reqs),
        requirements=reqs,
        findings=found,
        recomputed=rows,
        diagnostics=sorted_diagnostics(diags),
        expected_verdict=sub.example.expected_verdict if sub.example else None,
    )
