"""The public Python API: validate a registry, check result submissions, open a registry.

Everything here is re-exported from the package, so a notebook or a script writes:

    import aiss

    registry = aiss.load_registry("https://aiss.example.org/")   # or "standards", or a built site
    report = aiss.check("results/my-model.yaml", registry=registry)
    print(report.overall, [v.id for v in report.failing()])
    aiss.check_document([report])         # the same JSON as `aiss check --format json`

    found = aiss.validate(["standards"])
    print(found.errors, found.diagnostics[:3])

The command line calls these same functions; the functions return values and raise
`aiss.UsageError` when they cannot run (a missing file, an unreachable registry), never print
and never exit.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiss.catalog.contracts import (
    ValidateReportOut,
    ValidateSummaryOut,
    diagnostic_out,
)
from aiss.compose.check import (
    StandardsOnDisk,
    SubmissionFile,
    check_submission,
)
from aiss.compose.imports import check_logs, is_inspect_log
from aiss.compose.registries import load_registry, registry_trust
from aiss.compose.remote import PublishedRegistry
from aiss.compose.validate import validate as _validate
from aiss.conformance.pipeline import Standards
from aiss.conformance.report import (
    ConformanceReport,
    RequirementVerdict,
    check_document,
)
from aiss.diagnostics import Diagnostic, Severity
from aiss.errors import UsageError
from aiss.loading import find_root, require_files
from aiss.models.verdicts import Overall, Verdict
from aiss.settings import VERSION
from aiss.source import DEFAULT_LIMITS, Limits

__all__ = [
    "ConformanceReport",
    "Diagnostic",
    "Overall",
    "PublishedRegistry",
    "RequirementVerdict",
    "Severity",
    "Standards",
    "StandardsOnDisk",
    "UsageError",
    "ValidationReport",
    "Verdict",
    "check",
    "check_document",
    "load_registry",
    "registry_trust",
    "validate",
]

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class ValidationReport:
    """What `validate` found: every diagnostic, sorted by file and position."""

    diagnostics: tuple[Diagnostic, ...]
    """Every problem found, errors and warnings, each with path, line, column and code."""
    files: int
    """How many files were checked."""
    paths: tuple[str, ...] = ()
    """The files checked, as displayed."""
    restricted: Mapping[str, str] = field(default_factory=dict)
    """Files marked other than `TLP:CLEAR`, by path, with their marking: CI formats name
    them but never quote their diagnostics' messages."""

    @property
    def errors(self) -> int:
        """How many diagnostics are errors (any error makes `aiss validate` exit 1)."""
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return self.errors == 0

    def to_json(self) -> dict[str, Any]:
        """The same document as `aiss validate --format json`
        (`schemas/validate-report.schema.json`)."""
        doc = ValidateReportOut(
            version=VERSION,
            files=self.files,
            summary=ValidateSummaryOut(
                errors=self.errors, warnings=len(self.diagnostics) - self.errors
            ),
            diagnostics=[diagnostic_out(d) for d in self.diagnostics],
        )
        return doc.model_dump(mode="json")


def validate(
    paths: Sequence[PathLike] = ("standards",),
    *,
    root: PathLike | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int | None = None,
) -> ValidationReport:
    """Validate standards, vocabularies and examples, as `aiss validate PATH...` does.

    Args:
        paths: files and folders to check; by default the registry folder `standards`.
        root: the registry the files belong to; by default the folder above them that holds
            `vocabularies/`.
        limits: size limits for each file read.
        jobs: processes to check files in (default: `$AISS_JOBS`, else up to 2 for large
            registries).

    Raises:
        UsageError: a path does not exist.
    """
    targets = [Path(p) for p in paths]
    result = _validate(targets, root=Path(root) if root else None, limits=limits, jobs=jobs)
    return ValidationReport(
        tuple(result.diagnostics),
        result.files,
        tuple(c.doc.path for c in result.checked),
        dict(result.restricted),
    )


def check(
    submission: PathLike | Sequence[PathLike],
    *,
    registry: Standards | PathLike | None = None,
    standard: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ConformanceReport:
    """Check one result submission (YAML or JSON), or Inspect logs, as `aiss check` does.

    Args:
        submission: the submission file; or Inspect logs (`.eval`, or `.json` logs), which
            are imported and checked against `standard` in one step.
        registry: what `load_registry` returns, or a location it accepts; by default the
            registry folder above the file, else `$AISS_REGISTRY`, else `./standards`.
        standard: `ID@VERSION` for Inspect logs; for a submission file, the version it must
            claim (a usage error otherwise).
        limits: size limits for each file read.

    Returns:
        The report: `overall` (an `Overall`), `requirements` (one `RequirementVerdict`
        each), `findings`, `diagnostics`, `marking`; `check_document([report])` gives it as
        JSON.

    Raises:
        UsageError: a file is missing, there is no registry, or (for logs) no `standard`.
    """
    files = (
        [Path(submission)]
        if isinstance(submission, str | os.PathLike)
        else [Path(p) for p in submission]
    )
    if not files:
        raise UsageError("no submission given")
    require_files(files)
    standards = _standards_for(registry, files, limits)
    logs = [f for f in files if is_inspect_log(f)]
    if logs:
        if standard is None:
            raise UsageError(f"{logs[0]} is an Inspect log: say which standard (ID@VERSION)")
        if len(logs) != len(files):
            raise UsageError("give either one submission file or Inspect logs, not both")
        entry = _resolve(standards, standard)
        return check_logs(logs, entry, standards)
    if len(files) != 1:
        raise UsageError("check one submission file at a time (or several Inspect logs)")
    approvals, organisations, keys = registry_trust(standards, limits)
    return check_submission(
        SubmissionFile(files[0]),
        standards,
        limits=limits,
        approvals=approvals,
        organisations=organisations,
        keys=keys,
        expected=standard,
    )


def _standards_for(
    registry: Standards | PathLike | None, files: list[Path], limits: Limits
) -> Standards:
    if registry is not None and not isinstance(registry, str | os.PathLike):
        return registry
    if registry is not None:
        return load_registry(registry, limits=limits)
    found = find_root(files)
    if found is not None:
        return StandardsOnDisk(found, limits)
    return load_registry(None, limits=limits)


def _resolve(standards: Standards, ref: str) -> Any:
    resolve = getattr(standards, "resolve", None)
    if resolve is not None:
        return resolve(ref)
    sid, _, version = ref.partition("@")
    entry = standards.get(sid, version)
    if entry is None:
        raise UsageError(f"{ref}: no such standard version")
    return entry
