"""Reading a result submission from bytes: YAML or JSON, markings, per-sample data, positions.

Pure: the caller reads the files (`aiss.loading`) and hands over their bytes (a samples file
line by line), which `aiss.source` parses. Inline sample records are taken out of the document
before the model pass and checked by the light loop in `samples`, so 100,000 of them cost
milliseconds; a samples file's records are counted as they are read, never held.
"""

from __future__ import annotations

import functools
import hashlib
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice, repeat
from typing import Annotated, Any, Literal, Protocol, runtime_checkable

import msgspec
import orjson

from aiss.conformance.digest import submission_digest
from aiss.conformance.markings import normalise_markings, refused
from aiss.conformance.samples import (
    KEEP_ALL,
    MAX_PROBLEMS,
    Keep,
    RecordProblem,
    Records,
    Rows,
    RunSamples,
    add_records,
    plain_rows,
    summarise,
)
from aiss.diagnostics import Diagnostic, Loc, Location, Severity, at, whole_file
from aiss.models.submission import ResultSubmission
from aiss.source import (
    DEFAULT_LIMITS,
    Limits,
    SourceDocument,
    gc_paused,
    parse_json,
    parse_yaml,
)
from aiss.validation.document import Checked, DocumentKind, Kinds, check_document, model_pass


@dataclass
class Intake(Checked):
    """A result submission after the document pass: the model (when valid), its per-sample
    tables, and the diagnostics. It is what the `ResultSubmission` kind's pass returns, so
    `aiss validate` and `aiss check` read a submission the same way."""

    samples: dict[str, RunSamples] = field(default_factory=dict)
    """Run id -> its per-sample records (inline, or from the samples file once attached)."""
    digest_of: Callable[[], str | None] | None = field(default=None, repr=False, compare=False)
    """Computes `digest` when it is first asked for (most checks never need it)."""
    samples_sha256: str | None = None
    """sha256 of the samples file as read, once attached."""

    @functools.cached_property
    def digest(self) -> str | None:
        """The digest of the submission's content (`aiss.conformance.digest`), which signed
        reviews and recorded approvals name; computed once, when first asked for."""
        return self.digest_of() if self.digest_of is not None else None

    @property
    def path(self) -> str:
        return self.doc.path

    @property
    def submission(self) -> ResultSubmission | None:
        return self.model if isinstance(self.model, ResultSubmission) else None

    @property
    def refused(self) -> bool:
        """Refused for a TLP:RED marking: nothing else about the file may be reported."""
        return refused(self.diagnostics)

    @property
    def valid(self) -> bool:
        return self.submission is not None and not any(d.is_error for d in self.diagnostics)

    def location(self, loc: Loc) -> Location:
        return self.doc.location(loc)

    def diagnostic(
        self,
        loc: Loc,
        code: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        hint: str | None = None,
    ) -> Diagnostic:
        return self.doc.diagnostic(loc, code, message, severity=severity, hint=hint)


def _take_samples(data: Any) -> dict[int, Any]:
    """Remove `runs[i].samples` from the data, by run index, for the light pass."""
    taken: dict[int, Any] = {}
    runs = data.get("runs") if isinstance(data, dict) else None
    for i, run in enumerate(runs if isinstance(runs, list) else []):
        if isinstance(run, dict) and isinstance(run.get("samples"), list):
            taken[i] = run.pop("samples")
    return taken


def _with_samples(data: dict[str, Any], taken: dict[int, Any]) -> dict[str, Any]:
    """The data with the sample records `_take_samples` took out put back (a shallow copy)."""
    if not taken:
        return data
    runs = list(data["runs"])
    for i, records in taken.items():
        runs[i] = {**runs[i], "samples": records}
    return {**data, "runs": runs}


def _sample_diagnostics(
    doc: SourceDocument, run_index: int, problems: list[RecordProblem]
) -> list[Diagnostic]:
    shown, more = summarise(problems)
    out = []
    for p in shown:
        loc: Loc = ("runs", run_index, "samples", p.index) + ((p.key,) if p.key else ())
        out.append(doc.diagnostic(loc, "invalid-sample", p.message))
    if more:
        loc = ("runs", run_index, "samples")
        out.append(
            doc.diagnostic(
                loc, "invalid-sample", f"... and {more:,} more invalid sample records in this run"
            )
        )
    return out


def submission_pass(doc: SourceDocument, kind: DocumentKind, diags: list[Diagnostic]) -> Intake:
    """The `ResultSubmission` kind's document pass: sample records out of the data (checked by
    the light loop), markings normalised (TLP:WHITE read as CLEAR, TLP:RED refused), then the
    model and schema, the sample tables and the cross-references between runs and results."""
    data = doc.data
    taken = _take_samples(data)
    checked = model_pass(doc, kind, [*diags, *normalise_markings(doc, data)])
    intake = Intake(
        doc,
        kind,
        checked.model,
        checked.diagnostics,
        digest_of=lambda: submission_digest(_with_samples(data, taken)),
    )
    if intake.refused:
        intake.diagnostics = [d for d in intake.diagnostics if d.code == "tlp-red-refused"]
        intake.model = None
        return intake
    runs = doc.data.get("runs")
    for i, records in taken.items():
        run = runs[i] if isinstance(runs, list) else None
        run_id = run.get("id") if isinstance(run, dict) else None
        table = intake.samples.setdefault(str(run_id), RunSamples(source="inline"))
        scorer = run.get("sample_scorer") if isinstance(run, dict) else None
        found = add_records(
            table, records, default_scorer=scorer if isinstance(scorer, str) else None
        )
        intake.diagnostics.extend(_sample_diagnostics(doc, i, found))
    sub = intake.submission
    if sub is not None:
        intake.diagnostics.extend(_cross_references(doc, sub))
    return intake


def parse_submission(
    display: str,
    raw: bytes,
    kinds: Kinds,
    *,
    fmt: str = "yaml",
    limits: Limits = DEFAULT_LIMITS,
) -> Intake:
    """Parse one submission file's bytes and run its document pass (`submission_pass`); a
    file of another kind, or one that is not a document at all, gives an intake without a
    submission and the diagnostics that say why."""
    doc = (parse_json if fmt == "json" else parse_yaml)(display, raw, limits)
    checked = check_document(doc, kinds)
    if isinstance(checked, Intake):
        return checked
    diags = list(checked.diagnostics)
    if checked.kind is not None and checked.kind.model is not ResultSubmission:
        diags.append(
            doc.diagnostic(
                ("kind",),
                "not-a-submission",
                f"this is a {checked.kind.kind}, not a ResultSubmission",
            )
        )
    return Intake(doc, checked.kind, None, diags)


def _cross_references(doc: SourceDocument, sub: ResultSubmission) -> list[Diagnostic]:
    run_ids = {r.id for r in sub.runs}
    out = []
    for i, mr in enumerate(sub.metric_results):
        if mr.run is not None and mr.run not in run_ids:
            loc: Loc = ("metric_results", i, "run")
            out.append(
                doc.diagnostic(
                    loc,
                    "unknown-run",
                    f"metric result for {mr.metric} names run {mr.run!r}, which is not in `runs`",
                )
            )
    return out


class SampleLines(Protocol):
    """A samples file read line by line (`aiss.loading.LineStream`): each line without its
    `\n`, and the sha256 of the bytes once every line was read."""

    def __iter__(self) -> Iterator[bytes]: ...

    @property
    def sha256(self) -> str | None: ...


class _Split:
    """The lines of bytes already in memory, as a `SampleLines`."""

    def __init__(self, raw: bytes) -> None:
        self.raw, self.sha256 = raw, hashlib.sha256(raw).hexdigest()

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.raw.split(b"\n"))


@dataclass
class _Problems:
    """The first `MAX_PROBLEMS` diagnostics of one kind, and how many there were."""

    shown: list[Diagnostic] = field(default_factory=list)
    count: int = 0

    def add(self, d: Diagnostic) -> None:
        self.count += 1
        if len(self.shown) < MAX_PROBLEMS:
            self.shown.append(d)


@dataclass
class _Feed:
    """One run's records as a samples file is read: where they go, how many, what was wrong."""

    records: Records
    count: int = 0
    problems: _Problems = field(default_factory=_Problems)


_RUN = frozenset({"run"})
"""The key every record sent to a run's feed has: it named the run."""
LINES = 8_192
"""Lines of a samples file parsed and counted together (a block's records, parsed, take
about 3 MB)."""


@runtime_checkable
class _Blocks(Protocol):
    def blocks(self) -> Iterator[list[bytes]]: ...


def _blocks(lines: SampleLines, size: int) -> Iterator[list[bytes]]:
    """The lines in lists of at most `size`, from the reader's own (`LineStream.blocks`) or
    from its lines."""
    if isinstance(lines, _Blocks):
        for block in lines.blocks():
            for start in range(0, len(block), size):
                yield block[start : start + size]
        return
    it = iter(lines)
    while block := list(islice(it, size)):
        yield block


_INT64 = msgspec.Meta(ge=-(2**63), le=2**63 - 1)


class _PlainLine(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """A samples file's line as the fast path reads it: a record of a run with an id, an
    epoch and a score, and nothing else. A line that does not decode as one (bad JSON, another
    key, a type `SampleRecord` does not take, a number beyond 64 bits, a blank line) sends its
    whole block to orjson, line by line, which then says what is wrong, as it always did."""

    run: str
    id: Annotated[str, msgspec.Meta(min_length=1)] | Annotated[int, _INT64]
    epoch: Annotated[int, msgspec.Meta(ge=1, le=2**63 - 1)] = 1
    score: Literal["C", "I", "P", "N"] | Annotated[int, _INT64] | float | None = None


_DECODE_PLAIN = msgspec.json.Decoder(_PlainLine).decode
_COLUMNS = operator.attrgetter("run"), operator.attrgetter("id")
_VALUES = operator.attrgetter("epoch"), operator.attrgetter("score")


def _plain_block(
    lines: list[bytes], feed_of: Callable[[Any], _Feed | None]
) -> tuple[_Feed, Rows] | None:
    """A block of lines each of which is a plain record of the same run, as that run's feed
    and the rows to count; None for any other block."""
    try:
        decoded = list(map(_DECODE_PLAIN, lines))
    except msgspec.DecodeError:  # ValidationError too
        return None
    run_of, id_of = _COLUMNS
    runs = set(map(run_of, decoded))
    feed = feed_of(runs.pop()) if len(runs) == 1 else None
    if feed is None:
        return None
    epoch_of, score_of = _VALUES
    rows = plain_rows(
        range(feed.count, feed.count + len(decoded)),
        list(map(id_of, decoded)),
        list(map(epoch_of, decoded)),
        list(map(score_of, decoded)),
        typed=True,
    )
    return (feed, rows) if rows is not None else None


def _by_run(
    records: list[Any],
    numbers: Sequence[int],
    feed_of: Callable[[Any], _Feed | None],
    of_lines: list[Diagnostic],
    unknown: Callable[[int, Any], Diagnostic],
) -> list[tuple[_Feed, Sequence[int], list[Any]]]:
    """The records of a block by run, in order (runs in the order they first come), with
    their line numbers; a record naming no run of the submission is a problem of its line
    (added to `of_lines`)."""
    try:
        runs = list(map(dict.get, records, repeat("run")))
        only = set(runs)
    except TypeError:  # a line that is not a mapping, or a run that is a list or a mapping
        runs = [r.get("run") if type(r) is dict else None for r in records]
        only = set()
    if len(only) == 1:
        run = next(iter(only))
        feed = feed_of(run)
        if feed is not None:
            return [(feed, numbers, records)]
    groups: dict[int, tuple[_Feed, list[int], list[Any]]] = {}
    for n, run, record in zip(numbers, runs, records, strict=True):
        try:
            found = feed_of(run)
        except TypeError:
            found = None
        if found is None:
            of_lines.append(unknown(n, run))
            continue
        group = groups.get(id(found))
        if group is None:
            group = groups[id(found)] = (found, [], [])
        group[1].append(n)
        group[2].append(record)
    return list(groups.values())


def attach_samples_file(
    intake: Intake,
    display: str,
    raw: bytes | SampleLines,
    *,
    keep: Keep = KEEP_ALL,
    block: int = LINES,
) -> None:
    """Add the records of the submission's JSON Lines samples file (`{run, id, epoch, ...}`),
    in one pass: each block of lines is parsed, checked and counted into its runs' tables,
    then dropped, so memory holds the tables (`samples.RunSamples`, keeping what `keep` asks
    for), never the records. Problems come as a whole-file pass would give them: those of
    lines (syntax, unknown run) first, in line order, then each run's invalid records, runs
    in the order they first appear; 20 shown. `block` lines are parsed together."""
    assert intake.submission is not None
    lines = _Split(raw) if isinstance(raw, bytes) else raw
    run_ids = {r.id for r in intake.submission.runs}
    scorers = {r.id: r.sample_scorer for r in intake.submission.runs}
    per_line = _Problems()
    feeds: dict[Any, _Feed] = {}
    loads, decode_error = orjson.loads, orjson.JSONDecodeError

    def feed_of(run: Any) -> _Feed | None:
        feed = feeds.get(run)
        if feed is None and run in run_ids:
            table = intake.samples.get(run)
            if table is None:
                table = intake.samples[run] = RunSamples(display, keep=keep)
            table.source = display
            feed = feeds[run] = _Feed(
                Records(table, extra_keys=frozenset({"run"}), default_scorer=scorers[run])
            )
        return feed

    def unknown(number: int, run: Any) -> Diagnostic:
        message = f"sample record names run {run!r}, which is not in the submission's `runs`"
        return at(display, number, 1, "unknown-run", message)

    number = 0  # the line before the block
    with gc_paused():
        for lines_in in _blocks(lines, block):
            first_line = number + 1
            plain = _plain_block(lines_in, feed_of)
            if plain is not None:  # every line a plain record of one run: counted at once
                feed, rows = plain
                feed.count += len(lines_in)
                for problem in feed.records.add_rows(rows):
                    place = first_line + problem.index - rows.index[0]
                    feed.problems.add(at(display, place, 1, "invalid-sample", problem.message))
                number += len(lines_in)
                continue
            of_lines: list[Diagnostic] = []  # syntax and unknown runs, put in line order
            try:
                records: list[Any] = list(map(loads, lines_in))
                numbers: range | list[int] = range(number + 1, number + 1 + len(lines_in))
            except decode_error:  # line by line, for the syntax errors' places
                records, numbers = [], []
                for n, line in enumerate(lines_in, start=number + 1):
                    try:
                        records.append(loads(line))
                        numbers.append(n)
                    except decode_error as exc:
                        if line.strip():  # blank lines are skipped
                            of_lines.append(at(display, n, exc.colno, "json-syntax", exc.msg))
            number += len(lines_in)
            groups = _by_run(records, numbers, feed_of, of_lines, unknown)
            del lines_in, records  # one block is held at a time
            for d in sorted(of_lines, key=lambda d: d.line) if of_lines else ():
                per_line.add(d)
            while groups:
                feed, where, chunk = groups.pop(0)
                first = feed.count
                feed.count += len(chunk)
                index = list(range(first, feed.count))
                for problem in feed.records.add_block(index, chunk, known=_RUN):
                    place = where[problem.index - first]
                    feed.problems.add(at(display, place, 1, "invalid-sample", problem.message))
                del chunk
    intake.samples_sha256 = lines.sha256
    for feed in feeds.values():
        feed.records.table.close()
    parts = [per_line, *(feed.problems for feed in feeds.values())]
    shown = [d for p in parts for d in p.shown][:MAX_PROBLEMS]
    total = sum(p.count for p in parts)
    if total > MAX_PROBLEMS:
        shown.append(
            whole_file(display, "invalid-sample", f"... and {total - MAX_PROBLEMS:,} more")
        )
    intake.diagnostics.extend(shown)


def tables_from_model(sub: ResultSubmission) -> dict[str, RunSamples]:
    """Sample tables from a model built in memory (an import), whose samples are inline."""
    out: dict[str, RunSamples] = {}
    for run in sub.runs:
        if run.samples:
            table = RunSamples(source="inline")
            records = (s.model_dump(exclude_none=True) for s in run.samples)
            add_records(table, records, default_scorer=run.sample_scorer)
            out[run.id] = table
    return out


def as_intake(display: str, sub: ResultSubmission, diagnostics: list[Diagnostic]) -> Intake:
    """An in-memory submission (from an import) as an intake without source positions."""
    data = sub.dump()
    doc = SourceDocument.in_memory(display, data)
    return Intake(
        doc,
        None,
        sub,
        list(diagnostics),
        samples=tables_from_model(sub),
        digest_of=lambda: submission_digest(data),
    )


def blank_intake(display: str, diagnostics: list[Diagnostic]) -> Intake:
    return Intake(SourceDocument.failed(display, []), None, None, list(diagnostics))
