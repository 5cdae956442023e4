"""The light pass over per-sample records and their column-wise tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiss.conformance.samples import MAX_PROBLEMS, RunSamples, add_records, summarise
from tests.support.column_samples import ColumnSamples, column_add_records


def test_records_become_columns() -> None:
    table = RunSamples()
    problems = add_records(
        table,
        [
            {"id": "a", "epoch": 1, "score": "C"},
            {"id": "a", "epoch": 2, "score": "N"},
            {"id": 7, "score": 0.25},
            {"id": "b", "epoch": 1, "error": "timeout"},
            {"id": "c", "refusal": True, "score": 0},
        ],
    )
    assert problems == []
    assert table.ids == ["a", "a", 7, "b", "c"]
    assert table.epochs == [1, 2, 1, 1, 1]
    assert table.scores == [1.0, 0.0, 0.25, None, 0.0]
    assert (table.refusals, table.errors, len(table)) == (2, 1, 5)
    assert table.by_item() == {"a": [1.0, 0.0], "7": [0.25], "c": [0.0]}  # ids canonical
    assert table.items() == {"a", "7", "b", "c"}


@pytest.mark.parametrize(
    ("record", "key", "text"),
    [
        ([1, 2], None, "mapping"),
        ({"epoch": 1}, None, "no `id`"),
        ({"id": True}, "id", "sample id"),
        ({"id": ""}, "id", "sample id"),
        ({"id": "a", "epoch": 0}, "epoch", "epoch"),
        ({"id": "a", "epoch": 1.5}, "epoch", "epoch"),
        ({"id": "a", "score": "X"}, "score", "score"),
        ({"id": "a", "score": float("nan")}, "score", "score"),
        ({"id": "a", "score": True}, "score", "score"),
        ({"id": "a", "score": 10**400}, "score", "score"),  # no float holds it (was a traceback)
        ({"id": "a", "refusal": "yes"}, "refusal", "refusal"),
        ({"id": "a", "error": 3}, "error", "error"),
        ({"id": "a", "run": "r"}, "run", "unknown field"),
    ],
)
def test_bad_records_are_reported_not_kept(record: Any, key: str | None, text: str) -> None:
    table = RunSamples()
    (problem,) = add_records(table, [record])
    assert (problem.index, problem.key) == (0, key)
    assert text in problem.message
    assert len(table) == 0


def test_duplicates_and_the_run_key_of_sample_files() -> None:
    table = RunSamples()
    records = [{"run": "r", "id": "a"}, {"run": "r", "id": "a", "epoch": 1}]
    (dup,) = add_records(table, records, extra_keys=frozenset({"run"}))
    assert dup.index == 1 and "appears twice" in dup.message


def test_many_problems_are_summarised() -> None:
    table = RunSamples()
    problems = add_records(table, [{"id": None}] * (MAX_PROBLEMS + 5))
    shown, more = summarise(problems)
    assert (len(shown), more) == (MAX_PROBLEMS, 5)


def test_an_id_written_as_a_number_and_as_text_is_one_item_and_the_twin_is_refused() -> None:
    table = RunSamples()
    problems = add_records(table, [{"id": 1, "score": 1}, {"id": "1", "score": 0}, {"id": 2}])
    assert [(p.index, p.key) for p in problems] == [(1, "id")]
    assert "same item" in problems[0].message
    assert table.items() == {"1", "2"} and len(table) == 2


def test_records_of_another_scorer_go_to_its_own_table() -> None:
    table = RunSamples()
    records = [
        {"id": "a", "score": 1},
        {"id": "a", "scorer": "judge", "score": 0.5},
        {"id": "a", "scorer": "main", "epoch": 2, "score": 0},
    ]
    assert add_records(table, records, default_scorer="main") == []
    assert table.by_item() == {"a": [1.0, 0.0]}
    assert table.others["judge"].by_item() == {"a": [0.5]}
    assert table.epochs_per_item() == {"a": 2} and table.scored == 2


# Streaming tables against the column tables they replaced (tests/support/column_samples.py).

_IDS = st.sampled_from(["a", "b", "1", "", "x y"]) | st.integers(min_value=-2, max_value=3)
_RECORD = st.fixed_dictionaries(
    {"id": _IDS},
    optional={
        "epoch": st.integers(min_value=-1, max_value=70) | st.just(True) | st.just(2**40),
        "score": st.sampled_from(["C", "I", "P", "N", "X", None, 0, 1, 0.5, True])
        | st.floats(allow_nan=True, allow_infinity=False),
        "refusal": st.booleans() | st.just("yes"),
        "error": st.none() | st.just("timeout") | st.just(3),
        "scorer": st.sampled_from(["main", "judge", "other"]) | st.just(5),
        "extra": st.just(1),
    },
)
_PLAIN = st.fixed_dictionaries(
    {"id": _IDS},
    optional={
        "epoch": st.integers(min_value=1, max_value=9),
        "score": st.sampled_from(["C", "I", 1]),
    },
)
_RECORDS = st.lists(_RECORD | _PLAIN | st.just([1]) | st.just({"epoch": 1}), max_size=40)


def _state(table: Any) -> dict[str, Any]:
    return {
        "ids": table.ids,
        "epochs": table.epochs,
        "scores": table.scores,
        "counts": (table.refusals, table.errors, len(table), table.scored, table.source),
        "items": table.items(),
        "epochs_per_item": table.epochs_per_item(),
        "by_key": table.by_key(),
        "by_item": table.by_item(),
        "others": {k: _state(v) for k, v in table.others.items()},
    }


@pytest.mark.parametrize(
    "hasher", [hash, lambda s: 0, lambda s: len(s) & 1], ids=["python", "constant", "parity"]
)
@settings(max_examples=300, deadline=None)
@given(_RECORDS, _RECORDS, st.sampled_from([None, "main"]), st.integers(1, 9))
def test_streaming_tables_equal_the_column_tables(
    hasher: Callable[[str], int],
    first: list[Any],
    second: list[Any],
    scorer: str | None,
    block: int,
) -> None:
    """Whatever the ids' hashes (colliding ones too) and however the records are cut into
    blocks (a block of plain records takes the whole-block path)."""
    new, old = RunSamples(hasher=hasher), ColumnSamples()
    for batch in (first, second):  # a second batch continues the same table
        got = add_records(new, batch, default_scorer=scorer, block=block)
        want = column_add_records(old, batch, default_scorer=scorer)
        assert got == want
    assert _state(new) == _state(old)
