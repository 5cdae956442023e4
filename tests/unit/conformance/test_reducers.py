"""aiss's reducers against what inspect_ai itself computed (`tests/fixtures/inspect/expected.json`,
read back from real logs by make_trust_logs.py): every per-sample reduction of every (scorer,
reducer) in every log, and the metric over them, exactly."""

from __future__ import annotations

import json
import math
import statistics
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiss.conformance import reducers
from aiss.conformance.reducers import at_least, known, pass_at, reduce, reducer_of
from aiss.conformance.samples import SCORE_VALUES, RunSamples
from aiss.importers.inspect_log import read_inspect_log
from aiss.importers.inspect_runs import sample_table

LOGS = Path(__file__).resolve().parents[2] / "fixtures" / "inspect"
EXPECTED: dict[str, Any] = json.loads((LOGS / "expected.json").read_text(encoding="utf-8"))
CASES = [
    (log, red["scorer"], red["reducer"] or "mean", red["samples"])
    for log, data in EXPECTED.items()
    if isinstance(data, dict) and "reductions" in data
    for red in data["reductions"]
]


def _table(log: str, scorer: str) -> RunSamples:
    table = sample_table(read_inspect_log(LOGS / log), scorer)
    assert table is not None
    return table


def _same(got: float, want: Any) -> bool:
    """`mode` and `max` write the raw value (`"C"`), the others a number (NaN: none scored)."""
    if want is None or (isinstance(want, float) and math.isnan(want)):
        return math.isnan(got)
    number = SCORE_VALUES[want] if isinstance(want, str) else float(want)
    return got == pytest.approx(number, abs=1e-12)


@pytest.mark.parametrize(
    ("log", "scorer", "reducer", "want"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_every_reduction_is_inspects(
    log: str, scorer: str, reducer: str, want: dict[str, Any]
) -> None:
    by_item = _table(log, scorer).by_item()
    got = {sid: reduce(reducer, by_item.get(sid, [])) for sid in want}
    bad = {sid: (got[sid], want[sid]) for sid in want if not _same(got[sid], want[sid])}
    assert bad == {}


def test_every_log_and_reducer_is_a_case() -> None:
    reducers = {c[2] for c in CASES}
    assert {"mean", "median", "mode", "max", "pass_at_5", "at_least_2"} <= reducers
    assert len({c[0] for c in CASES}) == 10 and len(CASES) >= 25


def test_the_metric_is_the_mean_of_the_reductions_inspect_computed() -> None:
    checked = 0
    for log, data in EXPECTED.items():
        if not isinstance(data, dict) or "results" not in data:
            continue
        for entry in data["results"]["scores"]:
            reducer = entry["reducer"] or "mean"
            metric = entry["metrics"].get("accuracy", entry["metrics"].get("mean"))
            by_item = _table(log, entry["scorer"]).by_item()
            values = [reduce(reducer, v) for v in by_item.values()]
            values = [v for v in values if not math.isnan(v)]
            if not values:  # pass@5 of 3 epochs: undefined for every sample, and so is the metric
                assert math.isnan(metric), (log, reducer)
            else:
                assert sum(values) / len(values) == pytest.approx(metric, abs=1e-12), (log, reducer)
            checked += 1
    assert checked >= 20


def test_pass_at_k_is_the_unbiased_estimator() -> None:
    # n = 10 epochs, c = 2 successes: 1 - C(8, 5) / C(10, 5) = 1 - 56/252
    assert pass_at(5, [1.0, 1.0] + [0.0] * 8) == pytest.approx(1 - 56 / 252)
    assert pass_at(5, [1.0] * 6 + [0.0] * 4) == 1.0  # n - c < k
    assert math.isnan(pass_at(5, [1.0, 0.0, 1.0]))  # fewer epochs than k: undefined
    # not "a success among the first k epochs": a success in epoch 10 counts
    assert pass_at(5, [0.0] * 9 + [1.0]) == pytest.approx(0.5)


def test_at_least_k_counts_successes_and_is_zero_with_fewer_epochs() -> None:
    assert at_least(2, [1.0, 0.0, 1.0]) == 1.0
    assert at_least(2, [1.0]) == 0.0  # one epoch: 0, never the plain mean
    assert at_least(2, [0.5, 1.0]) == 0.0  # partial credit is below the threshold


def test_aggregations_name_their_reducer() -> None:
    assert reducer_of("mean_over_items_of_pass_at_5") == "pass_at_5"
    assert reducer_of("mean_over_items_of_at_least_2") == "at_least_2"
    assert reducer_of("mean_over_items_of_mean_over_epochs") == "mean"
    assert reducer_of("mean_over_items_of_any_success_in_3_epochs") == "pass_at_3"
    assert reducer_of("logistic_fit_of_success") is None
    assert known("median") and known("at_least_10") and not known("pass_at")


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from([0.0, 1.0, 0.5, 0.25, 1 / 3, 0.1, 1e300, -1e300, 5e-324])
        | st.floats(allow_nan=False, allow_infinity=False),
        min_size=1,
        max_size=30,
    )
)
def test_the_fast_mean_is_statistics_mean(values: list[float]) -> None:
    assert reducers.mean(values) == statistics.mean(values)
