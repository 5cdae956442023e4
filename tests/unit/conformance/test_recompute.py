"""Metrics and intervals recomputed from samples; which interval a threshold is judged on."""

from __future__ import annotations

import copy
import math
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiss.compose.tables import KINDS
from aiss.conformance import stats
from aiss.conformance.estimates import estimate
from aiss.conformance.intake import parse_submission
from aiss.conformance.recompute import (
    BOUND_TOLERANCE,
    VALUE_TOLERANCE,
    compare,
    keep_for,
    recompute,
)
from aiss.conformance.reducers import reduce
from aiss.conformance.samples import Keep, RunSamples, add_records
from aiss.models.procedures import Metric
from aiss.models.results import MetricResult
from aiss.models.submission import ResultSubmission
from tests.unit.conformance.test_engine import BASE, load_standard


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


# The metric from the per-item aggregates, against the metric from the records.


def _fsum(values: list[float]) -> float:
    try:
        total = math.fsum(values)
    except (OverflowError, ValueError):
        return math.nan
    return total if math.isfinite(total) else math.nan


def _metric(aggregation: str, method: str = "bootstrap", unit: str = "score") -> Metric:
    return Metric.model_validate(
        {
            "id": "M-X",
            "name": "x",
            "procedure": "TP-1",
            "unit": unit,
            "direction": "higher_is_more_capable",
            "aggregation": aggregation,
            "uncertainty": {"method": method, "level": 0.95},
        }
    )


AGGREGATIONS = [
    "mean_over_items",
    "mean_over_items_of_mean_over_epochs",
    "mean_over_items_of_pass_at_2",
    "mean_over_items_of_at_least_2",
    "mean_over_items_of_max",
    "mean_over_items_of_median",
    "mean_over_items_of_mode",
    "mean_over_items_of_any_success_in_3_epochs",
]


def _old_recompute(table: RunSamples, metric: Metric) -> tuple[Any, ...] | None:
    """The metric as recomputed from each item's epoch values (before the aggregates)."""
    reducer = next(r for a, r in _REDUCERS.items() if a == metric.aggregation)
    per_item = table.by_item()
    if not per_item:
        return None
    if reducer == "mean":  # as `recompute` always did: in line, not `reducers.mean`
        reduced = {k: _fsum(v) / len(v) for k, v in per_item.items()}
    else:
        reduced = {k: reduce(reducer, v) for k, v in per_item.items()}
    values = [v for v in reduced.values() if not math.isnan(v)]
    if not values:
        return None
    n_epochs = max(len(v) for v in per_item.values())
    value = math.fsum(values) / len(values)
    try:
        if reducer == "mean" and n_epochs > 1:
            _, iv = stats.clustered_mean_interval(per_item, 0.95)
        else:
            _, iv = stats.mean_interval(values, 0.95)
        bounds: tuple[float, float] | str = (iv.lower, iv.upper)
    except ValueError as exc:
        bounds = str(exc)
    return value, bounds, len(values), n_epochs, sum(len(v) for v in per_item.values())


_REDUCERS = {
    "mean_over_items": "mean",
    "mean_over_items_of_mean_over_epochs": "mean",
    "mean_over_items_of_pass_at_2": "pass_at_2",
    "mean_over_items_of_at_least_2": "at_least_2",
    "mean_over_items_of_max": "max",
    "mean_over_items_of_median": "median",
    "mean_over_items_of_mode": "mode",
    "mean_over_items_of_any_success_in_3_epochs": "pass_at_3",
}


def _new(table: RunSamples, metric: Metric) -> tuple[Any, ...] | None:
    rec = recompute(table, metric)
    if rec is None:
        return None
    iv = rec.interval
    bounds = (iv.lower, iv.upper) if iv is not None else rec.note
    return rec.value, bounds, rec.n_items, rec.n_epochs, rec.n_scored


_SAMPLE_SCORES = st.sampled_from(["C", "I", "P", 0, 1, 0.25, 0.1, 0.7, None]) | st.floats(
    min_value=-5, max_value=5
)


@pytest.mark.parametrize("aggregation", AGGREGATIONS)
@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 12), st.integers(1, 5), _SAMPLE_SCORES), min_size=1, max_size=60
    )
)
def test_the_metric_from_the_aggregates_is_the_metric_from_the_records(
    aggregation: str, rows: list[tuple[int, int, Any]]
) -> None:
    records = [{"id": f"i{i}", "epoch": e, "score": s} for i, e, s in rows]
    metric = _metric(aggregation)
    full = RunSamples()
    add_records(full, records, block=7)
    want = _old_recompute(full, metric)
    assert _new(full, metric) == want
    reducer = _REDUCERS[aggregation]
    keep = Keep(
        hits=reducer.startswith(("pass_at", "at_least")),
        top=reducer == "max",
        records=reducer in ("median", "mode"),
    )
    lean = RunSamples(keep=keep)
    add_records(lean, records, block=5)
    assert _new(lean, metric) == want


def test_a_sum_beyond_the_float_range_is_named_not_a_traceback() -> None:
    table = RunSamples(keep=Keep(records=False))
    rows = [("big", 1, 1e308), ("big", 2, 1e308), ("a", 1, 0), ("a", 2, 1), ("b", 1, 1)]
    add_records(table, [{"id": i, "epoch": e, "score": s} for i, e, s in rows])
    rec = recompute(table, _metric("mean_over_items"))
    assert rec is not None and rec.interval is None
    assert rec.note == "item 'big' has a score that is not a finite number"
    assert (rec.value, rec.n_items) == (0.75, 2)


def _submission(local_log: bool) -> ResultSubmission:
    data = copy.deepcopy(BASE)
    for run in data["runs"]:
        if not local_log and "log" in run:
            run["log"]["uri"] = "https://example.org/" + run["log"]["uri"]
    intake = parse_submission("s.json", orjson.dumps(data), KINDS, fmt="json")
    assert intake.submission is not None
    return intake.submission


@pytest.mark.parametrize(
    ("aggregation", "local_log", "want"),
    [
        ("mean_over_items", False, Keep(hits=False, top=False, records=False)),
        ("mean_over_items", True, Keep(hits=False, top=False, records=True)),
        ("mean_over_items_of_pass_at_5", False, Keep(hits=True, top=False, records=False)),
        ("mean_over_items_of_at_least_2", False, Keep(hits=True, top=False, records=False)),
        ("mean_over_items_of_max", False, Keep(hits=False, top=True, records=False)),
        ("mean_over_items_of_median", False, Keep(hits=False, top=False, records=True)),
        ("mean_over_items_of_mode", False, Keep(hits=False, top=False, records=True)),
    ],
)
def test_the_check_keeps_what_the_metrics_and_logs_need(
    aggregation: str, local_log: bool, want: Keep
) -> None:
    std = load_standard()
    metrics = [m.model_copy(update={"aggregation": aggregation}) for m in std.metrics]
    std = std.model_copy(update={"metrics": metrics})
    assert keep_for(std, _submission(local_log)) == want
    assert keep_for(None, _submission(False)) == Keep(hits=False, top=False, records=False)
