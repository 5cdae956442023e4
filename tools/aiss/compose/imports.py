"""Inspect logs into the check path: telling a log from a submission, importing logs as a
submission for a standard version, and import-and-check in one step."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from aiss.compose.check import ImportedSubmission, log_read
from aiss.compose.registries import registry_checker
from aiss.conformance.evidence import Evidence, LogRead
from aiss.conformance.pipeline import Standards
from aiss.conformance.report import ConformanceReport
from aiss.diagnostics import Diagnostic, whole_file
from aiss.importers.inspect_log import InspectLog, InspectLogError, read_inspect_log
from aiss.importers.inspect_submission import Imported, build_submission
from aiss.loading import display_path, read_head
from aiss.models.common import Tlp
from aiss.registry import Entry


def is_inspect_log(path: Path) -> bool:
    """An Inspect log (`.eval`, or a `.json` log), as opposed to a JSON submission."""
    if path.suffix == ".eval":
        return True
    if path.suffix != ".json":
        return False
    head = read_head(path)
    return b'"kind"' not in head and (b'"eval"' in head or b'"status"' in head)


def import_logs(
    logs: list[Path],
    entry: Entry,
    marking: Tlp,
    out_dir: Path | None = None,
    system: Mapping[str, str] | None = None,
    org: str | None = None,
) -> Imported:
    """A submission for `entry` built from Inspect logs; logs that cannot be read are
    diagnostics. Log URIs are relative to `out_dir` when the submission is written there;
    `system` is what the evaluator states about the system under test (no log records it)."""
    return _import(logs, entry, marking, out_dir, system, org)[0]


def _import(
    logs: list[Path],
    entry: Entry,
    marking: Tlp,
    out_dir: Path | None = None,
    system: Mapping[str, str] | None = None,
    org: str | None = None,
) -> tuple[Imported, dict[str, LogRead]]:
    read: list[tuple[str, InspectLog]] = []
    problems: list[Diagnostic] = []
    for path in logs:
        shown = display_path(path)
        try:
            read.append((shown, read_inspect_log(path)))
        except InspectLogError as exc:
            problems.append(whole_file(shown, "inspect-log-unreadable", str(exc)))

    def uri(shown: str) -> str:
        if out_dir is None:
            return shown
        return Path(os.path.relpath(Path(shown).resolve(), out_dir.resolve())).as_posix()

    imported = (
        build_submission(
            entry.standard,
            read,
            standard_sha256=entry.sha256,
            marking=marking,
            uri=uri,
            system=system,
            org=org,
        )
        if read
        else Imported(None)
    )
    imported.diagnostics[:0] = problems
    by_digest = {log.sha256: (shown, log) for shown, log in read}
    evidence: dict[str, LogRead] = {}
    for run in imported.submission.runs if imported.submission else []:
        found = by_digest.get(run.log.sha256 or "") if run.log else None
        if found is not None:
            evidence[run.id] = log_read(found[1], found[0], run.sample_scorer)
    return imported, evidence


def check_logs(
    logs: list[Path],
    entry: Entry,
    standards: Standards,
    *,
    marking: Tlp = Tlp.AMBER_STRICT,
    system: Mapping[str, str] | None = None,
    org: str | None = None,
) -> ConformanceReport:
    """Import Inspect logs as a submission for `entry` and check it, in one step: the logs
    were read by the import, so they are the runs' evidence."""
    imported, read = _import(logs, entry, marking, None, system, org)
    source = ImportedSubmission(display_path(logs[0]), imported, Evidence(logs=read))
    return registry_checker(standards)(source)
