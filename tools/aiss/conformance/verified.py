"""What a verdict may rest on: values, intervals and counts the checker could verify.

Nothing passes on the submitter's word. A metric's value is verified when it is recomputed
from per-sample records or agrees with what Inspect computed in the run's log
(`results.scores[]`, read from a log whose digest matched); an interval is verified when it is
recomputed from per-sample records or computed from verified figures (the counts of a
proportion whose value and sample count the log gives, or the log's own `stderr`). A
threshold is judged on the hull of the submitted interval and the verified one, so a PASS
holds for the verified interval too. Where a PASS would rest on figures only the submission
states, the requirement awaits review (`value-unverified`, `interval-unverified`,
`counts-unverified`, `reference-models-unverified`) unless a review by one of the standard's
issuers, signed or recorded in the registry, decides it. A FAIL or INCONCLUSIVE the submitter's
own figures give stands: a submitter is taken at its word against itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiss.conformance import stats
from aiss.conformance.evidence import LogHeader, select_score
from aiss.conformance.outcome import Outcome
from aiss.conformance.recompute import VALUE_TOLERANCE
from aiss.conformance.subject import Loc, Subject
from aiss.models.procedures import Metric
from aiss.models.results import Run
from aiss.models.verdicts import Verdict


@dataclass(frozen=True)
class Verified:
    """The verified value and interval of a metric, where there are any, and their bases."""

    value: float | None = None
    value_basis: str = ""
    lower: float | None = None
    upper: float | None = None
    interval_basis: str = ""

    @property
    def has_interval(self) -> bool:
        return self.lower is not None and self.upper is not None


def header(s: Subject, run: Run) -> LogHeader | None:
    """The header of the run's log, when the checker read the log (its digest matched)."""
    read = s.evidence.logs.get(run.id)
    return read.header if read is not None and read.state == "read" else None


def _logged(h: LogHeader, metric: Metric) -> tuple[float, float | None] | None:
    """The metric's value, and its standard error when Inspect computed one, in the log."""
    m = metric.inspect_mapping
    if m is None:
        return None
    entry = select_score(h.scores, h.epochs, m.scorer, m.reducer)
    value = entry.metrics.get(m.metric) if entry is not None else None
    if entry is None or value is None or value != value:
        return None
    err = entry.metrics.get("stderr")
    return value, (err if err is not None and err == err and err >= 0 else None)


def _scored(h: LogHeader) -> int | None:
    """The number of independent units a proportion's counts are out of: the completed
    samples with one epoch; the items with several, when none errored (item means of 0/1
    scores have at most the variance of one Bernoulli trial)."""
    if h.epochs == 1:
        return h.completed_samples
    if h.completed_samples is None or h.completed_samples != h.total_samples:
        return None
    if h.sample_ids is not None:
        return len(h.sample_ids)
    return h.dataset_samples


def verified(s: Subject, mid: str, model: str | None = None) -> Verified:
    """What of metric `mid` (on `model`, the system under test when None) could be verified."""
    metric = s.metric(mid)
    if metric is None:
        return Verified()
    found = s.metric_result(mid, model)
    submitted = found[1].value if found is not None else None
    level = metric.uncertainty.level if metric.uncertainty else 0.95
    rec = s.recomputed(mid, model)
    if rec is not None:
        r, rid = rec
        if s.refutes_records(rid):
            return Verified()  # records its log refutes: `log-disagrees-with-run` says how
        if submitted is None or abs(submitted - r.value) <= VALUE_TOLERANCE:
            basis = f"recomputed from the per-sample scores of run {rid}"
            iv = r.interval
            return Verified(
                r.value,
                basis,
                iv.lower if iv else None,
                iv.upper if iv else None,
                basis if iv else "",
            )
        return Verified()  # a disagreement: the checks and the engine say so
    run = s.metric_run(metric, found[1] if found is not None else None, model)
    h = header(s, run) if run is not None else None
    logged = _logged(h, metric) if h is not None else None
    if run is None or h is None or logged is None:
        return Verified()
    value, err = logged
    if submitted is not None and abs(submitted - value) > VALUE_TOLERANCE:
        return Verified()  # `value-disagrees-with-log` fails it
    basis = f"as Inspect computed it in the log of run {run.id}"
    if metric.uncertainty is None:
        return Verified(value, basis)
    n = _scored(h) if metric.unit == "proportion" else None
    if n and 0.0 <= value <= 1.0:
        declared = metric.uncertainty.method
        method = declared if declared in stats.PROPORTION_METHODS else "wilson"
        k = min(max(round(value * n), 0), n)
        iv = stats.proportion_interval(method, k, n, level)
        how = f"{iv.method} on {k} of {n}, from the log of run {run.id}"
        return Verified(value, basis, iv.lower, iv.upper, how)
    if err is not None:
        half = -stats.normal_quantile((1.0 - level) / 2.0) * err
        how = f"normal on the stderr {err:.4g} in the log of run {run.id}"
        return Verified(value, basis, value - half, value + half, how)
    return Verified(value, basis)


def issuer_review(s: Subject, req_id: str, loc: Loc) -> Outcome | None:
    """The decision of one of the standard's issuers on a requirement of this submission,
    when a review of theirs verified (signed with a key the registry lists, or recorded in the
    registry's approvals)."""
    for a in s.evidence.approvals:
        if a.kind == "review" and a.requirement == req_id and a.org in s.issuers and a.verdict:
            who = f"{a.reviewer} ({a.org})" if a.reviewer else a.org
            return Outcome(
                Verdict(a.verdict),
                f"reviewed-{a.verdict.replace('_', '-')}",
                f"{who} decided {a.verdict} ({a.source})",
                loc,
            )
    return None


def unverified(s: Subject, req_id: str, would: Outcome, reason: str, why: str) -> Outcome:
    """A PASS that rests on what only the submission states: an issuer's verified review
    decides it, or it awaits one."""
    reviewed = issuer_review(s, req_id, would.loc)
    if reviewed is not None:
        return Outcome(
            reviewed.verdict,
            reviewed.reason,
            f"{reviewed.message}; {why}; {would.message}",
            would.loc,
        )
    return Outcome(
        Verdict.NEEDS_REVIEW,
        reason,
        f"{would.message}; but {why}, so it is not taken on the submitter's word: a reviewer "
        f"from {', '.join(s.std.issuers)} decides",
        would.loc,
    )
