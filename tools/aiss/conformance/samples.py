"""Per-sample scores held column-wise: validated in one light pass, not as pydantic objects.

A submission may carry 100,000 sample records or more, inline (`runs[].samples`) or in a JSON
Lines file beside it. Building a pydantic object per record costs more than parsing the whole
file, so records are checked here by a plain loop against the same rules as `SampleRecord`,
and kept as parallel lists per run.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

T = TypeVar("T")

SCORE_VALUES = {"C": 1.0, "I": 0.0, "P": 0.5, "N": 0.0}
"""Inspect's categorical scores as numbers; `N` (no answer) is a refusal and counts as 0."""
RECORD_KEYS = frozenset({"id", "epoch", "score", "refusal", "error", "scorer"})
MAX_PROBLEMS = 20
"""Problems reported per source; the rest are counted in one final message."""


def canonical(sid: str | int) -> str:
    """An item id as the one key it is: `1` and `"1"` are the same item."""
    return sid if type(sid) is str else str(sid)


@dataclass
class RunSamples:
    """The sample records of one run, column-wise: those of its sample scorer here, those of
    each other scorer in `others`."""

    ids: list[str | int] = field(default_factory=list)
    epochs: list[int] = field(default_factory=list)
    scores: list[float | None] = field(default_factory=list)
    """Numeric score; None for an unscored or errored sample."""
    refusals: int = 0
    errors: int = 0
    source: str = ""
    """Where the records came from: `inline`, the samples file's path, or the log's."""
    others: dict[str, RunSamples] = field(default_factory=dict)
    """Scorer -> the records of another scorer of the same run."""
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Views computed from the records, each for the number of records it was computed at
    (records are only ever appended), so several checks share one pass over them."""

    def _cached(self, name: str, compute: Callable[[], T]) -> T:
        key = f"{name}@{len(self.ids)}"
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])

    def __len__(self) -> int:
        return len(self.ids)

    def items(self) -> set[str]:
        """Distinct item ids, canonical (`1` and `"1"` count once)."""
        return set(self.epochs_per_item())

    def epochs_per_item(self) -> dict[str, int]:
        """Canonical item id -> the number of epochs recorded for it (do not change it)."""
        return self._cached("epochs", self._epochs_per_item)

    def _epochs_per_item(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for sid in self.ids:
            key = canonical(sid)
            out[key] = out.get(key, 0) + 1
        return out

    @property
    def scored(self) -> int:
        return self._cached("scored", lambda: sum(1 for s in self.scores if s is not None))

    def by_key(self) -> dict[tuple[str, int], float | None]:
        """(canonical item id, epoch) -> score (None: unscored or errored)."""
        return self._cached("by_key", self._by_key)

    def _by_key(self) -> dict[tuple[str, int], float | None]:
        return {
            (canonical(sid), epoch): score
            for sid, epoch, score in zip(self.ids, self.epochs, self.scores, strict=True)
        }

    def by_item(self) -> dict[str, list[float]]:
        """Item id -> its scored values, in epoch order; unscored samples left out (do not
        change it)."""
        return self._cached("by_item", self._by_item)

    def _by_item(self) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        last: dict[str, int] = {}
        in_order = True
        for sid, epoch, score in zip(self.ids, self.epochs, self.scores, strict=True):
            if score is None:
                continue
            key = sid if type(sid) is str else str(sid)
            if epoch < last.get(key, 0):
                in_order = False
            last[key] = epoch
            values = out.get(key)
            if values is None:
                out[key] = [score]
            else:
                values.append(score)
        if in_order:
            return out
        pairs: dict[str, list[tuple[int, float]]] = {}  # records out of epoch order: sort
        for sid, epoch, score in zip(self.ids, self.epochs, self.scores, strict=True):
            if score is not None:
                pairs.setdefault(canonical(sid), []).append((epoch, score))
        return {k: [v for _, v in sorted(p)] for k, p in pairs.items()}

    def scorer_table(self, scorer: str) -> RunSamples:
        return self.others.setdefault(scorer, RunSamples(source=self.source))


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


_LETTERS = frozenset(SCORE_VALUES)
_NUMBERS = (int, float)


def add_records(
    table: RunSamples,
    records: Iterable[Any],
    *,
    extra_keys: frozenset[str] = frozenset(),
    default_scorer: str | None = None,
) -> list[RecordProblem]:
    """Check `records` and append the good ones to `table` (a record naming another scorer
    than `default_scorer` goes to that scorer's table); return the problems found.

    Within one scorer, an id is one item whatever its type (`1` and `"1"` are the same: a
    twin of the other type is refused), and an (item, epoch) pair appears once."""
    problems: list[RecordProblem] = []
    allowed = RECORD_KEYS | extra_keys
    # per scorer (None: the run's own): (item, epoch) pairs seen, and each item's id type
    seen: dict[str | None, set[tuple[str, int]]] = {}
    kinds: dict[str | None, dict[str, type]] = {}
    for t_scorer, t in [(None, table), *table.others.items()]:
        pairs, types = seen.setdefault(t_scorer, set()), kinds.setdefault(t_scorer, {})
        for sid, epoch in zip(t.ids, t.epochs, strict=True):
            pairs.add((canonical(sid), epoch))
            types[canonical(sid)] = type(sid)
    own_pairs, own_types = seen[None], kinds[None]
    ids, epochs, scores = table.ids, table.epochs, table.scores
    refusals = errors = 0
    for index, record in enumerate(records):
        if not _fast_ok(record, allowed):
            bad = _check(record, extra_keys)
            if bad is not None:
                problems.append(RecordProblem(index, *bad))
                continue
        sid = record["id"]
        epoch = record.get("epoch", 1)
        scorer = record.get("scorer")
        if scorer is not None and not isinstance(scorer, str):
            problems.append(RecordProblem(index, "scorer", f"scorer must be text, got {scorer!r}"))
            continue
        which = None if scorer is None or scorer == default_scorer else scorer
        pairs, types = (
            (own_pairs, own_types)
            if which is None
            else (seen.setdefault(which, set()), kinds.setdefault(which, {}))
        )
        kind = type(sid)
        key = sid if kind is str else str(sid)
        known = types.get(key)
        if known is not None and known is not kind:
            problems.append(
                RecordProblem(
                    index,
                    "id",
                    f"sample ids {key} and {key!r} are the same item written twice "
                    "(as a number and as text): the twin is refused",
                )
            )
            continue
        pair = (key, epoch)
        if pair in pairs:
            problems.append(
                RecordProblem(index, "id", f"sample {sid!r} epoch {epoch} appears twice")
            )
            continue
        pairs.add(pair)
        types[key] = kind
        raw = record.get("score")
        error = record.get("error")
        score = (
            None
            if error is not None or raw is None
            else float(SCORE_VALUES[raw] if type(raw) is str else raw)
        )
        refused = raw == "N" or record.get("refusal") is True
        if which is None:
            ids.append(sid)
            epochs.append(epoch)
            scores.append(score)
            refusals += refused
            errors += error is not None
        else:
            other = table.scorer_table(which)
            other.ids.append(sid)
            other.epochs.append(epoch)
            other.scores.append(score)
            other.refusals += refused
            other.errors += error is not None
    table.refusals += refusals
    table.errors += errors
    return problems


def summarise(problems: list[RecordProblem]) -> tuple[list[RecordProblem], int]:
    """The problems worth reporting one by one, and how many more there were."""
    return problems[:MAX_PROBLEMS], max(0, len(problems) - MAX_PROBLEMS)
