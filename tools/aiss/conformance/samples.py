"""Per-sample scores as running aggregates: checked record by record, kept in compact arrays.

A submission may carry millions of sample records, inline (`runs[].samples`) or in a JSON
Lines file beside it. Records are checked by a plain loop against the same rules as
`SampleRecord` (a pydantic object per record would cost more than parsing the file) and fed
one at a time into a `RunSamples` table, so nothing is kept of a record once it is counted.

What a table keeps is what the checks need and no more:

* per item (canonical id, `1` and `"1"` one item): its number, whether the id was written as
  an integer (the twin written the other way is refused), and a bitmask of the epochs seen
  (epochs above 63 in a set), for the duplicate check: ~100 bytes an item;
* per record: its item number, epoch and score in three `array`s (4 + 4 + 8 bytes; an
  unscored or errored record has NaN, a value no valid score has): what the reducers need per
  item (mean, median, mode, max, at_least_k and pass_at_k read each item's epoch values) and
  what `logs` compares with a log, per (item, epoch);
* running counts: refusals, errors, scored records.

So 2,000,000 records of 200,000 items cost about 32 MB of arrays and 20 MB of items, however
they were read; the records themselves are never held.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

T = TypeVar("T")

SCORE_VALUES = {"C": 1.0, "I": 0.0, "P": 0.5, "N": 0.0}
"""Inspect's categorical scores as numbers; `N` (no answer) is a refusal and counts as 0."""
RECORD_KEYS = frozenset({"id", "epoch", "score", "refusal", "error", "scorer"})
MAX_PROBLEMS = 20
"""Problems reported per source; the rest are counted in one final message."""
_NONE = math.nan
"""The stored score of an unscored or errored record (no valid score is NaN)."""
_BITS = 63
"""Epochs 1..63 are marked in one 64-bit mask per item; higher ones in a set."""


def canonical(sid: str | int) -> str:
    """An item id as the one key it is: `1` and `"1"` are the same item."""
    return sid if type(sid) is str else str(sid)


@dataclass
class RunSamples:
    """The sample records of one run: those of its sample scorer here, those of each other
    scorer in `others`. Filled by `Records.add` (or `add_records`)."""

    refusals: int = 0
    errors: int = 0
    source: str = ""
    """Where the records came from: `inline`, the samples file's path, or the log's."""
    others: dict[str, RunSamples] = field(default_factory=dict)
    """Scorer -> the records of another scorer of the same run."""
    scored: int = 0
    """Records with a score."""
    _index: dict[str, int] = field(default_factory=dict, repr=False)
    """Canonical item id -> item number, in the order items first appeared."""
    _as_int: bytearray = field(default_factory=bytearray, repr=False)
    """Per item: 1 when its id was written as an integer."""
    _mask: array[int] = field(default_factory=lambda: array("Q"), repr=False)
    _high: set[tuple[int, int]] = field(default_factory=set, repr=False)
    _item: array[int] = field(default_factory=lambda: array("i"), repr=False)
    _epoch: array[int] | list[int] = field(default_factory=lambda: array("i"), repr=False)
    """32-bit while every epoch fits (a plain list after one that does not)."""
    _score: array[float] = field(default_factory=lambda: array("d"), repr=False)
    _ordered: bool = field(default=True, repr=False)
    """Every item's records came in increasing epoch order (so `by_item` need not sort)."""
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Views computed from the records, each for the number of records it was computed at
    (records are only ever appended), so several checks share one pass over them."""

    def _cached(self, name: str, compute: Callable[[], T]) -> T:
        key = f"{name}@{len(self._item)}"
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])

    def __len__(self) -> int:
        return len(self._item)

    def _names(self) -> list[str]:
        return list(self._index)

    @property
    def ids(self) -> list[str | int]:
        """Every record's item id, as written (`1` or `"1"`), in record order."""
        names, as_int = self._names(), self._as_int
        return [int(names[i]) if as_int[i] else names[i] for i in self._item]

    @property
    def epochs(self) -> list[int]:
        return list(self._epoch)

    @property
    def scores(self) -> list[float | None]:
        """Numeric score per record; None for an unscored or errored sample."""
        return [None if s != s else s for s in self._score]

    def records(self) -> Iterator[tuple[str, int, float | None]]:
        """(canonical item id, epoch, score or None) of every record, in record order."""
        names = self._names()
        for i, e, s in zip(self._item, self._epoch, self._score, strict=True):
            yield names[i], e, (None if s != s else s)

    def items(self) -> set[str]:
        """Distinct item ids, canonical (`1` and `"1"` count once)."""
        return set(self._index)

    def epochs_per_item(self) -> dict[str, int]:
        """Canonical item id -> the number of epochs recorded for it (do not change it)."""
        return self._cached("epochs", self._epochs_per_item)

    def _epochs_per_item(self) -> dict[str, int]:
        counts = Counter(self._item)
        return {name: counts[i] for i, name in enumerate(self._index)}

    def by_key(self) -> dict[tuple[str, int], float | None]:
        """(canonical item id, epoch) -> score (None: unscored or errored; do not change it)."""
        return self._cached("by_key", self._by_key)

    def _by_key(self) -> dict[tuple[str, int], float | None]:
        return {(sid, epoch): score for sid, epoch, score in self.records()}

    def by_item(self) -> dict[str, list[float]]:
        """Item id -> its scored values, in epoch order; unscored samples left out (do not
        change it)."""
        return self._cached("by_item", self._by_item)

    def _by_item(self) -> dict[str, list[float]]:
        if self._ordered:
            values: list[list[float]] = [[] for _ in self._as_int]
            for i, s in zip(self._item, self._score, strict=True):
                if s == s:
                    values[i].append(s)
            return {name: v for name, v in zip(self._index, values, strict=True) if v}
        per: list[list[tuple[int, float]] | None] = [None] * len(self._index)
        for i, e, s in zip(self._item, self._epoch, self._score, strict=True):
            if s == s:
                pairs = per[i]
                if pairs is None:
                    per[i] = [(e, s)]
                else:
                    pairs.append((e, s))
        names = self._names()
        return {names[i]: [v for _, v in sorted(pairs)] for i, pairs in enumerate(per) if pairs}

    def scorer_table(self, scorer: str) -> RunSamples:
        return self.others.setdefault(scorer, RunSamples(source=self.source))

    def _take(self, sid: str | int, key: str, epoch: int) -> str | None:
        """Record (`sid`, `epoch`) unless it is a twin or a duplicate: then say why."""
        number = self._index.get(key)
        as_int = type(sid) is int
        if number is None:
            number = self._index[key] = len(self._index)
            self._as_int.append(as_int)
            self._mask.append(0)
        elif self._as_int[number] != as_int:
            return (
                f"sample ids {key} and {key!r} are the same item written twice "
                "(as a number and as text): the twin is refused"
            )
        if epoch <= _BITS:
            bit = 1 << epoch
            mask = self._mask[number]
            if mask & bit:
                return f"sample {sid!r} epoch {epoch} appears twice"
            if mask > bit:
                self._ordered = False
            self._mask[number] = mask | bit
        elif (number, epoch) in self._high:
            return f"sample {sid!r} epoch {epoch} appears twice"
        else:
            self._ordered = False  # epochs past 63 are not tracked in order
            self._high.add((number, epoch))
        self._item.append(number)
        try:
            self._epoch.append(epoch)
        except OverflowError:  # an epoch beyond 2^31: kept exactly, in a list
            self._epoch = [*self._epoch, epoch]
        return None


@dataclass(frozen=True)
class RecordProblem:
    """A record that breaks the rules: its index in the source, the key at fault, why."""

    index: int
    key: str | None
    message: str


def _check(record: Any, extra_keys: frozenset[str]) -> tuple[str | None, str] | None:
    if not isinstance(record, dict):
        return None, f"a sample record must be a mapping, not {type(record).__name__}"
    unknown = set(record) - RECORD_KEYS - extra_keys
    if unknown:
        key = sorted(unknown)[0]
        return key, f"unknown field {key!r} in a sample record"
    sid = record.get("id")
    if sid is None:
        return None, "the sample record has no `id`"
    if isinstance(sid, bool) or not isinstance(sid, str | int) or sid == "":
        return "id", f"a sample id must be text or an integer, got {sid!r}"
    epoch = record.get("epoch", 1)
    if isinstance(epoch, bool) or not isinstance(epoch, int) or epoch < 1:
        return "epoch", f"epoch must be an integer >= 1, got {epoch!r}"
    score = record.get("score")
    numeric = isinstance(score, int | float) and not isinstance(score, bool)
    letter = isinstance(score, str) and score in SCORE_VALUES
    if score is not None and not letter and not (numeric and math.isfinite(score)):
        return "score", f"score must be a finite number or one of C, I, P, N, got {score!r}"
    refusal = record.get("refusal")
    if refusal is not None and not isinstance(refusal, bool):
        return "refusal", f"refusal must be true or false, got {refusal!r}"
    error = record.get("error")
    if error is not None and not isinstance(error, str):
        return "error", f"error must be text, got {error!r}"
    return None


_LETTERS = frozenset(SCORE_VALUES)
_LETTER_VALUES = dict(SCORE_VALUES)
_NUMBERS = (int, float)


def _fast_ok(record: Any, allowed: frozenset[str]) -> bool:
    """The common case in one expression; anything unusual goes through `_check` for a message."""
    if type(record) is not dict or not record.keys() <= allowed:
        return False
    sid, epoch, raw = record.get("id"), record.get("epoch", 1), record.get("score")
    refusal, error = record.get("refusal"), record.get("error")
    return (
        ((type(sid) is str and sid != "") or type(sid) is int)
        and type(epoch) is int
        and epoch >= 1
        and (
            raw is None
            or (type(raw) is str and raw in _LETTERS)
            or (type(raw) in _NUMBERS and math.isfinite(raw))
        )
        and (refusal is None or type(refusal) is bool)
        and (error is None or type(error) is str)
    )


class Records:
    """Feeds records one at a time into a table (a record naming another scorer than
    `default_scorer` goes to that scorer's table); each bad record gives a problem."""

    def __init__(
        self,
        table: RunSamples,
        *,
        extra_keys: frozenset[str] = frozenset(),
        default_scorer: str | None = None,
    ) -> None:
        self.table, self.extra_keys, self.default_scorer = table, extra_keys, default_scorer
        self.allowed = RECORD_KEYS | extra_keys

        self._plain = frozenset({None, default_scorer})
        """Scorers whose records go to `table` itself."""

    def add(self, index: int, record: Any) -> RecordProblem | None:
        """Check one record and count it; the problem when it is refused. The common record
        (an id, a small epoch, a letter or number score, the run's own scorer) is counted in
        line; anything else, and every refusal, takes the general path."""
        if type(record) is dict and record.keys() <= self.allowed:
            get = record.get
            sid, epoch, raw = get("id"), get("epoch", 1), get("score")
            tsid = type(sid)
            if (
                (tsid is str or tsid is int)
                and type(epoch) is int
                and 0 < epoch <= _BITS
                and sid != ""
                and get("error") is None
                and get("refusal") is None
                and get("scorer") in self._plain
            ):
                if raw is None:
                    value = _NONE
                elif type(raw) is str:
                    value = _LETTER_VALUES.get(raw, _NONE)
                    if value != value:
                        return self._add(index, record)
                elif (type(raw) is float or type(raw) is int) and math.isfinite(raw):
                    value = float(raw)
                else:
                    return self._add(index, record)
                t = self.table
                key: str = sid if tsid is str else str(sid)  # type: ignore[assignment]
                number = t._index.get(key)
                bit = 1 << epoch
                if number is None:
                    number = t._index[key] = len(t._as_int)
                    t._as_int.append(tsid is int)
                    t._mask.append(bit)
                else:
                    mask = t._mask[number]
                    if t._as_int[number] != (tsid is int) or mask & bit:
                        return self._add(index, record)  # a twin or a duplicate: refused there
                    if mask > bit:
                        t._ordered = False
                    t._mask[number] = mask | bit
                t._item.append(number)
                t._epoch.append(epoch)
                t._score.append(value)
                if value == value:
                    t.scored += 1
                if raw == "N":
                    t.refusals += 1
                return None
        return self._add(index, record)

    def _add(self, index: int, record: Any) -> RecordProblem | None:
        if not _fast_ok(record, self.allowed):
            bad = _check(record, self.extra_keys)
            if bad is not None:
                return RecordProblem(index, *bad)
        sid = record["id"]
        epoch = record.get("epoch", 1)
        scorer = record.get("scorer")
        if scorer is not None and not isinstance(scorer, str):
            return RecordProblem(index, "scorer", f"scorer must be text, got {scorer!r}")
        which = None if scorer is None or scorer == self.default_scorer else scorer
        target = self.table if which is None else self.table.scorer_table(which)
        why = target._take(sid, sid if type(sid) is str else str(sid), epoch)
        if why is not None:
            return RecordProblem(index, "id", why)
        raw = record.get("score")
        error = record.get("error")
        if error is not None or raw is None:
            target._score.append(_NONE)
        else:
            target._score.append(float(SCORE_VALUES[raw] if type(raw) is str else raw))
            target.scored += 1
        if raw == "N" or record.get("refusal") is True:
            target.refusals += 1
        if error is not None:
            target.errors += 1
        return None


def add_records(
    table: RunSamples,
    records: Iterable[Any],
    *,
    extra_keys: frozenset[str] = frozenset(),
    default_scorer: str | None = None,
) -> list[RecordProblem]:
    """Check `records` and add the good ones to `table` (a record naming another scorer
    than `default_scorer` goes to that scorer's table); return the problems found.

    Within one scorer, an id is one item whatever its type (`1` and `"1"` are the same: a
    twin of the other type is refused), and an (item, epoch) pair appears once."""
    feed = Records(table, extra_keys=extra_keys, default_scorer=default_scorer)
    problems: list[RecordProblem] = []
    for index, record in enumerate(records):
        problem = feed.add(index, record)
        if problem is not None:
            problems.append(problem)
    return problems


def summarise(problems: list[RecordProblem]) -> tuple[list[RecordProblem], int]:
    """The problems worth reporting one by one, and how many more there were."""
    return problems[:MAX_PROBLEMS], max(0, len(problems) - MAX_PROBLEMS)
