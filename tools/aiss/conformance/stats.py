"""Confidence intervals for proportions and means, in pure Python (standard library only).

`metric_threshold` checks compare a threshold with a confidence bound. When a submission gives
a point estimate and a count but no interval, the checker computes one here. The results match
`scipy.stats` to better than 1e-9; scipy is only used by the tests, never at runtime.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat

from aiss.conformance.special import beta_quantile, normal_quantile, t_quantile

__all__ = [
    "PROPORTION_METHODS",
    "Interval",
    "clopper_pearson",
    "clustered_interval",
    "clustered_mean_interval",
    "mean_interval",
    "normal_interval",
    "normal_quantile",
    "proportion_interval",
    "t_quantile",
    "wilson",
]


@dataclass(frozen=True)
class Interval:
    """A two-sided confidence interval."""

    lower: float
    """Lower bound."""
    upper: float
    """Upper bound."""
    level: float
    """Confidence level, strictly between 0 and 1 (0.95 for a 95% interval)."""
    method: str
    """How it was computed: `wilson`, `clopper_pearson`, `normal`, `t` or `clustered_t`."""


# --- input checks -------------------------------------------------------------------------------


def _check_level(level: float) -> None:
    if not 0.0 < level < 1.0:
        raise ValueError(f"confidence level must be strictly between 0 and 1, got {level!r}")


def _check_counts(successes: int, n: int) -> None:
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n!r}")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n ({n}), got {successes!r}")


# --- proportions --------------------------------------------------------------------------------


def _z(level: float) -> float:
    """The two-sided normal critical value, from the small tail for precision near level 1."""
    return -normal_quantile((1.0 - level) / 2.0)


def wilson(successes: int, n: int, level: float = 0.95) -> Interval:
    """Wilson score interval without continuity correction (Newcombe 1998, method 3).

    Equals `scipy.stats.binomtest(successes, n).proportion_ci(level, method="wilson")`.
    """
    _check_counts(successes, n)
    _check_level(level)
    z2 = _z(level) ** 2
    denominator = 2.0 * (n + z2)
    center = (2.0 * successes + z2) / denominator
    delta = math.sqrt(z2) / denominator * math.sqrt(4.0 * successes * (n - successes) / n + z2)
    lower = 0.0 if successes == 0 else max(0.0, center - delta)
    upper = 1.0 if successes == n else min(1.0, center + delta)
    return Interval(lower, upper, level, "wilson")


def clopper_pearson(successes: int, n: int, level: float = 0.95) -> Interval:
    """Clopper-Pearson "exact" interval: inverts two one-sided binomial tests of size (1-level)/2.

    With a = (1 - level) / 2, the bounds are beta quantiles, lower = B^-1(a; k, n-k+1) and
    upper = B^-1(1-a; k+1, n-k), with closed forms at k = 0 and k = n. Equals
    `scipy.stats.binomtest(successes, n).proportion_ci(level, method="exact")`. With 0 of 60
    at 95% the upper bound is 0.0596, close to the "rule of three" bound 3/n.
    """
    _check_counts(successes, n)
    _check_level(level)
    alpha = (1.0 - level) / 2.0
    if successes == 0:
        lower = 0.0
    elif successes == n:
        lower = math.exp(math.log(alpha) / n)  # solves p^n = alpha
    else:
        lower = beta_quantile(successes, n - successes + 1, alpha)
    if successes == n:
        upper = 1.0
    elif successes == 0:
        upper = -math.expm1(math.log(alpha) / n)  # solves (1 - p)^n = alpha
    else:
        upper = beta_quantile(successes + 1, n - successes, alpha, upper=True)
    return Interval(lower, upper, level, "clopper_pearson")


def normal_interval(successes: int, n: int, level: float = 0.95) -> Interval:
    """Wald interval p ± z·sqrt(p(1-p)/n), clipped to [0, 1].

    Known to under-cover near 0 and 1 (zero width at k = 0 or k = n); prefer Wilson.
    """
    _check_counts(successes, n)
    _check_level(level)
    p = successes / n
    half = _z(level) * math.sqrt(p * (1.0 - p) / n)
    return Interval(max(0.0, p - half), min(1.0, p + half), level, "normal")


_PROPORTION_INTERVALS: dict[str, Callable[[int, int, float], Interval]] = {
    "wilson": wilson,
    "clopper_pearson": clopper_pearson,
    "normal": normal_interval,
}
PROPORTION_METHODS = tuple(_PROPORTION_INTERVALS)
"""The method names `proportion_interval` accepts."""


def proportion_interval(method: str, successes: int, n: int, level: float = 0.95) -> Interval:
    """The interval for `successes` of `n` by `method`: one of `PROPORTION_METHODS`."""
    try:
        compute = _PROPORTION_INTERVALS[method]
    except KeyError:
        known = ", ".join(PROPORTION_METHODS)
        raise ValueError(f"unknown interval method {method!r}; expected one of {known}") from None
    return compute(successes, n, level)


# --- means --------------------------------------------------------------------------------------


def _t_interval(values: Sequence[float], level: float, method: str) -> tuple[float, Interval]:
    _check_level(level)
    n = len(values)
    if n < 2:
        raise ValueError(f"a t interval needs at least 2 values, got {n}")
    try:  # a NaN or infinity among the values makes the sum so (or raises: inf - inf)
        total = math.fsum(values)
    except OverflowError:
        raise ValueError("the values are too large to sum") from None
    except ValueError:
        total = math.nan
    if not math.isfinite(total):
        raise ValueError("values must be finite numbers")
    mean = total / n
    sub = operator.sub
    try:  # (v - mean) * (v - mean) for each v, by C-level maps (a million items are common)
        deviations = map(sub, values, repeat(mean)), map(sub, values, repeat(mean))
        variance = math.fsum(map(operator.mul, *deviations)) / (n - 1)
    except OverflowError:
        raise ValueError("the values are too spread out to take their variance") from None
    if not math.isfinite(variance):
        raise ValueError("the values are too spread out to take their variance")
    half = -t_quantile((1.0 - level) / 2.0, n - 1) * math.sqrt(variance / n)
    return mean, Interval(mean - half, mean + half, level, method)


def mean_interval(values: Sequence[float], level: float = 0.95) -> tuple[float, Interval]:
    """The mean of `values` and its t interval: mean ± t(1-(1-level)/2; n-1)·s/sqrt(n)."""
    return _t_interval(values, level, "t")


def clustered_mean_interval(
    cluster_scores: Mapping[str, Sequence[float]], level: float = 0.95
) -> tuple[float, Interval]:
    """Item-clustered mean and interval for a metric scored over several epochs per item.

    `cluster_scores` maps each item (sample id) to its scores, one per epoch. With m_i the mean
    of item i's scores and n the number of items, this returns the mean of the item means,
    m = Σ m_i / n, and the t interval m ± t(1-(1-level)/2; n-1)·s/sqrt(n), where
    s² = Σ (m_i - m)² / (n-1) is the sample variance of the item means. Every item weighs the
    same, whatever its number of epochs.

    With equal epochs per item, m is the mean of all scores and s²/n is the cluster-robust
    variance of that mean with the usual n/(n-1) small-sample factor: Miller (2024), "Adding
    Error Bars to Evals: A Statistical Approach to Language Model Evaluations",
    arXiv:2411.00640, section "Clustered standard errors". More epochs shrink only the
    within-item noise; the interval cannot be narrower than the between-item spread allows.
    Needs at least 2 items, each with at least one score.
    """
    item_means: dict[str, float] = {}
    for item, scores in cluster_scores.items():
        if not scores:
            raise ValueError(f"item {item!r} has no scores")
        try:
            item_means[item] = math.fsum(scores) / len(scores)
        except (OverflowError, ValueError):  # inf - inf, or a sum too large
            item_means[item] = math.nan
    return clustered_interval_of_means(item_means, level)


def clustered_interval_of_means(
    item_means: Mapping[str, float], level: float = 0.95
) -> tuple[float, Interval]:
    """`clustered_mean_interval` from the item means m_i already computed (each the fsum of
    the item's scores over their number, as there)."""
    names = list(item_means)
    return clustered_interval(list(item_means.values()), level, names.__getitem__)


def clustered_interval(
    means: Sequence[float], level: float = 0.95, name: Callable[[int], str] = str
) -> tuple[float, Interval]:
    """`clustered_interval_of_means` of the item means in a sequence (a million items need no
    mapping): `name(i)` is the id of the i-th item, for the message about a mean that is not
    a finite number."""
    if not all(map(math.isfinite, means)):
        for i, mean in enumerate(means):
            if not math.isfinite(mean):  # a NaN or infinite score makes the mean so
                raise ValueError(f"item {name(i)!r} has a score that is not a finite number")
    if len(means) < 2:
        raise ValueError(f"a clustered interval needs at least 2 items, got {len(means)}")
    return _t_interval(means, level, "clustered_t")
