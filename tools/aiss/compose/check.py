"""The one path that checks a result submission: `aiss check`, the examples check of
`aiss validate`, import-and-check and the Python API all call `check_submission`.

A submission comes as a file (read and parsed here), as a document the validation pass
already parsed (an example), or as a submission imported from Inspect logs. From there every
source takes the same steps: attach the samples file, hash the logs that lie beside it, look
up the standard version it claims, and evaluate (`aiss.conformance.pipeline.check_intake`).
"""

from __future__ import annotations

import errno
import heapq
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from aiss.compose.attestations import attested
from aiss.compose.tables import KINDS
from aiss.conformance.evidence import (
    SAMPLE_SKETCH,
    Approval,
    DocumentRead,
    Evidence,
    LoggedScore,
    LogHeader,
    LogRead,
)
from aiss.conformance.intake import (
    Intake,
    as_intake,
    attach_samples_file,
    blank_intake,
    parse_submission,
)
from aiss.conformance.pipeline import Standards, check_intake
from aiss.conformance.recompute import keep_for
from aiss.conformance.report import ConformanceReport
from aiss.conformance.samples import canonical
from aiss.diagnostics import Loc, Severity
from aiss.errors import UsageError
from aiss.importers.inspect_log import InspectLog, InspectLogError, read_inspect_log
from aiss.importers.inspect_runs import sample_table
from aiss.importers.inspect_submission import Imported
from aiss.loading import (
    APPROVALS_FILE,
    NOT_REGULAR,
    VOCABULARY_DIR,
    Identity,
    display_path,
    identity,
    load_file,
    note_sha256,
    read_file,
    sha256_file,
    standard_versions_on_disk,
    stream_lines,
)
from aiss.models import Vocabulary
from aiss.models.approvals import Approvals, RecordedApproval
from aiss.models.common import SemVer, Tlp
from aiss.models.standard import Standard, Status
from aiss.models.submission import ResultSubmission
from aiss.registry import Entry, Facts, Registry, sha256_bytes
from aiss.signing import TrustedKey, trusted_keys
from aiss.source import DEFAULT_LIMITS, Limits
from aiss.validation.document import check_document
from aiss.validation.rules.base import Context, run_rules
from aiss.versions.frozen import data_digest

_MODELS_KEPT = 8
"""How many versions' models `StandardsOnDisk` keeps built (a submission names one version;
its checks may look up a few more, as its successor)."""


class StandardsOnDisk:
    """Standard versions read on demand from a registry folder (no whole-registry validation),
    after those of an already validated registry, when there is one.

    With `strict`, a version whose file does not validate stops the command (`aiss check`
    says which file to validate); otherwise it is treated as absent (the examples check,
    whose validation run reports the file's own errors)."""

    def __init__(
        self,
        root: Path,
        limits: Limits = DEFAULT_LIMITS,
        *,
        registry: Registry | None = None,
        strict: bool = True,
    ) -> None:
        self.root, self.limits, self.registry, self.strict = root, limits, registry, strict
        self._cache: dict[tuple[str, str], Entry | None] = {}
        self._unusable: dict[tuple[str, str], str] = {}
        self._refs: list[str] | None = None
        self._by_id: dict[str, list[str]] = {}
        """Versions on disk by standard id (listed once, with `refs`)."""
        self._recent: dict[tuple[str, str], Entry] = {}
        """The versions last handed out, oldest first: the models of those before them are
        let go (`Entry.release`), so checking every example of a registry holds a few
        models, not the registry's."""

    def get(self, sid: str, version: str) -> Entry | None:
        key = (sid, version)
        if key not in self._cache:
            found = self.registry.get(sid, version) if self.registry else None
            self._cache[key] = found or self._load(sid, version)
        entry = self._cache[key]
        if entry is not None:
            self._recent.pop(key, None)
            self._recent[key] = entry
            if len(self._recent) > _MODELS_KEPT:
                oldest = next(iter(self._recent))
                self._recent.pop(oldest).release()
        return entry

    def unusable(self, sid: str, version: str) -> str | None:
        self.get(sid, version)
        return self._unusable.get((sid, version))

    def _listed(self) -> list[str]:
        """Every `ID@version` on disk, listed once, and the versions by id."""
        if self._refs is None:
            on_disk = standard_versions_on_disk(self.root)
            self._refs = sorted(f"{sid}@{v}" for sid, v in on_disk)
            for sid, v in on_disk:
                self._by_id.setdefault(sid, []).append(v)
        return self._refs

    def refs(self) -> list[str]:
        return list(self._listed())

    def latest(self, sid: str) -> Entry | None:
        """The newest published (or deprecated) version of `sid` on disk."""
        self._listed()
        versions = sorted((SemVer.parse(v) for v in self._by_id.get(sid, ())), reverse=True)
        for v in versions:
            try:
                entry = self.get(sid, str(v))
            except UsageError:  # a newer version that does not validate is no current one
                continue
            if entry is not None and entry.facts.status in (Status.PUBLISHED, Status.DEPRECATED):
                return entry
        return None

    def _load(self, sid: str, version: str) -> Entry | None:
        path = self.root / sid / version / "standard.yaml"
        if not path.is_file():
            return None
        rf = read_file(path, confine_to=self.root, max_bytes=self.limits.max_bytes)
        checked = check_document(load_file(path, confine_to=self.root, limits=self.limits), KINDS)
        if rf.raw is None or not isinstance(checked.model, Standard):
            if self.strict:
                raise UsageError(
                    f"{sid}@{version} in {self.root} does not validate; run `aiss validate {path}`"
                )
            first = next((d for d in checked.diagnostics if d.is_error), None)
            label = Tlp.strictest_in(checked.doc.data)
            if first is None:
                why = "it does not validate"
            elif label is not Tlp.CLEAR:  # a report of any marking may quote this sentence
                why = (
                    f"{first.location.text()}: {first.code} (the message is withheld: the "
                    f"standard is marked {label.value}, or its marking cannot be read)"
                )
            else:
                why = f"{first.location.text()}: {first.message}"
            self._unusable[(sid, version)] = why
            return None
        facts = Facts.of(checked.model, data_digest(checked.doc.data))
        return Entry(checked.model, checked.doc, path, sha256_bytes(rf.raw), facts=facts)

    def resolve(self, ref: str) -> Entry:
        """`ID@VERSION` -> the entry; a usage error when there is no such version."""
        sid, _, version = ref.partition("@")
        entry = self.get(sid, version) if version else None
        if entry is None:
            raise UsageError(
                f"{ref}: no such standard version in {self.root} (expected ID@VERSION)"
            )
        return entry


@dataclass(frozen=True)
class SubmissionFile:
    """A submission file (YAML or JSON) to read and parse."""

    path: Path


@dataclass(frozen=True)
class ParsedSubmission:
    """A submission the validation pass already read and parsed (an example)."""

    intake: Intake
    folder: Path
    """The folder its samples file and logs are resolved in."""


@dataclass(frozen=True)
class ImportedSubmission:
    """A submission imported from Inspect logs (no lines), with what the import read."""

    display: str
    imported: Imported
    evidence: Evidence = field(default_factory=Evidence)


Source = SubmissionFile | ParsedSubmission | ImportedSubmission


@dataclass
class _Prepared:
    intake: Intake
    evidence: Evidence = field(default_factory=Evidence)


def check_submission(
    source: Source,
    standards: Standards,
    *,
    limits: Limits = DEFAULT_LIMITS,
    approvals: Sequence[RecordedApproval] = (),
    organisations: frozenset[str] | None = None,
    expected: str | None = None,
    keys: Sequence[TrustedKey] = (),
) -> ConformanceReport:
    """The conformance report of one submission against the standard version it claims;
    `approvals` are those the registry records (`registry_approvals`), `keys` those its
    issuers vocabulary lists (`registry_keys`), against which the submission's signed
    attestations are verified. With `expected` (`ID@version`), a submission claiming another
    version is a usage error, never a check against the other version."""
    report, _ = check_with_evidence(
        source,
        standards,
        limits=limits,
        approvals=approvals,
        organisations=organisations,
        expected=expected,
        keys=keys,
    )
    return report


def check_with_evidence(
    source: Source,
    standards: Standards,
    *,
    limits: Limits = DEFAULT_LIMITS,
    approvals: Sequence[RecordedApproval] = (),
    organisations: frozenset[str] | None = None,
    expected: str | None = None,
    keys: Sequence[TrustedKey] = (),
) -> tuple[ConformanceReport, Evidence]:
    """`check_submission`'s report, and the evidence it rests on (each run's log as read,
    the approvals that matched), for a command that reports more than the verdicts from the
    same reading (`aiss compare`: the settings the logs record)."""
    prepared = _prepare(source, limits, keys, standards)
    if not isinstance(source, ImportedSubmission):
        prepared.intake = _with_rules(prepared.intake, organisations)
    sub = prepared.intake.submission
    if expected is not None and sub is not None:
        claimed = f"{sub.standard.id}@{sub.standard.version}"
        if claimed != expected:
            raise UsageError(
                f"{prepared.intake.path} claims {claimed}, not {expected} (--standard): "
                "check it against the version it claims, or correct its `standard`"
            )
    evidence = replace(
        prepared.evidence,
        approvals=[*prepared.evidence.approvals, *matching(prepared.intake, approvals)],
        organisations=organisations,
    )
    if "digest" not in vars(prepared.intake):
        # nothing matched needed the digest: let go of the sample records it would be
        # computed from before the evaluation builds its own views of them
        prepared.intake.digest_of = None
    return check_intake(prepared.intake, standards, evidence=evidence), evidence


def _with_rules(intake: Intake, organisations: frozenset[str] | None) -> Intake:
    """The intake with the diagnostics of its kind's rules (those `aiss validate` runs on a
    submission: run organisations against `evaluating_orgs` and the issuers vocabulary), on a
    copy, so that a validated document is not changed."""
    kind, sub = intake.kind, intake.submission
    if kind is None or sub is None or not kind.rules or intake.refused:
        return intake
    terms = {"issuers": set(organisations)} if organisations is not None else {}
    ctx = Context(None, Path(intake.path), terms, frozenset())
    found = run_rules(kind.rules, intake.doc, sub, ctx)
    return replace(intake, diagnostics=[*intake.diagnostics, *found]) if found else intake


def registry_issuers(root: Path, limits: Limits = DEFAULT_LIMITS) -> Vocabulary | None:
    """The registry's issuers vocabulary (organisations and their keys); None when it has none
    that validates."""
    path = root / VOCABULARY_DIR / "issuers.yaml"
    if not path.is_file():
        return None
    checked = check_document(load_file(path, confine_to=root, limits=limits), KINDS)
    return checked.model if isinstance(checked.model, Vocabulary) else None


def registry_organisations(root: Path, limits: Limits = DEFAULT_LIMITS) -> frozenset[str] | None:
    """The organisation codes of the registry's issuers vocabulary; None when it has none."""
    issuers = registry_issuers(root, limits)
    return frozenset(t.code for t in issuers.terms) if issuers is not None else None


def registry_keys(root: Path, limits: Limits = DEFAULT_LIMITS) -> list[TrustedKey]:
    """The signing keys the registry's issuers vocabulary lists, by organisation."""
    return trusted_keys(registry_issuers(root, limits))


class RecordedApprovals(list[RecordedApproval]):
    """A registry's recorded approvals, in the file's order, found by standard version (each
    example looks up its own: a scan of the whole list for each would make checking a
    registry's examples grow with the square of the registry)."""

    _by_ref: dict[str, list[RecordedApproval]] | None = None

    def of(self, ref: str) -> list[RecordedApproval]:
        """The approvals recorded for `ref` (`ID@version`), in the file's order."""
        if self._by_ref is None:
            self._by_ref = {}
            for a in self:
                self._by_ref.setdefault(a.standard, []).append(a)
        return self._by_ref.get(ref, [])


def registry_approvals(root: Path, limits: Limits = DEFAULT_LIMITS) -> RecordedApprovals:
    """The approvals a registry records; none when it has no (valid) approvals file, whose
    problems `aiss validate` reports."""
    path = root / APPROVALS_FILE
    if not path.is_file():
        return RecordedApprovals()
    checked = check_document(load_file(path, confine_to=root, limits=limits), KINDS)
    model = checked.model
    return RecordedApprovals(model.approvals if isinstance(model, Approvals) else ())


def matching(intake: Intake, recorded: Sequence[RecordedApproval]) -> list[Approval]:
    """The recorded approvals of exactly this submission (its digest) and its standard."""
    sub = intake.submission
    if sub is None:
        return []
    ref = f"{sub.standard.id}@{sub.standard.version}"
    if isinstance(recorded, RecordedApprovals):
        recorded = recorded.of(ref)
    else:
        recorded = [a for a in recorded if a.standard == ref]
    if not recorded or intake.digest is None:  # the digest is computed only when needed
        return []
    return [
        Approval(
            kind=a.kind,
            requirement=a.requirement,
            org=a.org,
            source=f"recorded in the registry, {APPROVALS_FILE}, {a.date.isoformat()}",
            verdict=a.verdict,
            reviewer=a.reviewer,
            waiver_id=a.waiver_id,
        )
        for a in recorded
        if a.submission_sha256 == intake.digest
    ]


def _claimed(sub: ResultSubmission, standards: Standards | None) -> Standard | None:
    """The standard version `sub` claims, when it can be used (as `check_intake` finds it)."""
    claim = sub.standard
    if standards is None or standards.unusable(claim.id, claim.version) is not None:
        return None
    entry = standards.get(claim.id, claim.version)
    return entry.standard if entry is not None else None


def _prepare(
    source: Source,
    limits: Limits,
    keys: Sequence[TrustedKey] = (),
    standards: Standards | None = None,
) -> _Prepared:
    if isinstance(source, ImportedSubmission):
        sub = source.imported.submission
        if sub is None:
            return _Prepared(blank_intake(source.display, source.imported.diagnostics))
        intake = as_intake(source.display, sub, source.imported.diagnostics)
        return _Prepared(intake, source.evidence)
    if isinstance(source, ParsedSubmission):
        intake, folder = source.intake, source.folder
    else:
        rf = read_file(source.path, max_bytes=limits.max_bytes)
        if rf.raw is None:
            assert rf.problem is not None
            return _Prepared(blank_intake(rf.display, [rf.problem]))
        fmt = "json" if source.path.suffix.lower() == ".json" else "yaml"
        intake = parse_submission(rf.display, rf.raw, KINDS, fmt=fmt, limits=limits)
        folder = source.path.parent
    sub = intake.submission
    if sub is not None and sub.samples_file and not intake.refused:
        sf = stream_lines(
            folder / sub.samples_file, confine_to=folder, max_bytes=limits.max_bytes * 4
        )
        if sf.lines is None:
            assert sf.problem is not None
            intake.diagnostics.append(sf.problem)
        else:
            # the tables keep what the claimed standard's metrics and the run's logs need
            keep = keep_for(_claimed(sub, standards), sub)
            attach_samples_file(intake, sf.display, sf.lines, keep=keep)
    signed, unverified = attested(intake, folder, keys, limits)
    evidence = Evidence(
        logs=read_logs(intake, folder, limits),
        documents=read_documents(intake, folder),
        approvals=signed,
        findings=unverified,
    )
    return _Prepared(intake, evidence)


Unread = Literal["missing", "unreadable", "outside", "remote"]
"""Why a cited file was not read: the states a log and an evidence document share."""


@dataclass
class _Located:
    """Where a path a submission cites leads: a regular file inside its folder (`state` None,
    with its `stat`), or why it is not read (`state`, `problem`)."""

    shown: str
    state: Unread | None = None
    problem: str = ""
    path: Path | None = None
    st: os.stat_result | None = None


class _Folder:
    """The files a submission cites, looked up in its folder: the folders they lie in resolved
    once (`_realpath`), never a path that leaves the folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._inside: str | None = None  # the folder resolved, once
        self._known: dict[str, str] = {}  # the folders the files lie in, resolved once

    def locate(self, uri: str) -> _Located:
        if "://" in uri:
            return _Located(uri, "remote", "a URL, not fetched: nothing is verified")
        if "\0" in uri:  # no file has such a name (and the system refuses to look one up)
            return _Located(uri, "unreadable", "the path holds a NUL character")
        path = self.folder / uri
        text = os.fspath(path)
        link = True  # whether the last part of the path may be a link
        try:
            # a file that is no link `stat`s as it `lstat`s: one lookup, which also tells
            # `_realpath` there is no link to follow at the end
            lst = os.lstat(text)
            link = stat.S_ISLNK(lst.st_mode)
            st: os.stat_result | OSError = path.stat() if link else lst
        except OSError as exc:
            st = exc  # reported once the path is known to lie in the folder
        # what `path.resolve()` gives, as a string (pathlib objects cost more than the lookups,
        # per log), without failing on a symlink loop (`st` reports it); a path with a loop
        # is resolved whole
        looped = isinstance(st, OSError) and st.errno == errno.ELOOP
        real = os.path.realpath(text) if looped else _realpath(text, self._known, link)
        shown = display_path(path, real=real)
        self._inside = self._inside or _realpath(os.fspath(self.folder), self._known)
        if os.path.isabs(uri) or not _within(real, self._inside):  # noqa: PTH117 - a string, as Path(uri).is_absolute()
            return _Located(uri, "outside", "outside the submission's folder")
        if isinstance(st, OSError):
            if st.errno in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):  # as Path.is_file answers
                return _Located(shown, "missing", "no such file")
            # a name too long, a folder that may not be searched
            return _Located(shown, "unreadable", st.strerror or str(st))
        if not stat.S_ISREG(st.st_mode):  # never opened: reading a fifo could wait for ever
            what = "a folder, not a file" if stat.S_ISDIR(st.st_mode) else NOT_REGULAR
            return _Located(shown, "unreadable", what)
        return _Located(shown, path=path, st=st)


def _outside(intake: Intake, loc: Loc, what: str, uri: str) -> None:
    intake.diagnostics.append(
        intake.diagnostic(
            loc,
            "path-outside-folder",
            f"{what} {uri!r} lies outside the submission's folder; it was not read, so "
            "nothing about it is verified",
            severity=Severity.WARNING,
            hint="put the file beside the submission and give a relative path",
        )
    )


def read_logs(intake: Intake, folder: Path, limits: Limits) -> dict[str, LogRead]:
    """What reading each run's log gives: an Inspect log beside the submission is opened
    (header and samples, within the reader's limits) and hashed; a log of another format is
    hashed; a URL is not fetched; a path leaving the folder is not read."""
    out: dict[str, LogRead] = {}
    cited = _Folder(folder)
    for i, run in enumerate(intake.submission.runs if intake.submission else []):
        if run.log is None:
            continue
        at = cited.locate(run.log.uri)
        if at.state == "outside":
            _outside(intake, ("runs", i, "log", "uri"), f"run {run.id}: the log", run.log.uri)
        if at.state is not None:
            out[run.id] = LogRead(at.state, at.shown, problem=at.problem)
            continue
        assert at.path is not None
        if run.log.format not in ("inspect_eval", "inspect_json"):
            try:
                out[run.id] = LogRead("hash_only", at.shown, sha256_file(at.path))
            except OSError as exc:
                out[run.id] = LogRead("unreadable", at.shown, problem=exc.strerror or str(exc))
            continue
        try:
            log, header = _read(at.path, at.st)
        except InspectLogError as exc:
            out[run.id] = LogRead("unreadable", at.shown, problem=str(exc))
            continue
        samples = sample_table(log, run.sample_scorer)
        out[run.id] = LogRead("read", at.shown, log.sha256, header, samples)
    return out


def read_documents(intake: Intake, folder: Path) -> dict[tuple[int, int], DocumentRead]:
    """What reading each evidence document the claims cite gives: a file beside the
    submission is hashed; a URL is not fetched, a path leaving the folder not read, and a
    document given by its sha256 alone has nothing to read."""
    out: dict[tuple[int, int], DocumentRead] = {}
    cited = _Folder(folder)
    for i, claim in enumerate(intake.submission.claims if intake.submission else []):
        for j, e in enumerate(claim.evidence):
            if e.uri is None:
                out[(i, j)] = DocumentRead("uncited", e.sha256 or "", problem="no URI to read")
                continue
            at = cited.locate(e.uri)
            if at.state == "outside":
                loc = ("claims", i, "evidence", j, "uri")
                _outside(intake, loc, f"claim {claim.requirement}: the evidence", e.uri)
            if at.state is not None:
                out[(i, j)] = DocumentRead(at.state, at.shown, problem=at.problem)
                continue
            assert at.path is not None
            try:
                out[(i, j)] = DocumentRead("read", at.shown, sha256_file(at.path))
            except OSError as exc:
                out[(i, j)] = DocumentRead("unreadable", at.shown, problem=exc.strerror or str(exc))
    return out


def _realpath(text: str, known: dict[str, str], link: bool = True) -> str:
    """`os.path.realpath(text)`, the real paths of the folders above `text` taken from `known`
    (and added to it): the logs of a submission lie in one or two folders, and resolving each
    path whole looks each folder above it up again (an lstat each). For a path without `..`
    (which after a link is not lexical) and without a symlink loop (whose partial resolution
    depends on the order of the lookups): the caller resolves those whole. With `link` false
    the caller has found that the last part of `text` is no link (its `lstat`)."""
    parent, name = os.path.split(text)
    if not name or not parent or ".." in text.split(os.sep):  # noqa: PTH206 - strings
        return os.path.realpath(text)
    real_parent = known.get(parent)
    if real_parent is None:
        real_parent = known[parent] = _realpath(parent, known)
    here = os.path.join(real_parent, name)  # noqa: PTH118 - strings, as below
    return os.path.realpath(here) if link and os.path.islink(here) else here  # noqa: PTH114


def _within(real: str, folder: str) -> bool:
    """Whether the resolved path `real` is `folder` (resolved) or lies below it: what
    `Path(real).is_relative_to(folder)` answers for resolved paths, on strings."""
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


_READ: dict[tuple[str, Identity], tuple[InspectLog, LogHeader]] = {}
"""The small Inspect logs this process read, and what their headers say, by where they lie
and the state `stat` gave of them (`loading.identity`: the examples of one version cite the
same logs, and each is read once)."""
_READ_MAX = 1 << 20
"""Logs larger than this are read each time (a submission's own log: read once anyway)."""


def _read_log(path: Path, st: os.stat_result | None = None) -> InspectLog:
    """`read_inspect_log(path)`, once per file and process while its `stat` (`st`, when the
    caller has it) is unchanged (size, modification and change times, inode: a rewrite
    changes the change time)."""
    return _read(path, st)[0]


def _read(path: Path, st: os.stat_result | None) -> tuple[InspectLog, LogHeader]:
    """The log at `path` (as `_read_log`) and its header (`log_header`), made once with it;
    its digest noted for the examples' keys, which cover their logs (`note_sha256`)."""
    st = st or path.stat()
    state = identity(st)
    if st.st_size > _READ_MAX:
        log = read_inspect_log(path)
        note_sha256(state, log.sha256)
        return log, log_header(log)
    facts = (str(path), state)
    found = _READ.get(facts)
    if found is None:
        if len(_READ) >= 256:
            _READ.clear()
        log = read_inspect_log(path)
        note_sha256(state, log.sha256)
        found = _READ[facts] = (log, log_header(log))
    return found


def log_read(log: InspectLog, shown: str, scorer: str | None) -> LogRead:
    """What an Inspect log, read, says about the run it records."""
    return LogRead("read", shown, log.sha256, log_header(log), sample_table(log, scorer))


def log_header(log: InspectLog) -> LogHeader:
    """What an Inspect log's header says about the run it records."""
    ids = tuple(map(canonical, log.sample_ids)) if log.sample_ids is not None else None
    return LogHeader(
        model=log.model,
        task=log.task,
        registry_name=log.task_registry_name,
        task_version=log.task_version,
        dataset_name=log.dataset_name,
        dataset_samples=log.dataset_samples,
        sample_ids=ids,
        epochs=log.epochs,
        status=log.status,
        total_samples=log.total_samples,
        completed_samples=log.completed_samples,
        scores=tuple(LoggedScore(e.name, e.scorer, e.reducer, e.metrics) for e in log.scores),
        sample_models=frozenset(m for x in log.samples for m in x.models) if log.samples else None,
        journal_differences=log.journal_differences,
        limits=log.limits,
        generate_config=log.generate_config,
        sandbox=log.sandbox[0] if log.sandbox else None,
        solver=log.solver,
        model_roles=log.model_roles,
        tools=_tools_offered(log),
        task_file=log.task_file,
        task_args=log.task_args,
        sandbox_config=log.sandbox[1] if log.sandbox else None,
        eval_id=log.eval_id,
        sample_uuids=tuple(
            heapq.nsmallest(SAMPLE_SKETCH, {x.uuid for x in log.samples or () if x.uuid})
        ),
    )


def _tools_offered(log: InspectLog) -> frozenset[str] | None:
    """The tools a log's samples offered to the model, None when none records a model call."""
    offered = [x.tools for x in log.samples or () if x.tools is not None]
    return frozenset().union(*offered) if offered else None
