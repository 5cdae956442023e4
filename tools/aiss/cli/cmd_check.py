"""`aiss check` (result files against their standard) and `aiss import inspect` (logs -> a file)."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import click

from aiss.atomic import write_atomic
from aiss.cli import options
from aiss.cli.check_reporters import CHECK_REPORTERS
from aiss.cli.exit import Exit
from aiss.conformance import serialize
from aiss.conformance.intake import (
    Intake,
    as_intake,
    attach_samples_file,
    blank_intake,
    parse_submission,
)
from aiss.conformance.pipeline import check_intake
from aiss.conformance.report import ConformanceReport
from aiss.diagnostics import Diagnostic, Severity, at
from aiss.importers.inspect_log import InspectLog, InspectLogError, read_inspect_log
from aiss.importers.inspect_submission import Imported, build_submission
from aiss.loading import UsageError, display_path, find_root, read_file
from aiss.models.common import Tlp
from aiss.models.standard import Standard
from aiss.registry import Entry, sha256_bytes
from aiss.source import DEFAULT_LIMITS, Limits, parse_yaml
from aiss.validation.document import check_document


class StandardSource:
    """Standard versions read on demand from a registry folder (no whole-registry validation)."""

    def __init__(self, root: Path, limits: Limits) -> None:
        self.root, self.limits = root, limits
        self._cache: dict[tuple[str, str], Entry | None] = {}

    def get(self, sid: str, version: str) -> Entry | None:
        key = (sid, version)
        if key not in self._cache:
            self._cache[key] = self._load(sid, version)
        return self._cache[key]

    def _load(self, sid: str, version: str) -> Entry | None:
        path = self.root / sid / version / "standard.yaml"
        if not path.is_file():
            return None
        rf = read_file(path, confine_to=self.root, max_bytes=self.limits.max_bytes)
        checked = check_document(parse_yaml(rf.display, rf.raw, self.limits)) if rf.raw else None
        if rf.raw is None or checked is None or not isinstance(checked.model, Standard):
            raise UsageError(
                f"{sid}@{version} in {self.root} does not validate; run `aiss validate {path}`"
            )
        return Entry(checked.model, checked.doc, path, sha256_bytes(rf.raw))

    def resolve(self, ref: str) -> Entry:
        sid, _, version = ref.partition("@")
        entry = self.get(sid, version) if version else None
        if entry is None:
            raise UsageError(
                f"{ref}: no such standard version in {self.root} (expected ID@VERSION)"
            )
        return entry


def _root(root: Path | None, paths: list[Path]) -> Path:
    found = root or find_root(paths) or (Path("standards") if Path("standards").is_dir() else None)
    if found is None or not found.is_dir():
        raise UsageError("no registry found: give --root (the folder holding the standards)")
    return found


def _is_inspect_log(path: Path) -> bool:
    if path.suffix == ".eval":
        return True
    if path.suffix != ".json":
        return False
    with path.open("rb") as f:
        head = f.read(4096)
    return b'"kind"' not in head and (b'"eval"' in head or b'"status"' in head)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _log_hashes(intake: Intake, folder: Path) -> dict[str, str]:
    """sha256 of each run's log that lies beside the submission (relative URI), when present."""
    out: dict[str, str] = {}
    for i, run in enumerate(intake.submission.runs if intake.submission else []):
        uri = run.log.uri if run.log else ""
        if not uri or "://" in uri:
            continue
        path = folder / uri
        if Path(uri).is_absolute() or not path.resolve().is_relative_to(folder.resolve()):
            loc = ("runs", i, "log", "uri")
            intake.diagnostics.append(
                intake.diagnostic(
                    loc,
                    "path-outside-folder",
                    f"run {run.id}: the log {uri!r} lies outside the submission's folder; "
                    "it was not read, so its sha256 is not verified",
                    severity=Severity.WARNING,
                    hint="put the log beside the submission and give a relative path",
                )
            )
            continue
        if path.is_file():
            out[run.id] = _sha256(path)
    return out


def _submission(path: Path, source: StandardSource, limits: Limits) -> ConformanceReport:
    rf = read_file(path, max_bytes=limits.max_bytes)
    if rf.raw is None:
        assert rf.problem is not None
        return check_intake(blank_intake(rf.display, [rf.problem]), source.get)
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    intake = parse_submission(rf.display, rf.raw, fmt=fmt, limits=limits)
    sub = intake.submission
    if sub is not None and sub.samples_file and not intake.refused:
        sf = read_file(
            path.parent / sub.samples_file, confine_to=path.parent, max_bytes=limits.max_bytes * 4
        )
        if sf.raw is None:
            assert sf.problem is not None
            intake.diagnostics.append(sf.problem)
        else:
            attach_samples_file(intake, sf.display, sf.raw)
    return check_intake(intake, source.get, log_hashes=_log_hashes(intake, path.parent))


def _import(logs: list[Path], entry: Entry, marking: Tlp, out_dir: Path | None = None) -> Imported:
    read: list[tuple[str, InspectLog]] = []
    problems: list[Diagnostic] = []
    for path in logs:
        shown = display_path(path)
        try:
            read.append((shown, read_inspect_log(path)))
        except InspectLogError as exc:
            problems.append(at(shown, 0, 0, "inspect-log-unreadable", str(exc)))

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


_ROOT = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Registry folder (default: found above the files, or ./standards).",
)
_STANDARD_HELP = "ID@VERSION of the standard Inspect logs are checked (or imported) against."


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--standard", "standard_ref", default=None, help=_STANDARD_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(CHECK_REPORTERS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@_ROOT
@options.max_bytes
def check_cmd(
    files: tuple[Path, ...], standard_ref: str | None, fmt: str, root: Path | None, max_bytes: int
) -> None:
    """Check result submissions (YAML, JSON) against the standard version each one claims.

    With --standard, Inspect logs (.eval, or .json logs) are imported and checked in one step.
    Exit status: 0 every file conformant (with or without deviations), 1 otherwise, 2 the tool
    could not run.
    """
    for f in files:
        if not f.is_file():
            raise UsageError(f"{f}: no such file")
    limits = Limits(max_bytes=max_bytes)
    source = StandardSource(_root(root, list(files)), limits)
    logs = [f for f in files if _is_inspect_log(f)]
    reports = [_submission(f, source, limits) for f in files if f not in logs]
    if logs:
        if standard_ref is None:
            raise UsageError(
                f"{logs[0]} is an Inspect log: say which standard with --standard ID@VERSION"
            )
        entry = source.resolve(standard_ref)
        imported = _import(logs, entry, Tlp.AMBER_STRICT)
        shown = display_path(logs[0])
        if imported.submission is None:
            reports.append(check_intake(blank_intake(shown, imported.diagnostics), source.get))
        else:
            intake = as_intake(shown, imported.submission, imported.diagnostics)
            hashes = {
                r.id: r.log.sha256 for r in imported.submission.runs if r.log and r.log.sha256
            }
            reports.append(check_intake(intake, source.get, log_hashes=hashes))
    CHECK_REPORTERS[fmt].report(reports, sys.stdout)
    raise SystemExit(Exit.OK if all(r.conformant for r in reports) else Exit.FINDINGS)


@click.group("import")
def import_group() -> None:
    """Turn the output of evaluation harnesses into result submissions."""


@import_group.command("inspect")
@click.argument("logs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--standard", "standard_ref", required=True, help=_STANDARD_HELP)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here (atomically; JSON when it ends in .json, else YAML); default: standard output.",
)
@click.option(
    "--marking",
    type=click.Choice([t.value for t in Tlp if t is not Tlp.RED]),
    default=Tlp.AMBER_STRICT.value,
    show_default=True,
    help="TLP marking of the submission and of each log.",
)
@click.option(
    "--samples-file",
    default=None,
    help="Write per-sample records to this JSON Lines file beside the output instead of inline.",
)
@_ROOT
def import_inspect_cmd(
    logs: tuple[Path, ...],
    standard_ref: str,
    output: Path | None,
    marking: str,
    samples_file: str | None,
    root: Path | None,
) -> None:
    """Import Inspect eval logs (.eval or .json) as a result submission for a standard version.

    Exit status: 0 written, 1 a log could not be read or matched no procedure, 2 the tool could
    not run.
    """
    for f in logs:
        if not f.is_file():
            raise UsageError(f"{f}: no such file")
    bad_name = samples_file and any(c in samples_file for c in "/\\:")
    if samples_file and (output is None or bad_name or not samples_file.endswith(".jsonl")):
        raise UsageError("--samples-file needs -o, and a plain file name ending in .jsonl")
    entry = StandardSource(_root(root, [Path.cwd()]), DEFAULT_LIMITS).resolve(standard_ref)
    imported = _import(list(logs), entry, Tlp(marking), output.parent if output else None)
    for d in imported.diagnostics:
        click.echo(f"{d.path}: {d.severity.value}[{d.code}] {d.message}", err=True)
    sub = imported.submission
    if sub is not None:
        if samples_file:
            sub = sub.model_copy(update={"samples_file": samples_file})
        as_json = output is not None and output.suffix.lower() == ".json"
        render = serialize.to_json if as_json else serialize.to_yaml
        text = render(sub, without_samples=bool(samples_file))
        if output is None:
            click.echo(text, nl=False)
        else:
            if samples_file:
                write_atomic(output.parent / samples_file, serialize.samples_jsonl(sub))
            write_atomic(output, text)
            click.echo(
                f"wrote {display_path(output)}: {len(sub.runs)} run(s), {len(sub.metric_results)} metric result(s)",
                err=True,
            )
    errors = sub is None or any(d.is_error for d in imported.diagnostics)
    raise SystemExit(Exit.FINDINGS if errors else Exit.OK)


COMMANDS = [check_cmd, import_group]
