"""Tests for aiss.conformance.stats: agreement with scipy, interval properties, rule of three."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from aiss.conformance.stats import (
    PROPORTION_METHODS,
    Interval,
    clopper_pearson,
    clustered_interval_of_means,
    clustered_mean_interval,
    mean_interval,
    normal_interval,
    normal_quantile,
    proportion_interval,
    t_quantile,
    wilson,
)

TOLERANCE = 1e-9
LEVELS = (0.8, 0.9, 0.95, 0.99)
SMALL_GRID = [(n, k) for n in range(1, 61) for k in range(n + 1)]
LARGE_GRID = [
    (n, k) for n in (100, 385, 1000, 1273, 5000, 100000) for k in sorted({0, 1, n // 3, n - 1, n})
]
GRID = SMALL_GRID + LARGE_GRID


@functools.cache
def _binomtest(successes: int, n: int) -> Any:  # scipy is untyped
    return scipy_stats.binomtest(successes, n)


def _scipy_ci(successes: int, n: int, level: float, method: str) -> tuple[float, float]:
    ci = _binomtest(successes, n).proportion_ci(confidence_level=level, method=method)
    return float(ci.low), float(ci.high)


def _assert_close(
    compute: Callable[[int, int, float], Interval],
    reference: Callable[[int, int, float], tuple[float, float]],
    cases: Iterable[tuple[int, int]],
    level: float,
) -> None:
    """Every case within TOLERANCE; on failure, name the worst one."""
    worst = (0.0, (0, 0))
    for n, k in cases:
        interval = compute(k, n, level)
        low, high = reference(k, n, level)
        deviation = max(abs(interval.lower - low), abs(interval.upper - high))
        worst = max(worst, (deviation, (n, k)))
    assert worst[0] <= TOLERANCE, f"largest deviation {worst[0]:.3g} at (n, k) = {worst[1]}"


# --- agreement with scipy -----------------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_wilson_matches_scipy_binomtest(level: float) -> None:
    _assert_close(wilson, lambda k, n, lv: _scipy_ci(k, n, lv, "wilson"), GRID, level)


@pytest.mark.parametrize("level", LEVELS)
def test_clopper_pearson_matches_scipy_binomtest(level: float) -> None:
    # scipy's exact interval root-finds on binom.sf, ~3 ms a call, so each level takes a quarter
    # of the small grid: every point is checked at one level here, and at all levels below.
    quarter = LEVELS.index(level)
    small = [(n, k) for n, k in SMALL_GRID if k % 4 == quarter]
    exact = functools.partial(_scipy_ci, method="exact")
    _assert_close(clopper_pearson, exact, small + LARGE_GRID, level)


@pytest.mark.parametrize("level", LEVELS)
def test_clopper_pearson_matches_scipy_beta_quantiles(level: float) -> None:
    n = np.array([case[0] for case in GRID])
    k = np.array([case[1] for case in GRID])
    alpha = (1.0 - level) / 2.0
    low = np.where(k == 0, 0.0, scipy_stats.beta.ppf(alpha, np.maximum(k, 1), n - k + 1))
    high = np.where(k == n, 1.0, scipy_stats.beta.ppf(1 - alpha, k + 1, np.maximum(n - k, 1)))
    expected = {case: (float(lo), float(hi)) for case, lo, hi in zip(GRID, low, high, strict=True)}
    _assert_close(clopper_pearson, lambda k, n, _: expected[n, k], GRID, level)


@pytest.mark.parametrize("level", LEVELS)
def test_normal_interval_matches_wald_formula(level: float) -> None:
    z = float(scipy_stats.norm.ppf(0.5 + level / 2))

    def wald(k: int, n: int, _: float) -> tuple[float, float]:
        p = k / n
        half = z * math.sqrt(p * (1 - p) / n)
        return max(0.0, p - half), min(1.0, p + half)

    _assert_close(normal_interval, wald, GRID, level)


QUANTILE_PS = [
    *(10.0**-e for e in (300, 100, 50, 20, 16, 10, 7, 5, 4, 3)),
    *(i / 400 for i in range(1, 400)),
    *(0.5 + 10.0**-e for e in (3, 6, 9)),
    *(1 - 10.0**-e for e in (3, 5, 7, 10, 15)),
]


def test_normal_quantile_matches_scipy() -> None:
    expected = scipy_stats.norm.ppf(QUANTILE_PS)
    for p, reference in zip(QUANTILE_PS, expected, strict=True):
        assert math.isclose(normal_quantile(p), reference, rel_tol=1e-13, abs_tol=1e-15), p


def test_normal_quantile_edges() -> None:
    assert normal_quantile(0.5) == 0.0
    assert normal_quantile(0.0) == -math.inf
    assert normal_quantile(1.0) == math.inf
    for bad in (-0.1, 1.1, math.nan):
        with pytest.raises(ValueError, match="probability"):
            normal_quantile(bad)


@pytest.mark.parametrize("df", [0.5, 1, 1.5, 2, 3, 4, 5, 9, 19, 39, 59, 99, 384, 1272, 10**5])
def test_t_quantile_matches_scipy(df: float) -> None:
    # scipy is not the reference everywhere: past 1e-20 it returns inf or saturates, and near
    # p = 1/2 it is off by ~1e-10 (df = 4, p = 0.500001) or returns 0 (df = 4, p = 0.5 + 1e-9).
    # Hence the absolute tolerance, and test_t_quantile_closed_forms for the rest.
    ps = [p for p in QUANTILE_PS if p >= 1e-20 and not 0.5 < p < 0.5 + 1e-8]
    for p, expected in zip(ps, scipy_stats.t.ppf(ps, df), strict=True):
        assert math.isclose(t_quantile(p, df), expected, rel_tol=TOLERANCE, abs_tol=TOLERANCE), p


def test_t_quantile_closed_forms() -> None:
    for p in QUANTILE_PS:
        cauchy = 1 / math.tan(math.pi * (1 - p)) if p > 0.5 else -1 / math.tan(math.pi * p)
        two = (2 * p - 1) / math.sqrt(2 * p * (1 - p))
        assert math.isclose(t_quantile(p, 1), cauchy, rel_tol=1e-12, abs_tol=1e-14), p
        assert math.isclose(t_quantile(p, 2), two, rel_tol=1e-12, abs_tol=1e-14), p
        t = t_quantile(p, 4)
        u = 1 + t * t / 4  # df = 4 has a closed-form CDF
        assert 0.5 + 0.375 * t / math.sqrt(u) * (1 - t * t / (12 * u)) == pytest.approx(
            p, abs=1e-15
        )


def test_t_quantile_edges() -> None:
    assert t_quantile(0.5, 3) == 0.0
    assert t_quantile(0.975, math.inf) == normal_quantile(0.975)
    assert t_quantile(0.0, 3) == -math.inf
    with pytest.raises(ValueError, match="degrees of freedom"):
        t_quantile(0.5, 0)
    with pytest.raises(ValueError, match="probability"):
        t_quantile(1.5, 3)


# --- domain sanity (domain.md §3.3, sample-size guidance) ---------------------------------------


def test_rule_of_three_zero_of_sixty() -> None:
    upper = clopper_pearson(0, 60).upper
    assert 0.059 < upper < 0.06
    assert upper == pytest.approx(0.0596, abs=5e-5)
    assert upper == pytest.approx(1 - 0.025 ** (1 / 60), rel=1e-14)


@pytest.mark.parametrize("n", [60, 300])
def test_rule_of_three_one_sided(n: int) -> None:
    # The upper bound of a two-sided 90% interval is a one-sided 95% bound: about 3/n.
    assert clopper_pearson(0, n, 0.90).upper * n == pytest.approx(3.0, rel=0.03)


def test_half_width_at_385_items_is_five_points() -> None:
    interval = normal_interval(385 // 2, 385)
    assert (interval.upper - interval.lower) / 2 == pytest.approx(0.05, abs=5e-4)


# --- properties ---------------------------------------------------------------------------------


@st.composite
def counts(draw: st.DrawFn) -> tuple[int, int]:
    n = draw(st.integers(min_value=1, max_value=5000))
    return draw(st.integers(min_value=0, max_value=n)), n


levels = st.floats(min_value=0.01, max_value=0.999)


@settings(max_examples=150, deadline=None)
@given(method=st.sampled_from(PROPORTION_METHODS), case=counts(), level=levels)
def test_interval_contains_estimate_within_unit_interval(
    method: str, case: tuple[int, int], level: float
) -> None:
    successes, n = case
    interval = proportion_interval(method, successes, n, level)
    assert 0.0 <= interval.lower <= successes / n <= interval.upper <= 1.0
    assert (interval.level, interval.method) == (level, method)


@settings(max_examples=150, deadline=None)
@given(method=st.sampled_from(PROPORTION_METHODS), case=counts(), a=levels, b=levels)
def test_interval_widens_with_level(method: str, case: tuple[int, int], a: float, b: float) -> None:
    successes, n = case
    narrow = proportion_interval(method, successes, n, min(a, b))
    wide = proportion_interval(method, successes, n, max(a, b))
    assert wide.lower <= narrow.lower + 1e-12
    assert wide.upper >= narrow.upper - 1e-12


@settings(max_examples=100, deadline=None)
@given(case=counts(), level=levels)
def test_clopper_pearson_is_symmetric(case: tuple[int, int], level: float) -> None:
    successes, n = case
    interval = clopper_pearson(successes, n, level)
    mirror = clopper_pearson(n - successes, n, level)
    assert interval.lower == pytest.approx(1 - mirror.upper, abs=1e-12)


# --- means --------------------------------------------------------------------------------------


def _scipy_t_interval(values: list[float], level: float) -> tuple[float, float]:
    array = np.asarray(values)
    half = scipy_stats.t.ppf(0.5 + level / 2, len(array) - 1) * scipy_stats.sem(array)
    return float(array.mean() - half), float(array.mean() + half)


@pytest.mark.parametrize("level", LEVELS)
def test_clustered_mean_interval_matches_scipy(level: float) -> None:
    rng = np.random.default_rng(7)
    scores = {
        f"item-{i}": [float(s) for s in rng.binomial(1, 0.3, size=1 + i % 4)] for i in range(40)
    }
    item_means = [sum(v) / len(v) for v in scores.values()]
    mean, interval = clustered_mean_interval(scores, level)
    low, high = _scipy_t_interval(item_means, level)
    assert mean == pytest.approx(np.mean(item_means), abs=1e-15)
    assert interval.lower == pytest.approx(low, abs=TOLERANCE)
    assert interval.upper == pytest.approx(high, abs=TOLERANCE)
    assert (interval.level, interval.method) == (level, "clustered_t")


def test_clustered_interval_is_the_cluster_robust_interval_for_equal_epochs() -> None:
    # Miller (2024): Var = (1/N^2) sum_c (sum_i (s_ic - mean))^2, here with the n/(n-1) factor.
    rng = np.random.default_rng(11)
    scores = {f"s{i}": [float(v) for v in rng.normal(i % 5, 1.0, size=3)] for i in range(25)}
    flat = np.concatenate([np.asarray(v) for v in scores.values()])
    grand = flat.mean()
    cluster_sums = np.array([np.sum(np.asarray(v) - grand) for v in scores.values()])
    n_items = len(scores)
    se = math.sqrt(np.sum(cluster_sums**2) / flat.size**2 * n_items / (n_items - 1))
    half = scipy_stats.t.ppf(0.975, n_items - 1) * se
    mean, interval = clustered_mean_interval(scores)
    assert mean == pytest.approx(grand, abs=1e-12)
    assert interval.lower == pytest.approx(grand - half, abs=TOLERANCE)
    assert interval.upper == pytest.approx(grand + half, abs=TOLERANCE)


def test_clustered_with_one_epoch_is_the_plain_mean_interval() -> None:
    values = [0.1, 0.4, 0.35, 0.8, 0.05, 0.6]
    clustered = clustered_mean_interval({str(i): [v] for i, v in enumerate(values)})
    plain = mean_interval(values)
    assert clustered[0] == plain[0]
    assert (clustered[1].lower, clustered[1].upper) == (plain[1].lower, plain[1].upper)


@given(
    st.dictionaries(
        st.text(max_size=3),
        st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=4),
        min_size=2,
        max_size=30,
    )
)
def test_the_interval_of_item_means_is_the_clustered_interval(
    scores: dict[str, list[float]],
) -> None:
    means = {k: math.fsum(v) / len(v) for k, v in scores.items()}
    assert clustered_interval_of_means(means) == clustered_mean_interval(scores)


def test_non_finite_values_are_refused_by_name() -> None:
    with pytest.raises(ValueError, match="item 'b' has a score that is not a finite number"):
        clustered_interval_of_means({"a": 0.5, "b": math.inf, "c": 0.1})
    with pytest.raises(ValueError, match="values must be finite numbers"):
        mean_interval([0.1, math.nan, 0.3])
    with pytest.raises(ValueError, match="values must be finite numbers"):
        mean_interval([math.inf, -math.inf, 0.3])
    with pytest.raises(ValueError, match="too large to sum"):
        mean_interval([1.7e308, 1.7e308])
    with pytest.raises(ValueError, match="too spread out"):
        mean_interval([1e300, -1e300, 0.0])


@pytest.mark.parametrize("level", LEVELS)
def test_mean_interval_matches_scipy(level: float) -> None:
    values = [float(v) for v in np.random.default_rng(3).exponential(2.0, size=17)]
    mean, interval = mean_interval(values, level)
    low, high = _scipy_t_interval(values, level)
    assert mean == pytest.approx(float(np.mean(values)), abs=1e-14)
    assert (interval.lower, interval.upper) == pytest.approx((low, high), abs=TOLERANCE)
    assert interval.method == "t"


# --- dispatch and validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "function"),
    [("wilson", wilson), ("clopper_pearson", clopper_pearson), ("normal", normal_interval)],
)
def test_proportion_interval_dispatches(
    method: str, function: Callable[[int, int, float], Interval]
) -> None:
    assert proportion_interval(method, 7, 40, 0.9) == function(7, 40, 0.9)


def test_proportion_interval_rejects_unknown_method() -> None:
    with pytest.raises(ValueError, match="unknown interval method 'exact'"):
        proportion_interval("exact", 1, 2, 0.95)


@pytest.mark.parametrize("method", PROPORTION_METHODS)
@pytest.mark.parametrize(
    ("successes", "n", "level", "message"),
    [
        (0, 0, 0.95, "n must be at least 1"),
        (-1, 10, 0.95, "successes must be between 0 and n"),
        (11, 10, 0.95, "successes must be between 0 and n"),
        (1, 10, 0.0, "confidence level"),
        (1, 10, 1.0, "confidence level"),
        (1, 10, 95.0, "confidence level"),
        (1, 10, math.nan, "confidence level"),
    ],
)
def test_proportion_input_validation(
    method: str, successes: int, n: int, level: float, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        proportion_interval(method, successes, n, level)


def test_mean_input_validation() -> None:
    with pytest.raises(ValueError, match="at least 2 values"):
        mean_interval([1.0])
    with pytest.raises(ValueError, match="finite"):
        mean_interval([1.0, math.nan])
    with pytest.raises(ValueError, match="confidence level"):
        mean_interval([1.0, 2.0], 1.0)
    with pytest.raises(ValueError, match="at least 2 items"):
        clustered_mean_interval({"a": [1.0, 0.0]})
    with pytest.raises(ValueError, match="item 'b' has no scores"):
        clustered_mean_interval({"a": [1.0], "b": []})
    with pytest.raises(ValueError, match="item 'a' has a score that is not a finite number"):
        clustered_mean_interval({"a": [math.inf], "b": [0.0]})
