"""Confidence intervals for proportions and means, in pure Python (standard library only).

`metric_threshold` checks compare a threshold with a confidence bound. When a submission gives
a point estimate and a count but no interval, the checker computes one here. The results match
`scipy.stats` to better than 1e-9; scipy is only used by the tests, never at runtime.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "PROPORTION_METHODS",
    "Interval",
    "clopper_pearson",
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


# --- normal quantile: Wichura (1988), Algorithm AS 241 (PPND16), ~1e-16 relative ---------------

# Coefficients of the numerator and denominator polynomials, highest degree first.
_AS241_CENTRAL = (
    (2.5090809287301226727e3, 3.3430575583588128105e4, 6.7265770927008700853e4,
     4.5921953931549871457e4, 1.3731693765509461125e4, 1.9715909503065514427e3,
     1.3314166789178437745e2, 3.3871328727963666080e0),
    (5.2264952788528545610e3, 2.8729085735721942674e4, 3.9307895800092710610e4,
     2.1213794301586595867e4, 5.3941960214247511077e3, 6.8718700749205790830e2,
     4.2313330701600911252e1, 1.0),
)  # fmt: skip
_AS241_INTERMEDIATE = (
    (7.74545014278341407640e-4, 2.27238449892691845833e-2, 2.41780725177450611770e-1,
     1.27045825245236838258e0, 3.64784832476320460504e0, 5.76949722146069140550e0,
     4.63033784615654529590e0, 1.42343711074968357734e0),
    (1.05075007164441684324e-9, 5.47593808499534494600e-4, 1.51986665636164571966e-2,
     1.48103976427480074590e-1, 6.89767334985100004550e-1, 1.67638483018380384940e0,
     2.05319162663775882187e0, 1.0),
)  # fmt: skip
_AS241_TAIL = (
    (2.01033439929228813265e-7, 2.71155556874348757815e-5, 1.24266094738807843860e-3,
     2.65321895265761230930e-2, 2.96560571828504891230e-1, 1.78482653991729133580e0,
     5.46378491116411436990e0, 6.65790464350110377720e0),
    (2.04426310338993978564e-15, 1.42151175831644588870e-7, 1.84631831751005468180e-5,
     7.86869131145613259100e-4, 1.48753612908506148525e-2, 1.36929880922735805310e-1,
     5.99832206555887937690e-1, 1.0),
)  # fmt: skip


def _rational(coefficients: tuple[tuple[float, ...], tuple[float, ...]], x: float) -> float:
    numerator, denominator = 0.0, 0.0
    for c in coefficients[0]:
        numerator = numerator * x + c
    for c in coefficients[1]:
        denominator = denominator * x + c
    return numerator / denominator


def normal_quantile(p: float) -> float:
    """The standard normal quantile (inverse CDF) at `p`; -inf at 0 and +inf at 1."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"probability must be between 0 and 1, got {p!r}")
    q = p - 0.5
    if abs(q) <= 0.425:
        return q * _rational(_AS241_CENTRAL, 0.180625 - q * q)
    tail = min(p, 1.0 - p)
    if tail == 0.0:
        return math.copysign(math.inf, q)
    r = math.sqrt(-math.log(tail))
    x = _rational(_AS241_INTERMEDIATE, r - 1.6) if r <= 5.0 else _rational(_AS241_TAIL, r - 5.0)
    return -x if q < 0.0 else x


# --- regularized incomplete beta and its inverse (Numerical Recipes, 3rd ed., §6.4) ------------

_FPMIN = 1e-300  # keeps the modified Lentz recurrences away from division by zero
_CF_EPS = 1e-16  # continued-fraction convergence, relative
_X_TOL = 1e-14  # root convergence, relative to the root
_MAX_ROOT_STEPS = 200


# Stirling series of log Γ(x) - [(x - 1/2) log x - x + log √(2π)]: B_2k / (2k (2k - 1)).
_STIRLING = (
    1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400,
)  # fmt: skip
_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


def _stirling_remainder(x: float) -> float:
    """log Γ(x) minus its Stirling approximation; accurate to ~1e-17 for x >= 10."""
    inverse_square = 1.0 / (x * x)
    total = 0.0
    for c in reversed(_STIRLING):
        total = total * inverse_square + c
    return total / x


def _log_beta(a: float, b: float) -> float:
    """log B(a, b), avoiding the cancellation of lgamma differences for large arguments (as R's
    `lbeta`): that cancellation would cost ~1e-10 relative accuracy at a + b ~ 1e5."""
    p, q = min(a, b), max(a, b)
    if q < 10.0:
        return math.lgamma(p) + math.lgamma(q) - math.lgamma(p + q)
    correction = _stirling_remainder(q) - _stirling_remainder(p + q)
    if p >= 10.0:
        return (
            _LOG_SQRT_2PI
            - 0.5 * math.log(q)
            + correction
            + _stirling_remainder(p)
            + (p - 0.5) * math.log(p / (p + q))
            + q * math.log1p(-p / (p + q))
        )
    return (
        math.lgamma(p) + correction + p - p * math.log(p + q) + (q - 0.5) * math.log1p(-p / (p + q))
    )


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction for I_x(a, b) by the modified Lentz method (NR `betacf`)."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) >= _FPMIN else _FPMIN)
    h = d
    # Needs O(sqrt(max(a, b))) terms when x < (a + 1) / (a + b + 2), which the caller ensures.
    for m in range(1, 1000 + 20 * math.isqrt(int(max(a, b)) + 1)):
        for aa in (
            m * (b - m) * x / ((a - 1.0 + 2 * m) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 1.0 + 2 * m)),
        ):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) >= _FPMIN else _FPMIN)
            c = 1.0 + aa / c
            c = c if abs(c) >= _FPMIN else _FPMIN
            h *= d * c
        if abs(d * c - 1.0) <= _CF_EPS:
            return h
    raise ArithmeticError(f"incomplete beta continued fraction did not converge: {a}, {b}, {x}")


def _beta_inc(a: float, b: float, x: float) -> tuple[float, float]:
    """(I_x(a, b), 1 - I_x(a, b)); whichever side the fraction yields is free of cancellation."""
    if x <= 0.0:
        return 0.0, 1.0
    if x >= 1.0:
        return 1.0, 0.0
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b))
    if x < (a + 1.0) / (a + b + 2.0):
        lower = front * _beta_continued_fraction(a, b, x) / a
        return lower, 1.0 - lower
    upper = front * _beta_continued_fraction(b, a, 1.0 - x) / b
    return 1.0 - upper, upper


def _beta_guess(a: float, b: float, p: float, upper: bool) -> float:
    """A starting point for the beta quantile (NR `invbetai`; A&S 26.5.22 when a, b >= 1)."""
    lower_p = 1.0 - p if upper else p
    if a >= 1.0 and b >= 1.0:
        z = normal_quantile(p) if upper else -normal_quantile(p)  # upper-tail deviate
        al = (z * z - 3.0) / 6.0
        h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0))
        w = z * math.sqrt(al + h) / h - (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) * (
            al + 5.0 / 6.0 - 2.0 / (3.0 * h)
        )
        x = a / (a + b * math.exp(min(2.0 * w, 700.0)))
    else:
        t = math.exp(a * math.log(a / (a + b))) / a
        u = math.exp(b * math.log(b / (a + b))) / b
        if lower_p < t / (t + u):
            x = (a * (t + u) * lower_p) ** (1.0 / a)
        else:
            x = 1.0 - (b * (t + u) * (1.0 - lower_p)) ** (1.0 / b)
    return x if 0.0 < x < 1.0 else 0.5


def _beta_quantile(a: float, b: float, p: float, *, upper: bool = False) -> float:
    """The x in (0, 1) with I_x(a, b) = p, or with 1 - I_x(a, b) = p when `upper`; 0 < p < 1.

    Newton's method on log(tail / p), which converges in a few steps even far out in a tail,
    kept inside a bracket that shrinks at every step and falling back to bisection whenever a
    step would leave it (NR `rtsafe`).
    """
    log_b = _log_beta(a, b)
    lo, hi = 0.0, 1.0
    x = _beta_guess(a, b, p, upper)
    for _ in range(_MAX_ROOT_STEPS):
        tail = _beta_inc(a, b, x)[1 if upper else 0]
        if tail > 0.0:
            f = math.log(p / tail) if upper else math.log(tail / p)  # increasing in x
        else:  # underflow: x is far out on the side where the tail vanishes
            f = math.inf if upper else -math.inf
        if f == 0.0:
            return x
        if f < 0.0:
            lo = x
        else:
            hi = x
        density = math.exp((a - 1.0) * math.log(x) + (b - 1.0) * math.log1p(-x) - log_b)
        step = f * tail / density if 0.0 < density < math.inf else math.nan
        if abs(step) <= _X_TOL * x:  # false for nan
            return x - step
        new = x - step
        if not lo < new < hi:  # also catches nan
            new = 0.5 * (lo + hi)
            if new in (lo, hi):  # the bracket is two adjacent floats
                return new
        x = new
    return x


def t_quantile(p: float, df: float) -> float:
    """The quantile of Student's t distribution with `df` degrees of freedom at `p`."""
    if not df > 0.0:
        raise ValueError(f"degrees of freedom must be positive, got {df!r}")
    if df == math.inf or p in (0.0, 1.0):
        return normal_quantile(p)
    if not 0.0 < p < 1.0:
        raise ValueError(f"probability must be between 0 and 1, got {p!r}")
    if p == 0.5:
        return 0.0
    # P(T <= -|t|) = I_x(df/2, 1/2) / 2 with x = df / (df + t^2); solve for whichever of
    # x and 1 - x is the smaller, so that t comes out without cancellation.
    two_tail = 2.0 * min(p, 1.0 - p)
    a = df / 2.0
    # Far tail: I_x(a, 1/2) = x^a / (a B(a, 1/2)) · (1 + O(x)), and x may not be representable.
    log_x = (math.log(two_tail * a) + _log_beta(a, 0.5)) / a
    if log_x < -200.0:
        log_t = 0.5 * (math.log(df) - log_x)
        t = math.inf if log_t > 709.0 else math.exp(log_t)
    elif two_tail <= _beta_inc(a, 0.5, 0.5)[0]:  # |t| >= sqrt(df): x <= 1/2
        x = _beta_quantile(a, 0.5, two_tail)
        t = math.sqrt(df * (1.0 - x) / x)
    else:
        # y = 1 - x < 1/2, from whichever tail is smaller; |2p - 1| is exact for p >= 1/4.
        central = abs(2.0 * p - 1.0)  # P(|T| <= |t|) = I_y(1/2, a)
        if central < two_tail:
            y = _beta_quantile(0.5, a, central)
        else:
            y = _beta_quantile(0.5, a, two_tail, upper=True)
        t = math.sqrt(df * y / (1.0 - y))
    return -t if p < 0.5 else t


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
        lower = _beta_quantile(successes, n - successes + 1, alpha)
    if successes == n:
        upper = 1.0
    elif successes == 0:
        upper = -math.expm1(math.log(alpha) / n)  # solves (1 - p)^n = alpha
    else:
        upper = _beta_quantile(successes + 1, n - successes, alpha, upper=True)
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
    if not all(math.isfinite(v) for v in values):
        raise ValueError("values must be finite numbers")
    mean = math.fsum(values) / n
    variance = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
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
    item_means: list[float] = []
    for item, scores in cluster_scores.items():
        if not scores:
            raise ValueError(f"item {item!r} has no scores")
        if not all(math.isfinite(s) for s in scores):
            raise ValueError(f"item {item!r} has a score that is not a finite number")
        item_means.append(math.fsum(scores) / len(scores))
    if len(item_means) < 2:
        raise ValueError(f"a clustered interval needs at least 2 items, got {len(item_means)}")
    return _t_interval(item_means, level, "clustered_t")
