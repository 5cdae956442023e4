"""A metric and its interval recomputed from per-sample scores, and compared with the submission.

The metric's `aggregation` names an epoch reducer (`aiss.conformance.reducers`: Inspect's
mean, median, mode, max, at_least_k and the unbiased pass_at_k); each item's scored epochs
are reduced to one value, and the metric is the mean of those values over the items that got
one (an item with fewer than k epochs has no pass@k, as in Inspect).

Intervals: for the mean reducer over several epochs, the item-clustered t interval
(`clustered_t`), whatever the metric declares, because epochs of one item are not
independent. With one value per item: Wilson, Clopper-Pearson or normal as the metric declares
when every value is 0 or 1; otherwise (or for `t`, `clustered_t`, `bootstrap`) the t interval
of the item values. Bounds of a proportion are clipped to [0, 1].

Tolerances: the recomputed point estimate must equal the submitted one within `VALUE_TOLERANCE`
(absolute); submitted bounds computed by the same method must agree within `BOUND_TOLERANCE`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from aiss.conformance import stats
from aiss.conformance.reducers import reduce, reducer_of
from aiss.conformance.samples import RunSamples
from aiss.models.procedures import Metric

VALUE_TOLERANCE = 1e-6
"""Largest absolute difference allowed between a submitted and a recomputed point estimate."""
BOUND_TOLERANCE = 1e-3
"""Largest absolute difference allowed between submitted and recomputed interval bounds."""


@dataclass(frozen=True)
class Recomputed:
    """What the per-sample scores say about a metric."""

    value: float
    interval: stats.Interval | None
    n_items: int
    """Items that got a value (an item whose pass@k is undefined is left out)."""
    n_epochs: int
    """Most epochs any item has."""
    n_scored: int
    note: str = ""
    """How the interval was chosen, when it differs from what the metric declares."""
    reducer: str = "mean"
    """The epoch reducer applied."""


def supported(aggregation: str) -> bool:
    return reducer_of(aggregation) is not None


def recompute(samples: RunSamples, metric: Metric) -> Recomputed | None:
    """The metric from `samples`, or None when its aggregation is not one recomputed here."""
    reducer = reducer_of(metric.aggregation)
    if reducer is None:
        return None
    per_item = samples.by_item()
    if not per_item:
        return None
    level = metric.uncertainty.level if metric.uncertainty else 0.95
    declared = metric.uncertainty.method if metric.uncertainty else "t"
    n_scored = sum(len(v) for v in per_item.values())
    n_epochs = max(len(v) for v in per_item.values())
    if reducer == "mean":  # reduce("mean", v) in line: one call less per item
        fsum = math.fsum
        reduced = {k: fsum(v) / len(v) if v else math.nan for k, v in per_item.items()}
    else:
        reduced = {k: reduce(reducer, v) for k, v in per_item.items()}
    values = [v for v in reduced.values() if not math.isnan(v)]
    if not values:
        return None
    value = math.fsum(values) / len(values)
    interval: stats.Interval | None = None
    note = ""
    try:
        if reducer == "mean" and n_epochs > 1:
            # the item means are `reduced`: the same interval as clustered_mean_interval,
            # which, when an item has none, says which
            if len(values) == len(reduced):
                _, interval = stats.clustered_interval_of_means(reduced, level)
            else:
                _, interval = stats.clustered_mean_interval(per_item, level)
            if declared != "clustered_t":
                note = f"clustered by item (several epochs) instead of {declared}"
        elif declared in stats.PROPORTION_METHODS and all(v in (0.0, 1.0) for v in values):
            k = sum(1 for v in values if v == 1.0)
            interval = stats.proportion_interval(declared, k, len(values), level)
        else:
            _, interval = stats.mean_interval(values, level)
            if declared not in ("t", "clustered_t"):
                note = f"t interval instead of {declared}: item values are not all 0 or 1"
    except ValueError as exc:  # fewer than two items: no interval
        note = str(exc)
    if interval is not None and metric.unit == "proportion":  # a proportion stays in [0, 1]
        interval = stats.Interval(
            max(0.0, interval.lower), min(1.0, interval.upper), interval.level, interval.method
        )
    return Recomputed(value, interval, len(values), n_epochs, n_scored, note, reducer)


@dataclass(frozen=True)
class Agreement:
    """How a submitted metric result compares with the recomputed one."""

    value_ok: bool
    bounds_ok: bool | None
    """None when there was nothing comparable (no submitted interval, or another method)."""
    detail: str


def compare(
    rec: Recomputed,
    value: float | None,
    lower: float | None,
    upper: float | None,
    method: str | None,
) -> Agreement:
    parts = []
    value_ok = value is None or abs(value - rec.value) <= VALUE_TOLERANCE
    if not value_ok:
        parts.append(f"submitted value {value:.6g}, recomputed {rec.value:.6g}")
    bounds_ok: bool | None = None
    if (
        rec.interval is not None
        and lower is not None
        and upper is not None
        and method == rec.interval.method
    ):
        bounds_ok = (
            abs(lower - rec.interval.lower) <= BOUND_TOLERANCE
            and abs(upper - rec.interval.upper) <= BOUND_TOLERANCE
        )
        if not bounds_ok:
            parts.append(
                f"submitted interval [{lower:.4g}, {upper:.4g}], recomputed "
                f"[{rec.interval.lower:.4g}, {rec.interval.upper:.4g}] ({method})"
            )
    return Agreement(value_ok, bounds_ok, "; ".join(parts))
