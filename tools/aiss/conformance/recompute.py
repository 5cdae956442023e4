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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np

from aiss.conformance import stats
from aiss.conformance.reducers import parse_k, pass_at_counts, reduce, reducer_of
from aiss.conformance.samples import CHUNK, Keep, RunSamples
from aiss.models.procedures import Metric
from aiss.models.standard import Standard
from aiss.models.submission import ResultSubmission

if TYPE_CHECKING:  # not at run time: see aiss.conformance.samples
    from numpy.typing import NDArray

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


_READ_LOGS = ("inspect_eval", "inspect_json")


def keep_for(std: Standard | None, sub: ResultSubmission) -> Keep:
    """What the sample tables of `sub` must keep beyond counts and sums for its check against
    `std`: successes per item for a pass_at_k or at_least_k metric, the highest score for a
    max, and the records themselves for a median or mode metric (which read every epoch's
    value) or for a run whose Inspect log is beside the submission (its scores are compared
    with the log's, record by record). Without the standard, nothing is recomputed."""
    reducers = {reducer_of(m.aggregation) for m in std.metrics} if std is not None else set()
    counting = any(parse_k(r) for r in reducers if r is not None)
    logged = any(
        run.log is not None and "://" not in run.log.uri and run.log.format in _READ_LOGS
        for run in sub.runs
    )
    return Keep(
        hits=counting,
        top="max" in reducers,
        records=logged or bool(reducers & {"median", "mode"}),
    )


def _reduced(
    samples: RunSamples, reducer: str, start: int, has: NDArray[np.int64], n: NDArray[np.int64]
) -> NDArray[np.float64] | None:
    """The reducer's value of each item `start + has[i]` (which has `n[i]` > 0 scores), NaN
    where it has none, from the table's per-item counts and sums; None when the reducer needs
    each item's epoch values."""
    stop = start + CHUNK
    counted = parse_k(reducer)
    if reducer == "mean":
        return samples.sums(start, stop)[has] / n
    if counted is not None and samples.keep.hits:
        kind, k = counted
        c = samples.hits(start, stop)[has]
        if kind == "at_least":
            return (c >= k).astype(np.float64)
        pairs, inverse = np.unique(np.stack([n, c]), axis=1, return_inverse=True)
        each = [pass_at_counts(k, int(a), int(b)) for a, b in pairs.T.tolist()]
        return np.array(each, np.float64)[inverse.ravel()]
    if reducer == "max" and samples.keep.top:
        return samples.tops(start, stop)[has]
    return None


def _floats(values: NDArray[np.float64]) -> Sequence[float]:
    """The values as a sequence of Python floats, for `stats`, without a copy (a view)."""
    return cast("Sequence[float]", np.ascontiguousarray(values, np.float64).data)


def _scored_item(samples: RunSamples, i: int) -> int:
    """The number of the i-th item (from 0) that has a score."""
    for start in range(0, samples.n_items, CHUNK):
        has = np.flatnonzero(samples.scored_counts(start, start + CHUNK) > 0)
        if i < len(has):
            return start + int(has[i])
        i -= len(has)
    raise IndexError(i)


def recompute(samples: RunSamples, metric: Metric) -> Recomputed | None:
    """The metric from `samples`, or None when its aggregation is not one recomputed here.
    Each item's value comes from the table's per-item arrays, a chunk of items at a time, so
    that only the values themselves (8 bytes an item) are held whole."""
    reducer = reducer_of(metric.aggregation)
    if reducer is None:
        return None
    whole = np.empty(samples.n_items, np.float64)
    """The value of every item that has a score, by number, in `whole[:count]`."""
    count = n_scored = n_epochs = 0
    per_item = True
    for start in range(0, samples.n_items, CHUNK):
        n = samples.scored_counts(start, start + CHUNK)
        has = np.flatnonzero(n > 0)
        if not len(has):
            continue
        n = n[has]
        n_scored += int(n.sum())
        n_epochs = max(n_epochs, int(n.max()))
        if per_item:
            found = _reduced(samples, reducer, start, has, n)
            if found is None:
                per_item = False
            else:
                whole[count : count + len(found)] = found
                count += len(found)
    if not n_scored:
        return None
    if not per_item:
        epochs = samples.by_item().values()
        whole = np.array([reduce(reducer, v) for v in epochs], np.float64)
        count = len(whole)
    reduced = whole[:count]
    values = reduced[~np.isnan(reduced)] if np.isnan(reduced).any() else reduced
    if not len(values):
        return None
    floats = _floats(values)
    level = metric.uncertainty.level if metric.uncertainty else 0.95
    declared = metric.uncertainty.method if metric.uncertainty else "t"
    value = math.fsum(floats) / len(floats)
    interval: stats.Interval | None = None
    note = ""
    try:
        if reducer == "mean" and n_epochs > 1:
            # the item means are `reduced` (NaN where a sum is beyond the float range, which
            # the interval names)
            _, interval = stats.clustered_interval(
                _floats(reduced),
                level,
                lambda i: samples.name(_scored_item(samples, i)),
            )
            if declared != "clustered_t":
                note = f"clustered by item (several epochs) instead of {declared}"
        elif declared in stats.PROPORTION_METHODS and bool(
            np.all((values == 0.0) | (values == 1.0))
        ):
            k = int(np.count_nonzero(values == 1.0))
            interval = stats.proportion_interval(declared, k, len(values), level)
        else:
            _, interval = stats.mean_interval(floats, level)
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
