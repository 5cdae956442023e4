"""Submission + standard version (+ evidence) -> one verdict per requirement, findings, status.

Order (domain.md §3.3): intake problems make the file `invalid`; then what the standard pins
is checked against what was run (`pins`, `references`), and the submission against its
evidence (`logs`, `observed`): every broken pin and every contradicted claim is an error and
makes the submission `non_conformant`, whatever the requirements say. Then findings (no band
from a procedure whose runs break its pins), so that escalation conditions
(`applies_if: {path: findings.<metric>, ...}`) can read them; then each active requirement gets
exactly one verdict: `not_applicable` when `applies_if` is false or the submitter claimed so
with a justification, `waived` when a waiver signed by an issuer of the standard verified,
`fail` when a run it rests on did not succeed, breaks a pin or is contradicted by its log, and
otherwise the verdict of its check(s). A SHOULD or MAY declared not met is `not_met`.
"""

from __future__ import annotations

from typing import Any

from aiss.conformance import checks as ck
from aiss.conformance.claims import document_problems
from aiss.conformance.evidence import Evidence
from aiss.conformance.findings import findings
from aiss.conformance.intake import Intake
from aiss.conformance.logs import log_problems, metric_log_problems
from aiss.conformance.observed import count_problems, observe
from aiss.conformance.outcome import Outcome, Problem
from aiss.conformance.paths import deepest_existing, empty
from aiss.conformance.pins import procedure_problems, same_settings_problems, scope_problems
from aiss.conformance.provenance import status_outcome
from aiss.conformance.report import ConformanceReport, Coverage, RequirementVerdict
from aiss.conformance.results import (
    artifact_markings,
    counts_interval_diagnostics,
    metric_count_problems,
    recompute_rows,
    reference_warnings,
)
from aiss.conformance.subject import Subject
from aiss.conformance.values import all_of
from aiss.conformance.verified import issuer_review
from aiss.diagnostics import Diagnostic, Severity, sorted_diagnostics
from aiss.models.checks import AllOf, Check, MetricReported, MetricThreshold
from aiss.models.common import Tlp
from aiss.models.standard import Condition, Level, Requirement, Standard, Status
from aiss.models.verdicts import Overall, Verdict

_RESULT_CHECKS = frozenset(
    {"min_samples", "metric_threshold", "metric_reported", "field_value", "same_settings"}
)
"""Checks that rest on a run's results: a failed, pin-breaking or contradicted run fails them."""


def _finding_of(s: Subject, path: str) -> str | None:
    """The metric whose finding a condition's `findings.<metric>` path names, if it does."""
    parts = path.split(".")
    if parts[0] != "findings" or len(parts) != 2:
        return None
    return next(
        (mid for mid in s.findings_bands if mid.lower().replace("-", "_") == parts[1]), None
    )


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


def _procedures_of(s: Subject, chk: Check) -> set[str]:
    """The procedures whose runs' results a check rests on."""
    if isinstance(chk, AllOf):
        return {p for part in chk.checks for p in _procedures_of(s, part)}
    if chk.type not in _RESULT_CHECKS:
        return set()
    if isinstance(chk, MetricThreshold | MetricReported):
        metric = s.metric(chk.metric)
        return {metric.procedure} if metric else set()
    pid = getattr(chk, "procedure", None)
    return {pid} if isinstance(pid, str) else set()


def _override(s: Subject, req: Requirement, problems: list[Problem]) -> Outcome | None:
    """Claims (N/A, waiver) and failed, pin-breaking or contradicted runs, before the check."""
    if req.applies_if is not None and not applies(s, req.applies_if):
        path = req.applies_if.path
        mid = _finding_of(s, path)
        if mid is not None and not s.findings_verified.get(mid, False):
            # the band that would take the requirement out rests on figures only submitted
            loc = s.result_loc(mid)
            decided = issuer_review(s, req.id, loc)
            if decided is not None:
                return decided
            return Outcome(
                Verdict.NEEDS_REVIEW,
                "condition-unverified",
                f"applies only if {path} matches; on the figures submitted it does not, but "
                f"they are not verified (the finding of {mid}), so it is not taken as it "
                f"stands: a reviewer from {', '.join(s.std.issuers)} decides",
                loc,
            )
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
                return _not_applicable(s, req, i, claim.justification)
            return Outcome(
                Verdict.FAIL,
                "not-applicable-unjustified",
                f"{req.id} is claimed not applicable without a justification",
                ("claims", i),
            )
        if claim.status == "waived":
            return _waiver(s, req, i, claim)
    for pid in sorted(_procedures_of(s, req.check)):
        for i, run in s.runs(pid):
            if run.status != "success":
                return status_outcome(i, run)
        for p in problems:
            if p.procedure == pid:
                reason = "pin-violated" if p.code in _PIN_CODES else "evidence-contradicted"
                return Outcome(Verdict.FAIL, reason, p.message, p.loc)
    return None


def _not_applicable(s: Subject, req: Requirement, i: int, justification: str) -> Outcome:
    """A requirement claimed not to apply, with a justification: that is the submitter's word,
    so it is not applicable only when one of the standard's issuers decided so (a review of
    theirs, signed or recorded in the registry, with the verdict `not_applicable`; their
    `pass` or `fail` decides it too); otherwise it awaits their review. Where the standard
    itself says when a requirement applies, its `applies_if` decides, before any claim."""
    decided = issuer_review(s, req.id, ("claims", i))
    if decided is not None:
        return decided
    return Outcome(
        Verdict.NEEDS_REVIEW,
        "not-applicable-unverified",
        f"claimed not applicable ({justification}); that is the submitter's word, not taken "
        f"as it stands: a reviewer from {', '.join(s.std.issuers)} decides",
        ("claims", i),
    )


def _waiver(s: Subject, req: Requirement, i: int, claim: Any) -> Outcome:
    """A waiver counts only when one signed by an issuer of the standard verified (or the
    registry records it); what the submitter writes about it is not taken on its word."""
    for a in s.evidence.approvals:
        if a.kind == "waiver" and a.requirement == req.id and a.org in s.issuers:
            ident = f" {a.waiver_id}" if a.waiver_id else ""
            return Outcome(
                Verdict.WAIVED,
                "waiver-recorded",
                f"waiver{ident} by {a.org} ({a.source})",
                ("claims", i, "waiver"),
            )
    w = claim.waiver
    who = w.issued_by if w else "nobody"
    return Outcome(
        Verdict.FAIL,
        "waiver-not-verified",
        f"the waiver (issued by {who}, says the submission) carries no signature of an issuer "
        f"of {s.std.id} ({', '.join(s.std.issuers)}) that verifies",
        ("claims", i),
    )


_PIN_CODES = frozenset({"pin-violated", "out-of-scope"})
_MARKING_CODES = frozenset({"shared-with-unknown", "sharing-too-wide"})
_UNDECIDED_CODES = frozenset({"scope-not-reported"})
"""Problems that are broken pins of the standard, a marking that cannot be accepted, and what
leaves conformance undecided (the rest contradict the submission's own claims)."""


def sharing_problems(s: Subject) -> list[Problem]:
    """`marking.shared_with` against the registry's organisations and the marking's limits:
    TLP:AMBER+STRICT goes to the recipient's organisation only (one, besides the submitter's);
    TLP:GREEN and TLP:CLEAR need no list."""
    marking = s.sub.marking
    out: list[Problem] = []
    known = s.evidence.organisations
    for j, org in enumerate(marking.shared_with):
        if known is not None and org not in known:
            out.append(
                Problem(
                    ("marking", "shared_with", j),
                    "shared-with-unknown",
                    f"{org!r} is not an organisation of the registry's issuers vocabulary",
                    hint="name recipients by their vocabulary code",
                )
            )
    own = s.sub.submitter.org if s.sub.submitter else None
    others = [o for o in marking.shared_with if o != own]
    if marking.tlp is Tlp.AMBER_STRICT and len(others) > 1:
        out.append(
            Problem(
                ("marking", "shared_with"),
                "sharing-too-wide",
                f"TLP:AMBER+STRICT material goes to the recipient's organisation only; "
                f"`shared_with` names {len(others)}: {', '.join(others)}",
                hint="send each recipient its own copy, or mark it TLP:AMBER",
            )
        )
    return out


def problems_of(s: Subject) -> list[Problem]:
    """Every broken pin and every claim the evidence contradicts, in document order."""
    out: list[Problem] = []
    out += procedure_problems(s) + scope_problems(s)
    out += same_settings_problems(s) + log_problems(s) + metric_log_problems(s)
    out += document_problems(s)
    for i, run in enumerate(s.sub.runs):
        table = s.table(run)
        if table is not None and len(table):
            out += count_problems(i, run, observe(table), table.beyond(run.epochs))
    out += metric_count_problems(s)
    return out


def _run_check(s: Subject, req: Requirement, chk: Check) -> Outcome:
    if isinstance(chk, AllOf):
        return all_of(s, req, chk, lambda part: _run_check(s, req, part))
    return ck.CHECKS[chk.type](s, req, chk)


def verdicts(s: Subject, intake: Intake, problems: list[Problem]) -> list[RequirementVerdict]:
    out = []
    for req in s.std.active_requirements():
        outcome = _override(s, req, problems)
        if outcome is None:
            outcome = _run_check(s, req, req.check)
        elif outcome.reason in ("pin-violated", "evidence-contradicted"):
            # a check that fails on its own says more than the pin or contradiction behind it
            own = _run_check(s, req, req.check)
            outcome = own if own.verdict is Verdict.FAIL else outcome
        if (
            req.level not in (Level.MUST, Level.MUST_NOT)
            and outcome.verdict is Verdict.FAIL
            and outcome.reason == "claimed-not-met"
        ):  # a SHOULD or MAY the submitter declares not met: a deviation, not a failure
            outcome = Outcome(Verdict.NOT_MET, "declared-not-met", outcome.message, outcome.loc)
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


def overall(
    std: Standard, reqs: list[RequirementVerdict], problems: list[Problem] | None = None
) -> tuple[Overall, str]:
    """(status, reason) from the verdicts and the problems, by the rules of domain.md §3.3:
    a claim the evidence contradicts or a broken pin makes the submission non-conformant,
    whatever the requirements' verdicts."""
    if std.status in (Status.DRAFT, Status.PROPOSED):
        return Overall.NON_CONFORMANT, "standard-not-published"
    if std.status is Status.WITHDRAWN:
        return Overall.NON_CONFORMANT, "standard-withdrawn"
    if any(p.code in _MARKING_CODES for p in problems or []):
        return Overall.NON_CONFORMANT, "marking-invalid"
    if any(p.code not in _PIN_CODES | _UNDECIDED_CODES for p in problems or []):
        return Overall.NON_CONFORMANT, "claims-contradicted"
    if any(p.code in _PIN_CODES for p in problems or []):
        return Overall.NON_CONFORMANT, "pins-not-met"
    must = [r for r in reqs if r.level.mandatory]
    should = [r for r in reqs if r.level in _SHOULD]
    if any(r.verdict.failed for r in must):
        return Overall.NON_CONFORMANT, "must-not-met"
    if any(r.verdict.undecided for r in must):
        return Overall.INCOMPLETE, "must-undecided"
    if any(p.code in _UNDECIDED_CODES for p in problems or []):
        return Overall.INCOMPLETE, "scope-not-reported"
    if any(not r.verdict.satisfied for r in should):
        return Overall.CONFORMANT_WITH_DEVIATIONS, "should-not-met"
    return Overall.CONFORMANT, "all-met"


def coverage(reqs: list[RequirementVerdict]) -> Coverage:
    must = [r for r in reqs if r.level.mandatory]
    return Coverage(len(must), sum(1 for r in must if r.verdict.satisfied))


def _status_diagnostics(intake: Intake, std: Standard, current: str | None) -> list[Diagnostic]:
    """The claimed version's status: not published, withdrawn, deprecated or superseded, with
    the version to use instead when the registry has a newer published one."""
    loc = ("standard", "version")
    ref = f"{std.id}@{std.version}"
    newer = current or std.superseded_by
    if std.status in (Status.DRAFT, Status.PROPOSED):
        return [
            intake.diagnostic(
                loc,
                "standard-not-published",
                f"{ref} is {std.status.value}: only a published version can be conformed to"
                + (f"; the current version is {current}" if current else ""),
            )
        ]
    if std.status is Status.WITHDRAWN:
        return [
            intake.diagnostic(
                loc,
                "standard-withdrawn",
                f"{ref} is withdrawn" + (f"; use {newer}" if newer else ""),
            )
        ]
    if std.status is Status.DEPRECATED:
        return [
            intake.diagnostic(
                loc,
                "standard-deprecated",
                f"{ref} is deprecated" + (f"; the current version is {newer}" if newer else ""),
                severity=Severity.WARNING,
            )
        ]
    if newer:
        return [
            intake.diagnostic(
                loc,
                "standard-superseded",
                f"{ref} is superseded; the current version is {newer}",
                severity=Severity.WARNING,
                hint=f"results against {ref} still conform to it; new work should use {newer}",
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
    intake: Intake,
    std: Standard,
    evidence: Evidence | None = None,
    *,
    current: str | None = None,
) -> ConformanceReport:
    """Check a valid submission (intake without errors) against `std`, with what reading its
    logs and verifying its attestations gave (`evidence`)."""
    sub = intake.submission
    assert sub is not None
    s = Subject(sub, std, intake.samples, evidence or Evidence())
    problems = problems_of(s)
    if sub.samples_sha256 and intake.samples_sha256 and sub.samples_sha256 != intake.samples_sha256:
        problems.append(
            Problem(
                ("samples_sha256",),
                "samples-sha256-mismatch",
                f"{sub.samples_file} has sha256 {intake.samples_sha256[:12]}..., the "
                f"submission says {sub.samples_sha256[:12]}...",
            )
        )
    problems += sharing_problems(s)
    found = findings(s, {p.procedure for p in problems if p.procedure})
    s.findings_bands = {f.metric: f.band for f in found}
    s.findings_verified = {f.metric: f.verified for f in found}
    reqs = verdicts(s, intake, problems)
    status, reason = overall(std, reqs, problems)
    diags = list(intake.diagnostics) + list(s.evidence.findings)
    diags += [
        intake.diagnostic(
            p.loc,
            p.code,
            p.message,
            hint=p.hint,
            severity=Severity.WARNING if p.code in _UNDECIDED_CODES else Severity.ERROR,
        )
        for p in problems
    ]
    diags += _status_diagnostics(intake, std, current) + reference_warnings(s, intake)
    rows, recompute_diags = recompute_rows(s, intake)
    diags += recompute_diags + counts_interval_diagnostics(s, intake)
    diags += _unjustified(s, intake, reqs)
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
