"""Inspect's epoch reducers, applied exactly as inspect_ai applies them, and the aggregations
of a standard's metrics that name them.

A sample run for several epochs has one score per epoch; a reducer turns a sample's scored
epochs (in epoch order; unscored and errored epochs left out) into one value, and the metric
is the mean of those values over the samples that got one (Inspect's `accuracy` / `mean`).
The formulas follow inspect_ai 0.3.285, `scorer/_reducer/reducer.py` (see
`tests/fixtures/inspect/REDUCERS.md`, and `expected.json` for values inspect_ai computed):

* `mean`, `median` (of the two middle values for an even count), `mode` (the most common
  value; a tie goes to the value seen first), `max`;
* `at_least_<k>`: 1 when at least k epochs score 1 or more, else 0 (so 0 with fewer than k
  epochs, never the plain mean);
* `pass_at_<k>`: the unbiased estimator of Chen et al. (2021), with n scored epochs of which c
  score 1 or more: 1 - C(n-c, k) / C(n, k), computed as 1 - prod_{i=n-c+1..n} (1 - k/i);
  1 when n - c < k; undefined (NaN: the sample is left out) when n < k.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence

_K = re.compile(r"^(pass_at|at_least)_(\d+)$")
SIMPLE = ("mean", "median", "mode", "max")


def known(reducer: str) -> bool:
    return reducer in SIMPLE or bool(_K.match(reducer))


def pass_at(k: int, values: Sequence[float], threshold: float = 1.0) -> float:
    """The unbiased pass@k of one sample's scored epochs; NaN with fewer than k epochs."""
    return pass_at_counts(k, len(values), sum(1 for v in values if v >= threshold))


def pass_at_counts(k: int, n: int, c: int) -> float:
    """`pass_at` of n scored epochs of which c reach the threshold."""
    if n < k:
        return math.nan
    if n - c < k:
        return 1.0
    return 1.0 - math.prod(1.0 - k / i for i in range(n - c + 1, n + 1))


def at_least(k: int, values: Sequence[float], threshold: float = 1.0) -> float:
    """1 when at least k epochs score `threshold` or more, else 0."""
    return 1.0 if sum(1 for v in values if v >= threshold) >= k else 0.0


def mean(values: Sequence[float]) -> float:
    """`statistics.mean` of floats, the same value, fast: when the floats add up exactly (0/1
    scores, halves, any sum a float holds), the one division is rounded as the exact mean is;
    otherwise `statistics.mean` itself (exact rational arithmetic) decides."""
    try:
        total = math.fsum(values)
        exact = math.isfinite(total) and math.fsum([*values, -total]) == 0.0
    except OverflowError:  # an intermediate sum beyond the float range
        exact = False
    if exact:
        return total / len(values)
    return float(statistics.mean(values))


def parse_k(reducer: str) -> tuple[str, int] | None:
    """(`pass_at` or `at_least`, k) of a reducer that counts successes; None for another."""
    m = _K.match(reducer)
    return (m.group(1), int(m.group(2))) if m else None


def reduce(reducer: str, values: Sequence[float]) -> float:
    """One sample's value after `reducer` over its scored epochs; NaN when none is scored
    (or, for pass@k, when fewer than k are)."""
    if not values:
        return math.nan
    if reducer == "mean":
        return mean(values)
    if reducer == "median":
        return float(statistics.median(values))
    if reducer == "mode":
        return float(Counter(values).most_common(1)[0][0])
    if reducer == "max":
        return max(values)
    m = _K.match(reducer)
    if m is None:
        raise ValueError(f"unknown reducer {reducer!r}")
    k = int(m.group(2))
    return pass_at(k, values) if m.group(1) == "pass_at" else at_least(k, values)


_MEAN = re.compile(r"^(mean|mean_over_(samples|items|tasks)|mean_over_[a-z]+_of_mean_over_epochs)$")
_LEGACY_ANY = re.compile(r"^mean_over_items_of_any_success_in_(\d+)_epochs$")
_OF = re.compile(r"^mean_over_items_of_([a-z_0-9]+?)(?:_over_epochs)?$")


def reducer_of(aggregation: str) -> str | None:
    """The reducer a metric's `aggregation` names, or None when it is not one recomputed here.

    `mean_over_items_of_<reducer>` (`mean_over_items_of_pass_at_5`, `..._of_median`) and the
    plain means name their reducer. The older spelling
    `mean_over_items_of_any_success_in_<k>_epochs` (published versions keep it) is pass@k: the
    share of items solved in at least one of k attempts, which the unbiased estimator estimates
    from any number of epochs (reading only the first k would throw epochs away)."""
    if _MEAN.match(aggregation):
        return "mean"
    legacy = _LEGACY_ANY.match(aggregation)
    if legacy:
        return f"pass_at_{legacy.group(1)}"
    of = _OF.match(aggregation)
    if of and known(of.group(1)):
        return of.group(1)
    return None
