"""Report parts beside the verdicts: recomputation rows, reference warnings, artifact markings."""

from __future__ import annotations

from aiss.conformance.intake import Intake
from aiss.conformance.recompute import BOUND_TOLERANCE, VALUE_TOLERANCE, compare
from aiss.conformance.report import RecomputeRow
from aiss.conformance.subject import Subject
from aiss.diagnostics import Diagnostic, Severity
from aiss.models.common import Tlp
from aiss.models.submission import ResultSubmission


def artifact_markings(sub: ResultSubmission) -> list[Tlp]:
    """Markings of the logs, claims and evidence a submission references."""
    out = [r.log.marking for r in sub.runs if r.log and r.log.marking]
    for claim in sub.claims:
        out += [claim.marking] if claim.marking else []
        out += [e.marking for e in claim.evidence if e.marking]
    if sub.marking.public_summary_marking:
        out.append(sub.marking.public_summary_marking)
    return out


def recompute_rows(s: Subject, intake: Intake) -> tuple[list[RecomputeRow], list[Diagnostic]]:
    """Every metric that per-sample scores can recompute, compared with what was submitted."""
    rows: list[RecomputeRow] = []
    diags: list[Diagnostic] = []
    models: list[str | None] = [None, *(r.model for r in s.sub.reference_models)]
    for metric in s.std.metrics:
        for model in models:
            rec = s.recomputed(metric.id, model)
            if rec is None:
                continue
            r, run = rec
            found = s.metric_result(metric.id, model)
            mr = found[1] if found else None
            ci = mr.ci if mr else None
            agree = compare(
                r,
                mr.value if mr else None,
                ci.lower if ci else None,
                ci.upper if ci else None,
                ci.method if ci else None,
            )
            iv = r.interval
            rows.append(
                RecomputeRow(
                    metric=metric.id,
                    run=run,
                    model=model or s.sut,
                    submitted_value=mr.value if mr else None,
                    value=r.value,
                    submitted_lower=ci.lower if ci else None,
                    submitted_upper=ci.upper if ci else None,
                    lower=iv.lower if iv else None,
                    upper=iv.upper if iv else None,
                    method=iv.method if iv else None,
                    level=iv.level if iv else None,
                    n_items=r.n_items,
                    n_epochs=r.n_epochs,
                    n_scored=r.n_scored,
                    value_agrees=agree.value_ok,
                    bounds_agree=agree.bounds_ok,
                    note=r.note,
                )
            )
            if found is not None and (not agree.value_ok or agree.bounds_ok is False):
                loc = ("metric_results", found[0])
                code = (
                    "recomputed-value-mismatch"
                    if not agree.value_ok
                    else "recomputed-interval-mismatch"
                )
                tol = VALUE_TOLERANCE if not agree.value_ok else BOUND_TOLERANCE
                diags.append(
                    intake.diagnostic(
                        loc,
                        code,
                        f"{metric.id}: {agree.detail} (tolerance {tol:g})",
                        severity=Severity.WARNING,
                    )
                )
    return rows, diags


def reference_warnings(s: Subject, intake: Intake) -> list[Diagnostic]:
    """Runs, metric results and claims that name something the standard does not have."""
    out: list[Diagnostic] = []
    procedures = {p.id for p in s.std.test_procedures}
    metrics = {m.id for m in s.std.metrics}
    requirements = {r.id for r in s.std.requirements}

    def warn(loc: tuple[str | int, ...], code: str, message: str) -> None:
        out.append(intake.diagnostic(loc, code, message, severity=Severity.WARNING))

    ref = f"{s.std.id}@{s.std.version}"
    for i, run in enumerate(s.sub.runs):
        if run.procedure not in procedures:
            warn(
                ("runs", i, "procedure"),
                "run-unknown-procedure",
                f"run {run.id}: {ref} has no procedure {run.procedure}",
            )
    for i, mr in enumerate(s.sub.metric_results):
        if mr.metric not in metrics:
            warn(
                ("metric_results", i, "metric"),
                "result-unknown-metric",
                f"{ref} has no metric {mr.metric}",
            )
    for i, claim in enumerate(s.sub.claims):
        if claim.requirement not in requirements:
            warn(
                ("claims", i, "requirement"),
                "claim-unknown-requirement",
                f"{ref} has no requirement {claim.requirement}",
            )
    return out
