"""The interval a threshold or band is judged on: submitted, recomputed, or computed from counts.

Order of preference:

1. the submitted interval, when its level is at least the level the metric requires; if the
   per-sample scores give an interval by the same method whose bounds disagree beyond the
   tolerance, or (without per-sample scores) the counts give one by the metric's declared
   method that does, the hull of the two is used (the more conservative reading);
2. the interval recomputed from the per-sample scores (`recompute`);
3. for a proportion, an interval computed from the counts: Wilson, Clopper-Pearson or normal as
   the metric declares (Wilson for other methods), on k = `successes` (or round(value x n))
   out of n. With several epochs n is the number of items: item means of 0/1 scores have at
   most the variance of one Bernoulli trial, so this bounds the item-clustered interval from
   above without the per-item scores;
4. nothing: the uncertainty was not reported.

A metric that declares no `uncertainty` (a count of hours, of jailbreaks found) is exact: its
value is both bounds.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiss.conformance import stats
from aiss.conformance.recompute import BOUND_TOLERANCE, Recomputed, compare
from aiss.models.procedures import Metric
from aiss.models.results import MetricResult


@dataclass(frozen=True)
class Estimate:
    """A metric's value and the interval used to judge it."""

    value: float | None
    lower: float | None = None
    upper: float | None = None
    level: float | None = None
    method: str | None = None
    source: str = "none"
    """`submitted`, `hull` (submitted and recomputed disagreed), `recomputed`, `counts`,
    `exact` (the metric has no uncertainty), or `none`."""
    note: str = ""

    @property
    def has_interval(self) -> bool:
        return self.lower is not None and self.upper is not None


def exact_counts(mr: MetricResult, metric: Metric) -> bool:
    """The result gives successes of single-epoch binary scores and the metric declares a
    proportion interval: the interval follows from the counts, exactly, by that method."""
    declared = metric.uncertainty.method if metric.uncertainty else None
    return (
        mr.successes is not None
        and (mr.n_epochs or 1) == 1
        and declared in stats.PROPORTION_METHODS
        and bool(mr.n_scored or mr.n_items)
    )


def counts_interval(mr: MetricResult, metric: Metric) -> stats.Interval | None:
    """The interval the counts give by the metric's declared method (see `exact_counts`)."""
    if not exact_counts(mr, metric):
        return None
    level = metric.uncertainty.level if metric.uncertainty else 0.95
    found = _counts_interval(mr, metric, level)
    if found is None or found.lower is None or found.upper is None or found.method is None:
        return None
    return stats.Interval(found.lower, found.upper, level, found.method)


def _counts_interval(mr: MetricResult, metric: Metric, level: float) -> Estimate | None:
    if metric.unit != "proportion" or mr.value is None or not 0.0 <= mr.value <= 1.0:
        return None
    epochs = mr.n_epochs or 1
    n = mr.n_items if epochs > 1 else (mr.n_scored or mr.n_items)
    if not n:
        return None
    k = mr.successes if (mr.successes is not None and epochs == 1) else round(mr.value * n)
    declared = metric.uncertainty.method if metric.uncertainty else "wilson"
    method = declared if declared in stats.PROPORTION_METHODS else "wilson"
    try:
        iv = stats.proportion_interval(method, min(max(k, 0), n), n, level)
    except ValueError:
        return None
    note = f"computed from counts: {k} of {n}" + (" items" if epochs > 1 else "")
    return Estimate(mr.value, iv.lower, iv.upper, level, iv.method, "counts", note)


def estimate(mr: MetricResult | None, metric: Metric, rec: Recomputed | None) -> Estimate:
    """The estimate for `metric` from its submitted result and its recomputation, if any."""
    level = metric.uncertainty.level if metric.uncertainty else 0.95
    value = mr.value if mr is not None and mr.value is not None else (rec.value if rec else None)
    if metric.uncertainty is None and value is not None:  # reported exactly, e.g. a count
        note = "exact: the metric declares no uncertainty"
        return Estimate(value, value, value, None, "exact", "exact", note)
    if mr is not None and mr.ci is not None and mr.ci.level >= level - 1e-12:
        ci = mr.ci
        other: tuple[float, float, str] | None = None
        if rec is not None and rec.interval is not None:
            agree = compare(rec, mr.value, ci.lower, ci.upper, ci.method)
            if agree.bounds_ok is False:
                other = (rec.interval.lower, rec.interval.upper, "recomputed")
        elif rec is None and exact_counts(mr, metric):
            counted = _counts_interval(mr, metric, ci.level)
            if counted is not None and counted.lower is not None and counted.upper is not None:
                off = max(abs(ci.lower - counted.lower), abs(ci.upper - counted.upper))
                if off > BOUND_TOLERANCE:
                    other = (counted.lower, counted.upper, "computed from the counts")
        if other is not None:
            return Estimate(
                value,
                min(ci.lower, other[0]),
                max(ci.upper, other[1]),
                ci.level,
                ci.method,
                "hull",
                f"submitted and {other[2]} intervals disagree; judged on their hull",
            )
        return Estimate(value, ci.lower, ci.upper, ci.level, ci.method, "submitted")
    note = ""
    if mr is not None and mr.ci is not None:
        note = f"submitted interval is at level {mr.ci.level}, below the required {level}; "
    if rec is not None and rec.interval is not None:
        iv = rec.interval
        return Estimate(
            value, iv.lower, iv.upper, iv.level, iv.method, "recomputed", note + rec.note
        )
    if mr is not None:
        counted = _counts_interval(mr, metric, level)
        if counted is not None:
            return Estimate(
                counted.value,
                counted.lower,
                counted.upper,
                counted.level,
                counted.method,
                "counts",
                note + counted.note,
            )
    return Estimate(value, note=note.rstrip("; "))
