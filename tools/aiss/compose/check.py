"""The one path that checks a result submission: `aiss check`, the examples check of
`aiss validate`, import-and-check and the Python API all call `check_submission`.

A submission comes as a file (read and parsed here), as a document the validation pass
already parsed (an example), or as a submission imported from Inspect logs. From there every
source takes the same steps: attach the samples file, hash the logs that lie beside it, look
up the standard version it claims, and evaluate (`aiss.conformance.pipeline.check_intake`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from aiss.compose.tables import KINDS
from aiss.conformance.intake import (
    Intake,
    as_intake,
    attach_samples_file,
    blank_intake,
    parse_submission,
)
from aiss.conformance.pipeline import check_intake
from aiss.conformance.report import ConformanceReport
from aiss.diagnostics import Severity
from aiss.errors import UsageError
from aiss.importers.inspect_submission import Imported
from aiss.loading import load_file, read_file, sha256_file
from aiss.models.standard import Standard
from aiss.registry import Entry, Registry, sha256_bytes
from aiss.source import DEFAULT_LIMITS, Limits
from aiss.validation.document import check_document


class Standards(Protocol):
    """Where a submission's claimed standard version is looked up."""

    def get(self, sid: str, version: str) -> Entry | None:
        """The version, or None when there is no such version."""
        ...


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

    def get(self, sid: str, version: str) -> Entry | None:
        key = (sid, version)
        if key not in self._cache:
            found = self.registry.get(sid, version) if self.registry else None
            self._cache[key] = found or self._load(sid, version)
        return self._cache[key]

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
            return None
        return Entry(checked.model, checked.doc, path, sha256_bytes(rf.raw))

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
    """A submission imported from Inspect logs (no lines; log hashes from the import)."""

    display: str
    imported: Imported


Source = SubmissionFile | ParsedSubmission | ImportedSubmission


@dataclass
class _Prepared:
    intake: Intake
    log_hashes: dict[str, str] = field(default_factory=dict)


def check_submission(
    source: Source, standards: Standards, *, limits: Limits = DEFAULT_LIMITS
) -> ConformanceReport:
    """The conformance report of one submission against the standard version it claims."""
    prepared = _prepare(source, limits)
    return check_intake(prepared.intake, standards.get, log_hashes=prepared.log_hashes)


def _prepare(source: Source, limits: Limits) -> _Prepared:
    if isinstance(source, ImportedSubmission):
        sub = source.imported.submission
        if sub is None:
            return _Prepared(blank_intake(source.display, source.imported.diagnostics))
        intake = as_intake(source.display, sub, source.imported.diagnostics)
        hashes = {r.id: r.log.sha256 for r in sub.runs if r.log and r.log.sha256}
        return _Prepared(intake, hashes)
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
        sf = read_file(folder / sub.samples_file, confine_to=folder, max_bytes=limits.max_bytes * 4)
        if sf.raw is None:
            assert sf.problem is not None
            intake.diagnostics.append(sf.problem)
        else:
            attach_samples_file(intake, sf.display, sf.raw)
    return _Prepared(intake, _log_hashes(intake, folder))


def _log_hashes(intake: Intake, folder: Path) -> dict[str, str]:
    """sha256 of each run's log that lies beside the submission (relative URI), when present."""
    out: dict[str, str] = {}
    for i, run in enumerate(intake.submission.runs if intake.submission else []):
        uri = run.log.uri if run.log else ""
        if not uri or "://" in uri:
            continue
        path = folder / uri
        if Path(uri).is_absolute() or not path.resolve().is_relative_to(folder.resolve()):
            intake.diagnostics.append(
                intake.diagnostic(
                    ("runs", i, "log", "uri"),
                    "path-outside-folder",
                    f"run {run.id}: the log {uri!r} lies outside the submission's folder; "
                    "it was not read, so its sha256 is not verified",
                    severity=Severity.WARNING,
                    hint="put the log beside the submission and give a relative path",
                )
            )
            continue
        if path.is_file():
            try:
                out[run.id] = sha256_file(path)
            except OSError:
                continue
    return out
