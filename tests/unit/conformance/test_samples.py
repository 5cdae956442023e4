"""The light pass over per-sample records and their tables: running aggregates per item
(interned ids, hash collisions included; exact sums; what a table keeps)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiss.conformance.samples import (
    MAX_PROBLEMS,
    ItemIds,
    Keep,
    RunSamples,
    add_records,
    summarise,
)
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


# Running aggregates: interned ids (hash collisions included), exact sums, what is kept.

# --- ids-----------------------------------------------------------------------------------

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


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", 7, "z9"]), st.sampled_from([1, 2, 3, 8, 63, 64, 70])
        ),
        unique_by=lambda r: (str(r[0]), r[1]),
        max_size=20,
    ),
    st.integers(1, 70),
    st.booleans(),
)
def test_records_beyond_an_epoch_are_counted_from_the_epoch_bits(
    pairs: list[tuple[str | int, int]], epochs: int, kept: bool
) -> None:
    # what a log without samples contradicts: records at an epoch it did not run, counted
    # whether or not the table keeps its records (a check keeps them only for some runs)
    table = RunSamples(keep=Keep(records=kept))
    problems = add_records(table, [{"id": i, "epoch": e, "score": 1} for i, e in pairs])
    assert problems == []
    over = sorted((str(i), e) for i, e in pairs if e > epochs)
    assert table.beyond(epochs) == (len(over), over[0] if over else None)
