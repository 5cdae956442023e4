"""One function per check type: a submission against one requirement's check -> an outcome.

Checks on sample sizes and metrics are here; on logs, task versions and datasets in
`provenance`; on claims, disclosures, reference models and markings in `claims`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiss.conformance.claims import (
    attestation,
    evidence_present,
    fields_present,
    manual,
    marking,
    reference_models,
)
from aiss.conformance.observed import observe
from aiss.conformance.outcome import Outcome
from aiss.conformance.provenance import (
    dataset_pinned,
    log_valid,
    task_version_match,
)
from aiss.conformance.recompute import VALUE_TOLERANCE
from aiss.conformance.subject import Loc, Subject
from aiss.conformance.values import field_value, same_settings
from aiss.conformance.verified import header, unverified, verified
from aiss.models import checks as c
from aiss.models.results import Run
from aiss.models.standard import Requirement
from aiss.models.verdicts import Verdict


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def _run_loc(i: int, run: Run, part: str) -> Loc:
    return ("runs", i, part) if getattr(run, part, None) is not None else ("runs", i)


def min_samples(s: Subject, req: Requirement, chk: c.MinSamples) -> Outcome:
    runs = s.runs(chk.procedure)
    if not runs:
        return Outcome(
            Verdict.NOT_ASSESSED,
            "no-run",
            f"no run of {chk.procedure} on the system under test",
            ("runs",),
        )
    first: tuple[str, str, Loc] | None = None
    declared: Outcome | None = None
    for i, run in runs:
        counts, table = run.counts, s.table(run)
        seen = observe(table) if table is not None and len(table) else None
        h = header(s, run)
        # per-sample records decide, then the header of the run's log (whose digest matched);
        # the declared counts stand only against the submission, never for a PASS
        items: int | None
        total: int | None
        failed: int | None
        if seen is not None:
            items = seen.items
            epochs, total, failed = seen.min_epochs, seen.samples, seen.errored
            basis = f"counted from {seen.samples:,} sample records"
        elif h is not None:
            items = len(h.sample_ids) if h.sample_ids is not None else h.dataset_samples
            epochs, total = h.epochs, h.total_samples
            failed = (
                total - h.completed_samples
                if total is not None and h.completed_samples is not None
                else None
            )
            basis = "from the header of its Inspect log"
        else:
            items = counts.items if counts else None
            epochs, total, failed = run.epochs, counts.total_samples if counts else None, None
            if counts and total and counts.completed_samples is not None:
                failed = total - counts.completed_samples
            elif counts and total and counts.errored_samples is not None:
                failed = counts.errored_samples
            basis = "as declared (no per-sample records, no log read)"
        problems: list[tuple[str, str]] = []
        if chk.min_items is not None:
            if items is None:
                problems.append(("counts-not-reported", "the number of items run is not reported"))
            elif items < chk.min_items:
                problems.append(
                    ("too-few-items", f"{items:,} items run, {chk.min_items:,} required")
                )
        if chk.min_epochs is not None and epochs < chk.min_epochs:
            problems.append(
                ("too-few-epochs", f"{_n(epochs, 'epoch')}, {_n(chk.min_epochs, 'epoch')} required")
            )
        if chk.max_error_rate is not None:
            if failed is None or not total:
                problems.append(
                    ("counts-not-reported", "total and completed samples are not reported")
                )
            elif failed / total > chk.max_error_rate:
                problems.append(
                    (
                        "error-rate-too-high",
                        f"{failed:,} of {total:,} samples failed ({failed / total:.1%}), at most {chk.max_error_rate:.1%} allowed",
                    )
                )
        loc = _run_loc(i, run, "counts")
        if not problems:
            shown = f"{items:,} items" if items is not None else "items not counted"
            met = Outcome(
                Verdict.PASS,
                "sample-size-met",
                f"run {run.id}: {shown}, {_n(epochs, 'epoch')} ({basis})",
                loc,
            )
            if seen is not None or h is not None:
                return met
            declared = declared or met
            continue
        if first is None:
            first = (problems[0][0], f"run {run.id}: " + "; ".join(m for _, m in problems), loc)
    if declared is not None:
        why = "its counts are only declared: the run has no per-sample records and no Inspect log the checker read"
        return unverified(s, req.id, declared, "counts-unverified", why)
    assert first is not None
    return Outcome(Verdict.FAIL, *first)


def _n(count: int, noun: str) -> str:
    """`1 epoch`, `5 epochs`."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


_PASS = {
    "le": lambda lo, hi, t: hi <= t,
    "lt": lambda lo, hi, t: hi < t,
    "ge": lambda lo, hi, t: lo >= t,
    "gt": lambda lo, hi, t: lo > t,
}
_FAIL = {
    "le": lambda lo, hi, t: lo > t,
    "lt": lambda lo, hi, t: lo >= t,
    "ge": lambda lo, hi, t: hi < t,
    "gt": lambda lo, hi, t: hi <= t,
}
_OPS = {"le": "<=", "lt": "<", "ge": ">=", "gt": ">"}


def _disagrees(s: Subject, metric: str) -> str | None:
    found, rec = s.metric_result(metric), s.recomputed(metric)
    if found is None or rec is None or found[1].value is None:
        return None
    if abs(found[1].value - rec[0].value) <= VALUE_TOLERANCE:
        return None
    return (
        f"{metric} is submitted as {found[1].value:.6g} but the per-sample scores of run "
        f"{rec[1]} give {rec[0].value:.6g} (tolerance {VALUE_TOLERANCE:g})"
    )


def metric_threshold(s: Subject, req: Requirement, chk: c.MetricThreshold) -> Outcome:
    loc = s.result_loc(chk.metric)
    est = s.estimate(chk.metric)
    if est.value is None:
        return Outcome(
            Verdict.NOT_ASSESSED, "metric-not-reported", f"{chk.metric} is not reported", loc
        )
    if (why := _disagrees(s, chk.metric)) is not None:
        return Outcome(Verdict.FAIL, "metric-disagrees-with-samples", why, loc)
    if est.lower is None or est.upper is None:
        return Outcome(
            Verdict.FAIL,
            "uncertainty-not-reported",
            f"{chk.metric} = {_fmt(est.value)} has no interval and no counts to compute one from",
            loc,
        )
    lo, hi, t = est.lower, est.upper, chk.value
    ver = verified(s, chk.metric)
    widened = ""
    if ver.lower is not None and ver.upper is not None and (ver.lower < lo or ver.upper > hi):
        lo, hi = min(lo, ver.lower), max(hi, ver.upper)
        widened = f"; widened to [{_fmt(lo)}, {_fmt(hi)}] to hold the interval {ver.interval_basis}"
    if est.method == "exact":  # a count, not an estimate: its value is both bounds
        text = f"{chk.metric} = {_fmt(est.value)} (exact); required {_OPS[chk.operator]} {_fmt(t)}"
    else:
        text = (
            f"{chk.metric} = {_fmt(est.value)}, {est.level or 0:.0%} interval "
            f"[{_fmt(est.lower)}, {_fmt(est.upper)}] ({est.method}, {est.source}){widened}; "
            f"required {_OPS[chk.operator]} {_fmt(t)}"
        )
    if _FAIL[chk.operator](lo, hi, t):
        return Outcome(Verdict.FAIL, "threshold-not-met", text, loc)
    if not _PASS[chk.operator](lo, hi, t):
        return Outcome(Verdict.INCONCLUSIVE, "interval-straddles-threshold", text, loc)
    met = Outcome(Verdict.PASS, "threshold-met", text, loc)
    if ver.value is None:
        why = (
            f"the value of {chk.metric} is only submitted: no per-sample scores to recompute it "
            "from, and no Inspect log the checker read gives it"
        )
        return unverified(s, req.id, met, "value-unverified", why)
    if est.method != "exact" and not ver.has_interval:
        why = (
            f"the interval of {chk.metric} is only submitted: its value is {ver.value_basis}, "
            "but neither per-sample scores nor counts or a standard error in the log give an "
            "interval"
        )
        return unverified(s, req.id, met, "interval-unverified", why)
    return met


def metric_reported(s: Subject, req: Requirement, chk: c.MetricReported) -> Outcome:
    found = s.metric_result(chk.metric)
    if found is None:
        return Outcome(
            Verdict.FAIL,
            "metric-not-reported",
            f"{chk.metric} is not in `metric_results`",
            ("metric_results",),
        )
    i, mr = found
    loc: Loc = ("metric_results", i)
    metric = s.metric(chk.metric)
    if metric is not None and metric.uncertainty is None:  # an exact count: the value suffices
        if mr.value is None:
            return Outcome(Verdict.FAIL, "metric-incomplete", f"{chk.metric} lacks value", loc)
        text = f"{chk.metric} = {_fmt(mr.value)} (exact; the metric declares no uncertainty)"
        return Outcome(Verdict.PASS, "metric-reported", text, loc)
    missing = [f for f in ("value", "n_items", "n_epochs") if getattr(mr, f) is None]
    if mr.ci is None:
        more = f" (also missing: {', '.join(missing)})" if missing else ""
        return Outcome(
            Verdict.FAIL,
            "uncertainty-not-reported",
            f"{chk.metric} has no interval (`ci`){more}",
            loc,
        )
    if missing:
        return Outcome(
            Verdict.FAIL, "metric-incomplete", f"{chk.metric} lacks {', '.join(missing)}", loc
        )
    if (why := _disagrees(s, chk.metric)) is not None:
        return Outcome(Verdict.FAIL, "metric-disagrees-with-samples", why, loc)
    return Outcome(
        Verdict.PASS,
        "metric-reported",
        f"{chk.metric} = {_fmt(mr.value or 0)}, {mr.ci.level:.0%} {mr.ci.method} interval, "
        f"{mr.n_items} items x {mr.n_epochs} epoch(s)",
        loc,
    )


CHECKS: dict[str, Callable[[Subject, Requirement, Any], Outcome]] = {
    "min_samples": min_samples,
    "metric_threshold": metric_threshold,
    "metric_reported": metric_reported,
    "fields_present": fields_present,
    "log_valid": log_valid,
    "task_version_match": task_version_match,
    "dataset_pinned": dataset_pinned,
    "attestation": attestation,
    "evidence_present": evidence_present,
    "reference_models": reference_models,
    "marking": marking,
    "manual": manual,
    "field_value": field_value,
    "same_settings": same_settings,
}
"""Check type -> the function that evaluates it (`all_of` is run by the engine, part by part)."""
