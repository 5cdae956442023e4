"""Read Inspect eval logs (`.eval` ZIP archives and `.json` files) without importing inspect_ai."""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import cast

from aiss.importers.eval_archive import (
    EvalArchive,
    InspectLogError,  # raised by every reader here; imported from this module by callers
    is_zip,
    open_log,
    parse_json,
    read_json_file,
    sha256_of,
)
from aiss.importers.inspect_values import (
    InspectLog,
    JSONValue,
    LogFormat,
    LogStatus,
    SampleScore,
    ScoreSummary,
    ScoreValue,
)

__all__ = [
    "InspectLog",
    "InspectLogError",
    "SampleScore",
    "ScoreSummary",
    "ScoreValue",
    "iter_sample_scores",
    "read_inspect_log",
]

SUPPORTED_LOG_VERSION = 2
"""Newest Inspect log format (`EvalLog.version`) this reader understands; newer is refused."""
HEADER_JSON = "header.json"
JOURNAL_START_JSON = "_journal/start.json"
SAMPLES_PREFIX = "samples/"
_STATUSES = ("started", "success", "cancelled", "error")
_LIMIT_KEYS = (
    "message_limit",
    "token_limit",
    "turn_limit",
    "time_limit",
    "working_limit",
    "cost_limit",
)
_CATEGORICAL = {"C": 1.0, "I": 0.0, "P": 0.5, "N": 0.0}
_NUMBER = int | float
_ID = str | int
"""Types for isinstance, made once (`int | float` in a call makes the union each time)."""


def read_inspect_log(path: str | os.PathLike[str], *, samples: bool = True) -> InspectLog:
    """Read an Inspect log; with `samples`, also every sample's scores (streamed per member)."""
    path = path if isinstance(path, Path) else Path(path)  # a Path made again is parsed again
    with open_log(path) as fp:
        if is_zip(fp):
            digest = sha256_of(fp)
            archive = EvalArchive(fp)
            header, missing = _archive_header(archive)
            records = tuple(sorted(_archive_samples(archive), key=_sample_key)) if samples else None
            journal = partial(_journal_differences, archive, header)
            return _build(path, digest, "eval", header, missing, records, journal)
        data = read_json_file(fp)
    digest = hashlib.sha256(data).hexdigest()
    document = _Fields(parse_json(data, None), "", None)
    records = tuple(sorted(_json_samples(document), key=_sample_key)) if samples else None
    return _build(path, digest, "json", document, _missing(document), records)


def iter_sample_scores(path: str | os.PathLike[str]) -> Iterator[SampleScore]:
    """Yield each sample's scores in file order, one archive member in memory at a time."""
    with open_log(Path(path)) as fp:
        if is_zip(fp):
            yield from _archive_samples(EvalArchive(fp))
        else:
            document = parse_json(read_json_file(fp), None)
            yield from _json_samples(_Fields(document, "", None))


# --- turning JSON into values ----------------------------------------------------------------


class _Fields:
    """A JSON object with typed, located access: a wrong type raises InspectLogError."""

    __slots__ = ("data", "member", "where")

    def __init__(self, data: object, where: str, member: str | None) -> None:
        if not isinstance(data, dict):
            raise InspectLogError(f"{where or 'top level'}: expected an object", member)
        self.data = cast(dict[str, JSONValue], data)
        self.where = where
        self.member = member

    def _bad(self, key: str, expected: str) -> InspectLogError:
        got = type(self.data[key]).__name__
        place = f"{self.where}.{key}" if self.where else key
        return InspectLogError(f"{place}: expected {expected}, got {got}", self.member)

    def sub(self, key: str) -> _Fields | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self._bad(key, "an object")
        return _Fields(value, f"{self.where}.{key}" if self.where else key, self.member)

    def mapping(self, key: str) -> dict[str, JSONValue]:
        value = self.data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self._bad(key, "an object")
        return dict(value)

    def sequence(self, key: str) -> list[JSONValue]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._bad(key, "a list")
        return value

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, str):
            raise self._bad(key, "a string")
        return value

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise self._bad(key, "an integer")
        return value

    def number(self, key: str) -> int | float | None:
        value = self.data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, _NUMBER)):
            raise self._bad(key, "a number")
        return value

    def required(self, key: str) -> JSONValue:
        if self.data.get(key) is None:
            place = f"{self.where}.{key}" if self.where else key
            raise InspectLogError(f"missing required field {place}", self.member)
        return self.data[key]

    def datetime(self, key: str) -> datetime | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise self._bad(key, "an ISO 8601 timestamp") from None


def _missing(header: _Fields) -> tuple[str, ...]:
    return tuple(part for part in ("results", "stats") if header.data.get(part) is None)


def _build(
    path: Path,
    digest: str,
    fmt: LogFormat,
    header: _Fields,
    missing: tuple[str, ...],
    samples: tuple[SampleScore, ...] | None,
    journal: Callable[[], tuple[str, ...]] = tuple,
) -> InspectLog:
    """The log the header gives; `journal()`, what it says of the journal, is asked last: a
    journal that cannot be read is refused only after every other field was read."""
    version = header.integer("version")
    if version is None:
        raise InspectLogError("missing required field version", header.member)
    if version > SUPPORTED_LOG_VERSION:
        raise InspectLogError(
            f"log format version {version} is newer than the newest supported "
            f"({SUPPORTED_LOG_VERSION})",
            header.member,
        )
    header.required("eval")
    spec = cast(_Fields, header.sub("eval"))
    status = header.text("status") or "started"
    if status not in _STATUSES:
        raise InspectLogError(f"status: unknown value {status!r}", header.member)
    task_version = spec.data.get("task_version", 0)
    if isinstance(task_version, bool) or not isinstance(task_version, int | str):
        raise spec._bad("task_version", "an integer or a string")
    dataset = spec.sub("dataset") or _Fields({}, "eval.dataset", header.member)
    config = spec.sub("config") or _Fields({}, "eval.config", header.member)
    results = header.sub("results") or _Fields({}, "results", header.member)
    stats = header.sub("stats") or _Fields({}, "stats", header.member)
    error = header.sub("error")
    reducer = config.data.get("epochs_reducer")
    sample_ids = dataset.data.get("sample_ids")
    return InspectLog(
        path=path,
        sha256=digest,
        format=fmt,
        version=version,
        status=cast(LogStatus, status),
        missing=missing,
        eval_id=spec.text("eval_id"),
        run_id=spec.text("run_id"),
        created=spec.datetime("created"),
        task=_as_str(spec.required("task"), "eval.task", header.member),
        task_version=task_version,
        task_registry_name=spec.text("task_registry_name"),
        task_args=spec.mapping("task_args"),
        task_file=spec.text("task_file"),
        solver=_plan(header.sub("plan")),
        sandbox=_sandbox(spec.data.get("sandbox")),
        model_roles=_roles(spec.sub("model_roles")),
        model=_as_str(spec.required("model"), "eval.model", header.member),
        dataset_name=dataset.text("name"),
        dataset_location=dataset.text("location"),
        dataset_samples=dataset.integer("samples"),
        sample_ids=_ids(sample_ids) if isinstance(sample_ids, list) else None,
        epochs=config.integer("epochs") or 1,
        epochs_reducer=tuple(str(r) for r in reducer) if isinstance(reducer, list) else None,
        generate_config=spec.mapping("model_generate_config"),
        limits={k: v for k in _LIMIT_KEYS if (v := config.number(k)) is not None},
        revision=spec.mapping("revision") if spec.data.get("revision") is not None else None,
        packages={str(k): str(v) for k, v in spec.mapping("packages").items()},
        scorers=tuple(
            _as_str(
                _Fields(s, f"eval.scorers[{i}]", header.member).required("name"),
                f"eval.scorers[{i}].name",
                header.member,
            )
            for i, s in enumerate(spec.sequence("scorers"))
        ),
        scores=_score_summaries(results),
        total_samples=results.integer("total_samples"),
        completed_samples=results.integer("completed_samples"),
        started_at=stats.datetime("started_at"),
        completed_at=stats.datetime("completed_at"),
        model_usage=_usage_table(stats.sub("model_usage")),
        error_message=error.text("message") if error else None,
        invalidated=header.data.get("invalidated") is True,
        samples=samples,
        journal_differences=journal(),
    )


def _plan(plan: _Fields | None) -> tuple[tuple[str, Mapping[str, JSONValue]], ...]:
    if plan is None:
        return ()
    out = []
    for i, step in enumerate(plan.sequence("steps")):
        fields = _Fields(step, f"plan.steps[{i}]", plan.member)
        out.append((fields.text("solver") or "?", fields.mapping("params")))
    return tuple(out)


def _sandbox(value: JSONValue) -> tuple[str, str | None] | None:
    """Inspect writes a sandbox spec as `[type, config]` or `{type, config}`."""
    if isinstance(value, list) and value and isinstance(value[0], str):
        config = value[1] if len(value) > 1 and isinstance(value[1], str) else None
        return value[0], config
    if isinstance(value, dict) and isinstance(value.get("type"), str):
        given = value.get("config")
        return str(value["type"]), given if isinstance(given, str) else None
    return None


def _roles(roles: _Fields | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for role, spec in roles.data.items() if roles else []:
        model = spec.get("model") if isinstance(spec, dict) else spec
        if isinstance(model, str):
            out[str(role)] = model
    return out


def _score_summaries(results: _Fields) -> tuple[ScoreSummary, ...]:
    entries = results.sequence("scores")
    if not entries and isinstance(results.data.get("scorer"), dict):
        # log format 1: a single `scorer` with `metrics` beside it (Inspect migrates the same way)
        entries = [{**cast(dict[str, JSONValue], results.data["scorer"])}]
        cast(dict[str, JSONValue], entries[0]).setdefault("metrics", results.data.get("metrics"))
    summaries = []
    for index, entry in enumerate(entries):
        score = _Fields(entry, f"results.scores[{index}]", results.member)
        name = _as_str(score.required("name"), f"{score.where}.name", results.member)
        summaries.append(
            ScoreSummary(
                name=name,
                scorer=score.text("scorer") or name,
                reducer=score.text("reducer"),
                scored_samples=score.integer("scored_samples"),
                unscored_samples=score.integer("unscored_samples"),
                metrics=_metrics(score),
                params=score.mapping("params"),
            )
        )
    return tuple(summaries)


def _metrics(score: _Fields) -> dict[str, float]:
    raw = score.data.get("metrics")
    items: list[tuple[str | int, JSONValue]] = []
    if isinstance(raw, dict):
        items = list(raw.items())
    elif isinstance(raw, list):
        items = list(enumerate(raw))
    elif raw is not None:
        raise score._bad("metrics", "an object or a list")
    metrics: dict[str, float] = {}
    for key, item in items:
        metric = _Fields(item, f"{score.where}.metrics[{key!r}]", score.member)
        name = metric.text("name") or (key if isinstance(key, str) else None)
        if name is None:
            raise InspectLogError(f"missing required field {metric.where}.name", score.member)
        value = metric.number("value")
        metrics[name] = math.nan if value is None else float(value)
    return metrics


def _usage_table(table: _Fields | None) -> dict[str, Mapping[str, int | float]]:
    if table is None:
        return {}
    return {model: _usage(table.sub(model)) for model in table.data}


def _usage(usage: _Fields | None) -> dict[str, int | float]:
    if usage is None:
        return {}
    return {
        k: v for k, v in usage.data.items() if isinstance(v, _NUMBER) and not isinstance(v, bool)
    }


def _sample(sample: _Fields) -> SampleScore:
    sample_id = sample.required("id")
    if isinstance(sample_id, bool) or not isinstance(sample_id, str | int):
        raise sample._bad("id", "a string or an integer")
    scores = sample.sub("scores")
    error = sample.sub("error")
    limit = sample.sub("limit")
    totals = {"input_tokens": 0, "output_tokens": 0, "total_tokens": 0}
    usage_table = sample.sub("model_usage")
    for model in usage_table.data if usage_table else ():
        usage = _usage(cast(_Fields, usage_table).sub(model))
        for key in totals:
            totals[key] += int(usage.get(key, 0))
    return SampleScore(
        models=tuple(str(m) for m in usage_table.data) if usage_table else (),
        tools=_offered_tools(sample.data.get("events")),
        id=sample_id,
        epoch=sample.integer("epoch") or 1,
        scores={k: _score_value(scores.sub(k)) for k in scores.data} if scores else {},
        error=error.text("message") if error else None,
        limit=limit.text("type") if limit else None,
        total_time=_float(sample.number("total_time")),
        working_time=_float(sample.number("working_time")),
        uuid=uuid if isinstance(uuid := sample.data.get("uuid"), str) else None,
        **totals,
    )


def _offered_tools(events: JSONValue) -> frozenset[str] | None:
    """The tools offered to the model in a sample's model events (`event: model`, `tools[].
    name`), None when it records no model event."""
    found: set[str] | None = None
    for event in events if isinstance(events, list) else ():
        if isinstance(event, dict) and event.get("event") == "model":
            found = found if found is not None else set()
            offered = event.get("tools")
            for tool in offered if isinstance(offered, list) else ():
                name = tool.get("name") if isinstance(tool, dict) else None
                if isinstance(name, str):
                    found.add(name)
    return frozenset(found) if found is not None else None


def _score_value(score: _Fields | None) -> ScoreValue:
    """A score as Inspect's `value_to_float` reads it (`scorer/_metric.py`): C/P/I/N, numbers
    and booleans, `yes`/`true`/`no`/`false` and numeric text; NaN (unscored) as None."""
    raw = score.data.get("value") if score else None
    numeric: float | None = None
    if isinstance(raw, str):
        numeric = _CATEGORICAL.get(raw)
        if numeric is None:
            low = raw.strip().lower()
            if low in ("yes", "true"):
                numeric = 1.0
            elif low in ("no", "false"):
                numeric = 0.0
            else:
                try:
                    numeric = float(low)
                except ValueError:
                    numeric = None
                if numeric is not None and not math.isfinite(numeric):
                    numeric = None
    elif isinstance(raw, int | float):
        numeric = float(raw)  # booleans too: True -> 1.0
        if not math.isfinite(numeric):
            numeric = None  # NaN: Inspect's unscored
    answer = score.data.get("answer") if score else None
    return ScoreValue(
        raw=raw,
        numeric=numeric,
        refusal=raw == "N",
        answer=answer if isinstance(answer, str) else None,
    )


# --- small helpers ---------------------------------------------------------------------------


def _as_str(value: JSONValue, where: str, member: str | None) -> str:
    if not isinstance(value, str):
        raise InspectLogError(f"{where}: expected a string, got {type(value).__name__}", member)
    return value


def _ids(values: list[JSONValue]) -> tuple[str | int, ...]:
    return tuple(v if isinstance(v, _ID) and not isinstance(v, bool) else str(v) for v in values)


def _float(value: int | float | None) -> float | None:
    return None if value is None else float(value)


def _sample_key(sample: SampleScore) -> tuple[int, str]:
    # Inspect's own order: epoch, then id with integers zero-padded
    return sample.epoch, sample.id if isinstance(sample.id, str) else str(sample.id).zfill(20)


# --- archives and JSON files -------------------------------------------------------------


def _archive_header(archive: EvalArchive) -> tuple[_Fields, tuple[str, ...]]:
    if HEADER_JSON in archive.members:
        header = _Fields(archive.read_json(HEADER_JSON), "", HEADER_JSON)
        return header, _missing(header)
    if JOURNAL_START_JSON in archive.members:
        start = _Fields(archive.read_json(JOURNAL_START_JSON), "", JOURNAL_START_JSON)
        return start, (HEADER_JSON, "results", "stats")
    raise InspectLogError(f"not an Inspect log: neither {HEADER_JSON} nor {JOURNAL_START_JSON}")


_JOURNALED = (
    ("model",),
    ("task",),
    ("task_version",),
    ("dataset", "samples"),
    ("dataset", "sample_ids"),
)
"""Fields of `eval` that Inspect writes at the start of a run and never changes after."""


def _journal_differences(archive: EvalArchive, header: _Fields) -> tuple[str, ...]:
    """The `eval` fields on which `header.json` and `_journal/start.json` disagree."""
    if header.member != HEADER_JSON or JOURNAL_START_JSON not in archive.members:
        return ()
    start = archive.read_json(JOURNAL_START_JSON)
    ours, theirs = header.data.get("eval"), start.get("eval") if isinstance(start, dict) else None
    if not isinstance(ours, dict) or not isinstance(theirs, dict):
        return ()
    out = []
    for path in _JOURNALED:
        a: JSONValue = ours
        b: JSONValue = theirs
        for key in path:
            a = a.get(key) if isinstance(a, dict) else None
            b = b.get(key) if isinstance(b, dict) else None
        if a != b:
            out.append(".".join(("eval", *path)))
    return tuple(out)


def _archive_samples(archive: EvalArchive) -> Iterator[SampleScore]:
    for name in archive.members:
        if name.startswith(SAMPLES_PREFIX) and name.endswith(".json"):
            yield _sample(_Fields(archive.read_json(name), "", name))


def _json_samples(document: _Fields) -> Iterator[SampleScore]:
    for index, item in enumerate(document.sequence("samples")):
        yield _sample(_Fields(item, f"samples[{index}]", None))
