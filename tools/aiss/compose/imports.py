"""Inspect logs into the check path: telling a log from a submission, importing logs as a
submission for a standard version, and import-and-check in one step."""

from __future__ import annotations

import os
from pathlib import Path

from aiss.compose.check import ImportedSubmission, Standards, check_submission
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
    logs: list[Path], entry: Entry, marking: Tlp, out_dir: Path | None = None
) -> Imported:
    """A submission for `entry` built from Inspect logs; logs that cannot be read are
    diagnostics. Log URIs are relative to `out_dir` when the submission is written there."""
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
            entry.standard, read, standard_sha256=entry.sha256, marking=marking, uri=uri
        )
        if read
        else Imported(None)
    )
    imported.diagnostics[:0] = problems
    return imported


def check_logs(
    logs: list[Path], entry: Entry, standards: Standards, *, marking: Tlp = Tlp.AMBER_STRICT
) -> ConformanceReport:
    """Import Inspect logs as a submission for `entry` and check it, in one step."""
    imported = import_logs(logs, entry, marking)
    return check_submission(ImportedSubmission(display_path(logs[0]), imported), standards)
