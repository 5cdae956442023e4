"""Metrics and intervals recomputed from samples; which interval a threshold is judged on."""

from __future__ import annotations

from typing import Any

import pytest

from aiss.conformance import stats
from aiss.conformance.estimates import estimate
from aiss.conformance.recompute import BOUND_TOLERANCE, VALUE_TOLERANCE, compare, recompute
from aiss.conformance.samples import RunSamples, add_records
from aiss.models.procedures import Metric
from aiss.models.results import MetricResult


def metric(
    method: str | None = "wilson", aggregation: str = "mean_over_items", **kw: Any
) -> Metric:
    return Metric.model_validate(
        {
            "id": "M-X",
            "name": "x",
            "procedure": "TP-1",
            "unit": kw.pop("unit", "proportion"),
            "direction": "higher_is_more_capable",
            "aggregation": aggregation,
            **({"uncertainty": {"method": method, "level": 0.95}} if method else {}),
            **kw,
        }
    )


def table(rows: list[tuple[str, int, Any]]) -> RunSamples:
    t = RunSamples()
    assert add_records(t, [{"id": i, "epoch": e, "score": s} for i, e, s in rows]) == []
    return t


BINARY = table([(f"i{k}", 1, 1 if k < 7 else 0) for k in range(20)])


@pytest.mark.parametrize("method", ["wilson", "clopper_pearson", "normal"])
def test_binary_single_epoch_uses_the_declared_proportion_interval(method: str) -> None:
    rec = recompute(BINARY, metric(method))
    assert rec is not None and rec.interval is not None
    want = stats.proportion_interval(method, 7, 20, 0.95)
    assert (rec.value, rec.interval.lower, rec.interval.upper) == (0.35, want.lower, want.upper)
    assert (rec.n_items, rec.n_epochs, rec.n_scored, rec.note) == (20, 1, 20, "")


def test_partial_credit_falls_back_to_a_t_interval() -> None:
    rec = recompute(table([("a", 1, "C"), ("b", 1, "P"), ("c", 1, "I"), ("d", 1, "C")]), metric())
    assert rec is not None and rec.interval is not None
    assert rec.value == pytest.approx(0.625)
    assert rec.interval.method == "t" and "not all 0 or 1" in rec.note
    assert rec.interval.upper == 1.0  # a proportion is clipped to [0, 1]


def test_several_epochs_are_clustered_by_item() -> None:
    rows = [("a", 1, 1), ("a", 2, 0), ("b", 1, 1), ("b", 2, 1), ("c", 1, 0), ("c", 2, 0)]
    rec = recompute(table(rows), metric("wilson", "mean_over_items_of_mean_over_epochs"))
    assert rec is not None and rec.interval is not None
    mean, iv = stats.clustered_mean_interval({"a": [1, 0], "b": [1, 1], "c": [0, 0]}, 0.95)
    assert rec.value == mean and rec.interval.method == "clustered_t"
    assert rec.interval.lower == max(0.0, iv.lower)
    assert "instead of wilson" in rec.note and rec.n_epochs == 2


def test_any_success_in_k_epochs_is_inspects_unbiased_pass_at_k() -> None:
    # item a: 1 success in 3 epochs; b: none. pass@k per item is 1 - C(n-c, k) / C(n, k)
    # (Chen et al. 2021, Inspect's pass_at_k), not "a success among the first k epochs"
    rows = [("a", e, 1 if e == 3 else 0) for e in (1, 2, 3)] + [("b", e, 0) for e in (1, 2, 3)]
    agg = "mean_over_items_of_any_success_in_{}_epochs"
    at_3 = recompute(table(rows), metric("wilson", agg.format(3)))
    at_2 = recompute(table(rows), metric("wilson", agg.format(2)))
    assert at_3 is not None and at_3.value == 0.5  # a: 1 - C(2,3)/C(3,3) = 1
    assert at_2 is not None and at_2.value == pytest.approx((1 - 1 / 3) / 2)  # a: 2/3
    assert at_2.reducer == "pass_at_2"


def test_unsupported_aggregations_and_empty_tables() -> None:
    assert recompute(BINARY, metric(aggregation="logistic_fit_of_success")) is None
    assert recompute(RunSamples(), metric()) is None
    one = recompute(table([("a", 1, 1)]), metric("clustered_t"))
    assert one is not None and one.interval is None and "at least 2" in one.note


def test_comparison_tolerances() -> None:
    rec = recompute(BINARY, metric())
    assert rec is not None and rec.interval is not None
    lo, hi = rec.interval.lower, rec.interval.upper
    assert compare(rec, 0.35 + VALUE_TOLERANCE / 2, lo, hi, "wilson").value_ok
    assert not compare(rec, 0.35 + 2 * VALUE_TOLERANCE, lo, hi, "wilson").value_ok
    assert compare(rec, 0.35, lo + BOUND_TOLERANCE / 2, hi, "wilson").bounds_ok is True
    assert compare(rec, 0.35, lo + 2 * BOUND_TOLERANCE, hi, "wilson").bounds_ok is False
    assert compare(rec, 0.35, 0.0, 1.0, "bootstrap").bounds_ok is None  # another method


def result(**kw: Any) -> MetricResult:
    return MetricResult.model_validate({"metric": "M-X", **kw})


def test_submitted_interval_comes_first() -> None:
    ci = {"lower": 0.1, "upper": 0.2, "level": 0.95, "method": "wilson"}
    est = estimate(result(value=0.15, ci=ci, n_items=100), metric(), None)
    assert (est.lower, est.upper, est.source) == (0.1, 0.2, "submitted")


def test_a_lower_level_interval_is_not_enough() -> None:
    ci = {"lower": 0.1, "upper": 0.2, "level": 0.9, "method": "wilson"}
    est = estimate(result(value=0.15, ci=ci), metric(), None)
    assert est.source == "none" and "below the required" in est.note


def test_disagreeing_intervals_are_judged_on_their_hull() -> None:
    rec = recompute(BINARY, metric())
    assert rec is not None and rec.interval is not None
    ci = {"lower": 0.3, "upper": 0.4, "level": 0.95, "method": "wilson"}
    est = estimate(result(value=0.35, ci=ci), metric(), rec)
    assert est.source == "hull"
    assert (est.lower, est.upper) == (rec.interval.lower, rec.interval.upper)


@pytest.mark.parametrize(
    ("method", "kw", "k", "n"),
    [
        ("wilson", {"value": 0.1, "n_scored": 200, "successes": 20}, 20, 200),
        ("clopper_pearson", {"value": 0.0, "n_scored": 60}, 0, 60),
        ("clustered_t", {"value": 0.3, "n_items": 40, "n_epochs": 5, "n_scored": 200}, 12, 40),
    ],
)
def test_counts_give_an_interval(method: str, kw: dict[str, Any], k: int, n: int) -> None:
    est = estimate(result(**kw), metric(method), None)
    want = stats.proportion_interval(method if method != "clustered_t" else "wilson", k, n, 0.95)
    assert (est.lower, est.upper, est.source) == (want.lower, want.upper, "counts")


def test_rule_of_three() -> None:
    est = estimate(result(value=0.0, n_scored=60), metric("clopper_pearson"), None)
    assert est.upper == pytest.approx(0.0596, abs=5e-5)


def test_no_interval_without_counts_and_exact_metrics() -> None:
    assert estimate(result(value=0.1), metric(), None).source == "none"
    assert estimate(result(value=0.1, n_items=10), metric(unit="score"), None).source == "none"
    exact = estimate(result(value=64), metric(None, unit="hours"), None)
    assert (exact.lower, exact.upper, exact.source) == (64, 64, "exact")
