"""The column tables of per-sample records as they were before streaming (aiss 0.1 `samples`),
kept as the reference the streaming tables are compared with (`test_samples`, `test_intake`)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from aiss.conformance.samples import RECORD_KEYS, SCORE_VALUES, RecordProblem
from aiss.diagnostics import Diagnostic, at, whole_file


def canonical(sid: str | int) -> str:
    """An item id as the one key it is: `1` and `"1"` are the same item."""
    return sid if type(sid) is str else str(sid)


@dataclass
class ColumnSamples:
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
    others: dict[str, ColumnSamples] = field(default_factory=dict)
    """Scorer -> the records of another scorer of the same run."""

    def __len__(self) -> int:
        return len(self.ids)

    def items(self) -> set[str]:
        """Distinct item ids, canonical (`1` and `"1"` count once)."""
        return {canonical(sid) for sid in self.ids}

    def epochs_per_item(self) -> dict[str, int]:
        """Canonical item id -> the number of epochs recorded for it."""
        out: dict[str, int] = {}
        for sid in self.ids:
            key = canonical(sid)
            out[key] = out.get(key, 0) + 1
        return out

    @property
    def scored(self) -> int:
        return sum(1 for s in self.scores if s is not None)

    def by_key(self) -> dict[tuple[str, int], float | None]:
        """(canonical item id, epoch) -> score (None: unscored or errored)."""
        return {
            (canonical(sid), epoch): score
            for sid, epoch, score in zip(self.ids, self.epochs, self.scores, strict=True)
        }

    def by_item(self) -> dict[str, list[float]]:
        """Item id -> its scored values, in epoch order; unscored samples left out."""
        out: dict[str, list[tuple[int, float]]] = {}
        for sid, epoch, score in zip(self.ids, self.epochs, self.scores, strict=True):
            if score is not None:
                out.setdefault(canonical(sid), []).append((epoch, score))
        return {k: [v for _, v in sorted(pairs)] for k, pairs in out.items()}

    def scorer_table(self, scorer: str) -> ColumnSamples:
        return self.others.setdefault(scorer, ColumnSamples(source=self.source))


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


def column_add_records(
    table: ColumnSamples,
    records: Iterable[Any],
    *,
    extra_keys: frozenset[str] = frozenset(),
    default_scorer: str | None = None,
) -> list[RecordProblem]:
    """Check `records` and append the good ones to `table` (a record naming another scorer
    than `default_scorer` goes to that scorer's table); return the problems found."""
    problems: list[RecordProblem] = []
    allowed = RECORD_KEYS | extra_keys
    seen: set[tuple[str | None, str, int]] = set()
    kinds: dict[tuple[str | None, str], type] = {}
    for t_scorer, t in [(None, table), *table.others.items()]:
        for sid, epoch in zip(t.ids, t.epochs, strict=True):
            seen.add((t_scorer, canonical(sid), epoch))
            kinds[(t_scorer, canonical(sid))] = type(sid)
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
        key = sid if type(sid) is str else str(sid)
        known = kinds.get((which, key))
        if known is not None and known is not type(sid):
            problems.append(
                RecordProblem(
                    index,
                    "id",
                    f"sample ids {key} and {key!r} are the same item written twice "
                    "(as a number and as text): the twin is refused",
                )
            )
            continue
        if (which, key, epoch) in seen:
            problems.append(
                RecordProblem(index, "id", f"sample {sid!r} epoch {epoch} appears twice")
            )
            continue
        seen.add((which, key, epoch))
        kinds[(which, key)] = type(sid)
        target = table if which is None else table.scorer_table(which)
        raw = record.get("score")
        error = record.get("error")
        target.ids.append(sid)
        target.epochs.append(epoch)
        if error is not None or raw is None:
            target.scores.append(None)
        else:
            target.scores.append(float(SCORE_VALUES[raw] if type(raw) is str else raw))
        if raw == "N" or record.get("refusal") is True:
            target.refusals += 1
        if error is not None:
            target.errors += 1
    return problems


def column_samples_file(
    display: str, raw: bytes, runs: dict[str, str | None]
) -> tuple[dict[str, ColumnSamples], list[Diagnostic]]:
    """The old `attach_samples_file`: every line parsed first, then the tables; `runs` is run id
    -> its sample scorer."""
    problems: list[Diagnostic] = []
    tables: dict[str, list[tuple[int, Any]]] = {}
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            problems.append(at(display, number, exc.colno, "json-syntax", exc.msg))
            continue
        run = record.get("run") if isinstance(record, dict) else None
        try:
            known = run in runs
        except TypeError:  # a run that is a list or a mapping (aiss 0.1 raised here)
            known = False
        if not known or run is None:
            problems.append(
                at(
                    display,
                    number,
                    1,
                    "unknown-run",
                    f"sample record names run {run!r}, which is not in the submission's `runs`",
                )
            )
            continue
        tables.setdefault(run, []).append((number, record))
    out: dict[str, ColumnSamples] = {}
    for run, numbered in tables.items():
        table = out.setdefault(run, ColumnSamples(source=display))
        found = column_add_records(
            table,
            (r for _, r in numbered),
            extra_keys=frozenset({"run"}),
            default_scorer=runs[run],
        )
        for p in found:
            problems.append(at(display, numbered[p.index][0], 1, "invalid-sample", p.message))
    shown = problems[:20]
    if len(problems) > 20:
        shown.append(whole_file(display, "invalid-sample", f"... and {len(problems) - 20:,} more"))
    return out, shown
