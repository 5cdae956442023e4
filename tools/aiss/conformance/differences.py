"""The difference between two results of the same metric, with its interval (pure).

Two institutes' values of one metric are *consistent* at level 1-alpha when the interval of
their difference contains 0, *inconsistent* when it excludes 0 (trust.md, "Intervals and
differences"). The interval is:

- paired, when both have per-sample scores and ran items in common: on the shared items only,
  the per-item difference of the per-item means (over epochs), then a t interval over items.
  Clustering by item is what makes epochs count once: an item run 3 times by each institute is
  one difference, not three.
- unpaired, for two proportions with counts (single-epoch binary scores): Newcombe's hybrid
  score interval (Newcombe 1998, "Interval estimation for the difference between independent
  proportions", method 10), built from the two Wilson intervals.
- unpaired otherwise: the normal approximation from the two standard errors (reported, or
  read back from the intervals), which treats the two estimates as independent.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from aiss.conformance.special import normal_quantile
from aiss.conformance.stats import Interval, mean_interval, wilson

ItemScores = Mapping[str, Sequence[float]]
"""Item id -> its scores, one per epoch."""


@dataclass(frozen=True)
class Difference:
    """A - B with its interval, and what it rests on."""

    value: float
    """The point difference (A minus B)."""
    interval: Interval
    method: str
    """`paired_t` (shared items), `newcombe` (two proportions) or `normal` (two standard errors)."""
    n_items: int | None = None
    """Items the paired difference is over (the shared ones)."""
    a_value: float | None = None
    """A's value on what the difference is over (for a paired one: A on the shared items)."""
    b_value: float | None = None

    @property
    def consistent(self) -> bool:
        """The interval contains 0."""
        return self.interval.lower <= 0.0 <= self.interval.upper


def newcombe(s1: int, n1: int, s2: int, n2: int, level: float = 0.95) -> Interval:
    """Newcombe's hybrid score interval for p1 - p2, p1 = s1/n1 and p2 = s2/n2 independent:
    with (l1, u1) and (l2, u2) the Wilson intervals, d = p1 - p2,
    d - sqrt((p1-l1)² + (u2-p2)²) .. d + sqrt((u1-p1)² + (p2-l2)²)."""
    w1, w2 = wilson(s1, n1, level), wilson(s2, n2, level)
    p1, p2 = s1 / n1, s2 / n2
    d = p1 - p2
    lower = d - math.sqrt((p1 - w1.lower) ** 2 + (w2.upper - p2) ** 2)
    upper = d + math.sqrt((w1.upper - p1) ** 2 + (p2 - w2.lower) ** 2)
    return Interval(lower, upper, level, "newcombe")


def item_means(scores: ItemScores) -> dict[str, float]:
    """Item -> the mean of its epochs' scores (items with no score left out)."""
    return {k: math.fsum(v) / len(v) for k, v in scores.items() if v}


def paired(a: ItemScores, b: ItemScores, level: float = 0.95) -> Difference | None:
    """A - B on the items both ran: the per-item differences of the per-item means, and the t
    interval over items; None when fewer than two items are shared."""
    return paired_means(item_means(a), item_means(b), level)


def paired_means(
    ma: Mapping[str, float], mb: Mapping[str, float], level: float = 0.95
) -> Difference | None:
    """`paired` from the item means (`item_means`, or a sample table's own)."""
    shared = sorted(set(ma) & set(mb))
    if len(shared) < 2:
        return None
    diffs = [ma[k] - mb[k] for k in shared]
    mean, iv = mean_interval(diffs, level)
    va = math.fsum(ma[k] for k in shared) / len(shared)
    vb = math.fsum(mb[k] for k in shared) / len(shared)
    return Difference(
        mean, Interval(iv.lower, iv.upper, level, "paired_t"), "paired_t", len(shared), va, vb
    )


def unpaired_normal(
    a: float, se_a: float, b: float, se_b: float, level: float = 0.95
) -> Difference:
    """A - B, independent estimates: (a - b) ± z·sqrt(se_a² + se_b²)."""
    z = normal_quantile(1.0 - (1.0 - level) / 2.0)
    half = z * math.sqrt(se_a**2 + se_b**2)
    d = a - b
    return Difference(d, Interval(d - half, d + half, level, "normal"), "normal", None, a, b)


def unpaired_proportions(s1: int, n1: int, s2: int, n2: int, level: float = 0.95) -> Difference:
    """A - B for two independent proportions, Newcombe's hybrid score interval."""
    iv = newcombe(s1, n1, s2, n2, level)
    return Difference(s1 / n1 - s2 / n2, iv, "newcombe", None, s1 / n1, s2 / n2)


def se_from_interval(lower: float, upper: float, level: float) -> float:
    """The standard error a symmetric normal interval of `level` implies: half-width / z."""
    return (upper - lower) / 2.0 / normal_quantile(1.0 - (1.0 - level) / 2.0)
