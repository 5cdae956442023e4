"""Differences of two results: paired over shared items, Newcombe for two proportions, normal
from two standard errors; checked against scipy to 1e-9 and against Newcombe's own example."""

from __future__ import annotations

import math
import random

import pytest
from scipy import stats as sp

from aiss.conformance.differences import (
    item_means,
    newcombe,
    paired,
    se_from_interval,
    unpaired_normal,
    unpaired_proportions,
)

TOL = 1e-9


def _scipy_newcombe(s1: int, n1: int, s2: int, n2: int, level: float) -> tuple[float, float]:
    w1 = sp.binomtest(s1, n1).proportion_ci(level, method="wilson")
    w2 = sp.binomtest(s2, n2).proportion_ci(level, method="wilson")
    p1, p2 = s1 / n1, s2 / n2
    d = p1 - p2
    return (
        d - math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
        d + math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
    )


@pytest.mark.parametrize(
    ("s1", "n1", "s2", "n2", "level"),
    [(46, 60, 39, 50, 0.95), (46, 60, 15, 50, 0.95), (0, 10, 10, 10, 0.9), (5, 5, 0, 7, 0.99)],
)
def test_newcombe_matches_wilson_from_scipy(
    s1: int, n1: int, s2: int, n2: int, level: float
) -> None:
    iv = newcombe(s1, n1, s2, n2, level)
    lo, hi = _scipy_newcombe(s1, n1, s2, n2, level)
    assert iv.lower == pytest.approx(lo, abs=TOL) and iv.upper == pytest.approx(hi, abs=TOL)


def test_newcombe_reproduces_the_paper() -> None:
    # Newcombe (1998), Table II, example (a): 56/70 - 48/80, method 10: 0.0524 to 0.3339
    iv = newcombe(56, 70, 48, 80)
    assert (round(iv.lower, 4), round(iv.upper, 4)) == (0.0524, 0.3339)


def test_paired_is_a_t_interval_over_per_item_differences() -> None:
    rng = random.Random(7)
    a = {f"j{i}": [float(rng.random() < 0.7) for _ in range(3)] for i in range(40)}
    b = {f"j{i}": [float(rng.random() < 0.6) for _ in range(3)] for i in range(5, 45)}
    d = paired(a, b)
    assert d is not None and d.n_items == 35
    ma, mb = item_means(a), item_means(b)
    shared = sorted(set(ma) & set(mb))
    diffs = [ma[k] - mb[k] for k in shared]
    ci = sp.ttest_1samp(diffs, 0.0).confidence_interval(0.95)
    assert d.interval.lower == pytest.approx(ci.low, abs=TOL)
    assert d.interval.upper == pytest.approx(ci.high, abs=TOL)
    rel = sp.ttest_rel([ma[k] for k in shared], [mb[k] for k in shared]).confidence_interval(0.95)
    assert d.interval.lower == pytest.approx(rel.low, abs=TOL)
    assert d.value == pytest.approx(sum(diffs) / len(diffs), abs=TOL)
    assert d.a_value == pytest.approx(sum(ma[k] for k in shared) / 35, abs=TOL)


def test_epochs_count_once_per_item() -> None:
    one = {"a": [1.0], "b": [0.0], "c": [1.0]}
    many = {"a": [1.0, 1.0, 1.0], "b": [0.0, 0.0, 0.0], "c": [1.0, 1.0, 1.0]}
    other = {"a": [0.0], "b": [0.0], "c": [1.0]}
    d1, d3 = paired(one, other), paired(many, other)
    assert d1 is not None and d3 is not None and d1.interval == d3.interval


def test_paired_needs_two_shared_items() -> None:
    assert paired({"a": [1.0], "b": [0.0]}, {"b": [1.0], "c": [0.0]}) is None


def test_unpaired_normal_matches_scipy() -> None:
    d = unpaired_normal(0.7667, 0.055, 0.78, 0.059, level=0.9)
    z = sp.norm.ppf(0.95)
    half = z * math.sqrt(0.055**2 + 0.059**2)
    assert d.interval.lower == pytest.approx(0.7667 - 0.78 - half, abs=TOL)
    assert d.interval.upper == pytest.approx(0.7667 - 0.78 + half, abs=TOL)
    assert se_from_interval(0.1, 0.3, 0.95) == pytest.approx(0.1 / sp.norm.ppf(0.975), abs=TOL)


def test_consistency_is_whether_the_interval_holds_zero() -> None:
    assert unpaired_proportions(46, 60, 39, 50).consistent
    far = unpaired_proportions(46, 60, 15, 50)
    assert not far.consistent and far.interval.lower > 0
    assert far.value == pytest.approx(46 / 60 - 0.3, abs=TOL)
