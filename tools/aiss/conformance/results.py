"""Report parts beside the verdicts: recomputation rows, reference warnings, artifact markings."""

from __future__ import annotations

from aiss.conformance.estimates import counts_interval
from aiss.conformance.intake import Intake
from aiss.conformance.outcome import Problem
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
                    refuted=s.refutes_records(run),
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


def metric_count_problems(s: Subject) -> list[Problem]:
    """Counts of a metric result that its per-sample scores, or its own counts, contradict."""
    out: list[Problem] = []
    for i, mr in enumerate(s.sub.metric_results):
        metric = s.metric(mr.metric)
        if metric is None:
            continue
        model = s.result_model(mr)
        rec = s.recomputed(mr.metric, None if model == s.sut else model)
        if rec is not None:
            r, run = rec
            for name, claimed, actual in (
                ("n_items", mr.n_items, r.n_items),
                ("n_epochs", mr.n_epochs, r.n_epochs),
                ("n_scored", mr.n_scored, r.n_scored),
            ):
                if claimed is not None and claimed != actual:
                    out.append(
                        Problem(
                            ("metric_results", i, name),
                            "count-disagrees-with-samples",
                            f"{mr.metric}: {name} is {claimed:,} but the sample records of run "
                            f"{run} give {actual:,}",
                            procedure=metric.procedure,
                        )
                    )
        n = mr.n_scored or mr.n_items
        k, value = mr.successes, mr.value
        if (
            k is not None
            and value is not None
            and n
            and (mr.n_epochs or 1) == 1
            and (k > n or abs(value - k / n) > VALUE_TOLERANCE)
        ):
            out.append(
                Problem(
                    ("metric_results", i, "value"),
                    "value-disagrees-with-counts",
                    f"{mr.metric}: value {value:.6g} is not {k:,} successes of {n:,} ({k / n:.6g})",
                    procedure=metric.procedure,
                )
            )
        ci = mr.ci
        if (
            value is not None
            and ci is not None
            and not ci.lower - VALUE_TOLERANCE <= value <= ci.upper + VALUE_TOLERANCE
        ):
            out.append(
                Problem(
                    ("metric_results", i, "value"),
                    "value-outside-interval",
                    f"{mr.metric}: value {value:.6g} lies outside its interval "
                    f"[{ci.lower:.6g}, {ci.upper:.6g}]",
                    procedure=metric.procedure,
                )
            )
    return out


def counts_interval_diagnostics(s: Subject, intake: Intake) -> list[Diagnostic]:
    """Submitted intervals that disagree with the interval their counts give by the metric's
    declared method (thresholds and bands are then judged on the hull of both)."""
    out: list[Diagnostic] = []
    for i, mr in enumerate(s.sub.metric_results):
        metric = s.metric(mr.metric)
        if metric is None or mr.ci is None or s.recomputed(mr.metric) is not None:
            continue
        iv = counts_interval(mr, metric)
        if iv is None:
            continue
        if max(abs(mr.ci.lower - iv.lower), abs(mr.ci.upper - iv.upper)) > BOUND_TOLERANCE:
            out.append(
                intake.diagnostic(
                    ("metric_results", i, "ci"),
                    "interval-disagrees-with-counts",
                    f"{mr.metric}: submitted interval [{mr.ci.lower:.4g}, {mr.ci.upper:.4g}], "
                    f"the counts give [{iv.lower:.4g}, {iv.upper:.4g}] ({iv.method}, "
                    f"{mr.successes:,} of {mr.n_scored or mr.n_items:,}; tolerance "
                    f"{BOUND_TOLERANCE:g}); judged on the hull of both",
                    severity=Severity.WARNING,
                    hint=f"compute the interval from the counts by the method {metric.id} declares",
                )
            )
    return out


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
