"""A metric and its interval recomputed from per-sample scores, and compared with the submission.

Supported aggregations (the standard's `metrics[].aggregation`):

* `mean`, `mean_over_samples`, `mean_over_items`, `mean_over_tasks`, and any
  `mean_over_<unit>_of_mean_over_epochs`: each item's scores are averaged over its epochs, then
  the item means are averaged (with one epoch this is the plain mean);
* `mean_over_items_of_any_success_in_<k>_epochs` (pass@k): an item counts 1 when any of its
  first k epochs scored 1.

Intervals: with several epochs per item, the item-clustered t interval (`clustered_t`),
whatever the metric declares, because epochs of one item are not independent. With one value
per item: Wilson, Clopper-Pearson or normal as the metric declares when every value is 0 or 1;
otherwise (or for `t`, `clustered_t`, `bootstrap`) the t interval of the item values. Bounds
of a proportion are clipped to [0, 1].

Tolerances: the recomputed point estimate must equal the submitted one within `VALUE_TOLERANCE`
(absolute); submitted bounds computed by the same method must agree within `BOUND_TOLERANCE`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from aiss.conformance import stats
from aiss.conformance.samples import RunSamples
from aiss.models.procedures import Metric

VALUE_TOLERANCE = 1e-6
"""Largest absolute difference allowed between a submitted and a recomputed point estimate."""
BOUND_TOLERANCE = 1e-3
"""Largest absolute difference allowed between submitted and recomputed interval bounds."""

_MEAN = re.compile(r"^(mean|mean_over_(samples|items|tasks)|mean_over_[a-z]+_of_mean_over_epochs)$")
_ANY = re.compile(r"^mean_over_items_of_any_success_in_(\d+)_epochs$")


@dataclass(frozen=True)
class Recomputed:
    """What the per-sample scores say about a metric."""

    value: float
    interval: stats.Interval | None
    n_items: int
    n_epochs: int
    """Most epochs any item has."""
    n_scored: int
    note: str = ""
    """How the interval was chosen, when it differs from what the metric declares."""


def supported(aggregation: str) -> bool:
    return bool(_MEAN.match(aggregation) or _ANY.match(aggregation))


def _item_values(samples: RunSamples, aggregation: str) -> dict[str | int, list[float]]:
    by_item = samples.by_item()
    m = _ANY.match(aggregation)
    if m is None:
        return by_item
    k = int(m.group(1))
    epochs: dict[str | int, list[tuple[int, float]]] = {}
    for sid, epoch, score in zip(samples.ids, samples.epochs, samples.scores, strict=True):
        if score is not None:
            epochs.setdefault(sid, []).append((epoch, score))
    return {
        sid: [1.0 if any(s >= 1.0 for _, s in sorted(pairs)[:k]) else 0.0]
        for sid, pairs in epochs.items()
    }


def recompute(samples: RunSamples, metric: Metric) -> Recomputed | None:
    """The metric from `samples`, or None when its aggregation is not one recomputed here."""
    if not supported(metric.aggregation):
        return None
    per_item = _item_values(samples, metric.aggregation)
    if not per_item:
        return None
    level = metric.uncertainty.level if metric.uncertainty else 0.95
    declared = metric.uncertainty.method if metric.uncertainty else "t"
    n_scored = sum(len(v) for v in per_item.values())
    n_epochs = max(len(v) for v in per_item.values())
    means = [math.fsum(v) / len(v) for v in per_item.values()]
    value = math.fsum(means) / len(means)
    interval: stats.Interval | None = None
    note = ""
    try:
        if n_epochs > 1:
            _, interval = stats.clustered_mean_interval(
                {str(k): v for k, v in per_item.items()}, level
            )
            if declared != "clustered_t":
                note = f"clustered by item (several epochs) instead of {declared}"
        elif declared in stats.PROPORTION_METHODS and all(m in (0.0, 1.0) for m in means):
            k = sum(1 for m in means if m == 1.0)
            interval = stats.proportion_interval(declared, k, len(means), level)
        else:
            _, interval = stats.mean_interval(means, level)
            if declared not in ("t", "clustered_t"):
                note = f"t interval instead of {declared}: scores are not all 0 or 1"
    except ValueError as exc:  # fewer than two items: no interval
        note = str(exc)
    if interval is not None and metric.unit == "proportion":  # a proportion stays in [0, 1]
        interval = stats.Interval(
            max(0.0, interval.lower), min(1.0, interval.upper), interval.level, interval.method
        )
    return Recomputed(value, interval, len(means), n_epochs, n_scored, note)


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
