"""The running aggregates of sample tables: interned ids (hash collisions included), exact
per-item sums, what a table keeps, and the metric recomputed from them as from the records."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiss.compose.tables import KINDS
from aiss.conformance import stats
from aiss.conformance.intake import parse_submission
from aiss.conformance.recompute import keep_for, recompute
from aiss.conformance.reducers import reduce
from aiss.conformance.samples import ItemIds, Keep, RunSamples, add_records
from aiss.models.procedures import Metric
from aiss.models.submission import ResultSubmission
from tests.unit.conformance.test_engine import BASE, load_standard

# --- ids --------------------------------------------------------------------------------------

HASHERS: dict[str, Callable[[str], int]] = {
    "python": hash,
    "constant": lambda s: 7,  # every id collides with every other
    "length": len,  # ids of one length collide
    "two bits": lambda s: hash(s) & 3,
    "negative": lambda s: -(2**63) + (hash(s) & 1),  # keys at the edge of 64 bits
}

_NAMES = st.sampled_from(
    [
        "a",
        "b",
        "1",
        "01",
        "s000001",
        "é",
        "ĳ",
        "日本",
        "🙂",
        "a\x00b",
        "\x00",
        "\ud800",  # a lone surrogate, which a YAML escape can give
        "x" * 300,
        "y" * 300,
        str(10**40),
        "-5",
    ]
)


def _reference(batches: list[list[str]]) -> tuple[list[list[int]], list[str]]:
    numbers: dict[str, int] = {}
    out = []
    for batch in batches:
        out.append([numbers.setdefault(name, len(numbers)) for name in batch])
    return out, list(numbers)


@pytest.mark.parametrize("hasher", list(HASHERS.values()), ids=list(HASHERS))
@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_NAMES, max_size=25), max_size=6))
def test_ids_are_numbered_as_a_dict_would_whatever_their_hashes(
    hasher: Callable[[str], int], batches: list[list[str]]
) -> None:
    ids = ItemIds(hasher)
    want, names = _reference(batches)
    seen: set[str] = set()
    for batch, expected in zip(batches, want, strict=True):
        got, first = ids.numbers(batch)
        assert got.tolist() == expected
        firsts = []
        for name in batch:  # the first record of each id new in this batch
            firsts.append(name not in seen)
            seen.add(name)
        assert first.tolist() == firsts
    assert len(ids) == len(names)
    assert ids.names() == names
    assert [ids.name(i) for i in range(len(names))] == names


def test_a_table_let_go_of_its_lookup_finds_its_ids_again() -> None:
    ids = ItemIds(lambda s: len(s) % 2)  # two keys for every id
    ids.numbers([f"i{k}" for k in range(5000)])
    ids.close()
    got, first = ids.numbers(["i4999", "new", "i0", "new"])
    assert got.tolist() == [4999, 5000, 0, 5000]
    assert first.tolist() == [False, True, False, False]


def test_many_ids_grow_the_table_and_keep_their_numbers() -> None:
    ids = ItemIds()
    for start in range(0, 100_000, 7_000):
        ids.numbers([f"id-{k}" for k in range(start, start + 7_000)])
    got, _ = ids.numbers(["id-0", "id-99999", "id-54321"])
    assert got.tolist() == [0, 99_999, 54_321]
    assert len(ids) == 105_000


def test_a_huge_id_is_kept_whole() -> None:
    big = "z" * 1_000_000
    ids = ItemIds()
    ids.numbers(["a", big])
    got, _ = ids.numbers([big, big + "!", "a"])
    assert got.tolist() == [1, 2, 0]
    assert ids.name(1) == big and ids.name(2) == big + "!"


@pytest.mark.parametrize("hasher", list(HASHERS.values()), ids=list(HASHERS))
def test_an_integer_id_and_its_text_are_one_item_and_the_twin_is_refused(
    hasher: Callable[[str], int],
) -> None:
    table = RunSamples(hasher=hasher)
    records = [
        {"id": 10**30, "score": 1},
        {"id": str(10**30), "epoch": 2, "score": 0},
        {"id": "7", "score": 1},
        {"id": 7, "epoch": 2},
        {"id": 7.0, "score": 1},
    ]
    problems = add_records(table, records)
    assert [(p.index, p.key) for p in problems] == [(1, "id"), (3, "id"), (4, "id")]
    assert "same item" in problems[0].message and "same item" in problems[1].message
    assert table.items() == {str(10**30), "7"}
    assert table.ids == [10**30, "7"]


# --- sums -------------------------------------------------------------------------------------

_SCORES = (
    st.sampled_from([0.0, 0.5, 1.0, -0.0, 2.0, 0.1, 0.7, 1e-300, 5e-324, 1e308, -1e308, 1e16])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(min_value=-(10**20), max_value=10**20)
)


def _fsum(values: list[float]) -> float:
    try:
        total = math.fsum(values)
    except (OverflowError, ValueError):
        return math.nan
    return total if math.isfinite(total) else math.nan


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(_SCORES, min_size=1, max_size=70), min_size=1, max_size=8),
    st.integers(min_value=1, max_value=40),
)
def test_each_items_sum_is_the_fsum_of_its_scores(scores: list[list[float]], block: int) -> None:
    records = [
        {"id": f"i{i}", "epoch": e, "score": x}
        for i, values in enumerate(scores)
        for e, x in enumerate(values, 1)
    ]
    table = RunSamples(keep=Keep(records=False))
    assert add_records(table, records, block=block) == []
    want = [_fsum([float(x) for x in values]) for values in scores]
    got = table.sums().tolist()
    assert [str(x) for x in got] == [str(x) for x in want]  # NaN equal to NaN, -0.0 apart
    assert table.scored_counts().tolist() == [len(v) for v in scores]
    assert table.hits().tolist() == [sum(1 for x in v if x >= 1.0) for v in scores]
    assert table.tops().tolist() == [max(float(x) for x in v) for v in scores]


def test_halves_stay_exact_past_what_32_bits_hold() -> None:
    table = RunSamples(keep=Keep(records=False))
    add_records(table, [{"id": "a", "epoch": e, "score": 1} for e in range(1, 64)])
    add_records(table, [{"id": "a", "epoch": 10**9 + e, "score": 0.5} for e in range(1, 40_000)])
    assert table.sums().tolist() == [63 + 0.5 * 39_999]
    add_records(table, [{"id": "b", "score": 2**20}, {"id": "b", "epoch": 2, "score": 0.5}])
    assert table.sums().tolist()[1] == 2**20 + 0.5


# --- what a table keeps -----------------------------------------------------------------------


def test_a_table_that_counts_its_records_does_not_pretend_to_have_them() -> None:
    table = RunSamples(keep=Keep(hits=False, top=False, records=False))
    add_records(table, [{"id": "a", "score": 1}, {"id": "a", "epoch": 2, "score": 0}])
    assert (len(table), table.n_items, table.scored, table.epoch_range()) == (2, 1, 2, (2, 2))
    assert table.item_means() == {"a": 0.5}
    for view in (table.by_item, table.by_key, table.hits, table.tops, lambda: table.ids):
        with pytest.raises(ValueError, match="does not"):
            view()


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
