"""`aiss check` (result files against their standard) and `aiss import inspect` (logs -> a file)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from aiss.atomic import write_atomic
from aiss.cli import options, sut_options
from aiss.cli.exit import Exit
from aiss.cli.reporting import formats, write
from aiss.compose.check import StandardsOnDisk, SubmissionFile, check_submission
from aiss.compose.imports import check_logs, import_logs, is_inspect_log
from aiss.compose.registries import load_registry, registry_trust
from aiss.compose.remote import PublishedRegistry
from aiss.conformance import serialize
from aiss.conformance.report import ConformanceReport, combined_marking
from aiss.errors import UsageError
from aiss.loading import display_path, find_root, require_files
from aiss.models.common import Tlp
from aiss.source import Limits

NO_REGISTRY = (
    "no registry found: give --registry URL|DIR (a published registry site, or a folder "
    "holding one), set AISS_REGISTRY, or give --root FOLDER (a registry's source folder)"
)


def _root(root: Path | None, paths: list[Path]) -> Path:
    found = root or find_root(paths) or (Path("standards") if Path("standards").is_dir() else None)
    if found is None or not found.is_dir():
        raise UsageError(NO_REGISTRY)
    return found


def _standards(
    registry: str | None, root: Path | None, paths: list[Path], limits: Limits
) -> StandardsOnDisk | PublishedRegistry:
    """Where claimed versions are looked up: --registry (a published site, or a source
    folder), else --root, else the registry folder above the files, else ./standards."""
    if registry and root:
        raise UsageError("give --registry or --root, not both")
    if registry:
        found = load_registry(registry, limits=limits)
        if isinstance(found, PublishedRegistry) and found.from_cache:
            click.echo(f"aiss: {found.address} cannot be read; using its cached copy", err=True)
        return found
    return StandardsOnDisk(_root(root, paths), limits)


UNRECORDED = frozenset({"review-unverified", "waiver-not-verified"})
"""Verdicts that a review or waiver recorded in a registry's approvals.yaml may decide."""


def _note_unpublished_approvals(
    standards: StandardsOnDisk | PublishedRegistry, reports: list[ConformanceReport]
) -> None:
    """On standard error, where a review or waiver stayed undecided against a published
    registry: it publishes no recorded approvals, which its source folder may hold."""
    if not isinstance(standards, PublishedRegistry):
        return
    if any(v.reason in UNRECORDED for r in reports for v in r.requirements):
        click.echo(
            f"aiss: {standards.address} publishes its issuers' keys but not the approvals "
            "its registry records: a review or waiver recorded only there is not counted "
            "here; signed ones are (check against a clone with --root to count recorded ones)",
            err=True,
        )


_ROOT = options.root()
_REGISTRY = click.option(
    "--registry",
    metavar="URL|DIR",
    envvar="AISS_REGISTRY",
    default=None,
    help="A published registry: the site's address (or a folder holding the built site), "
    "whose registry.json lists every version with its sha256; or a registry's source folder "
    "[env: AISS_REGISTRY].",
)
_STANDARD_HELP = "ID@VERSION of the standard Inspect logs are checked (or imported) against."


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--standard", "standard_ref", default=None, help=_STANDARD_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(formats("check")),
    default="text",
    show_default=True,
    help="Output format.",
)
@_REGISTRY
@_ROOT
@options.max_bytes
@click.option(
    "--max-marking",
    type=click.Choice([t.value for t in Tlp if t is not Tlp.RED]),
    default=None,
    help="Refuse to write a report marked more restrictively than this "
    "[default: TLP:GREEN for --format github, else no limit].",
)
@sut_options.system
def check_cmd(
    files: tuple[Path, ...],
    standard_ref: str | None,
    fmt: str,
    registry: str | None,
    root: Path | None,
    max_bytes: int,
    max_marking: str | None,
    **system_options: str | None,
) -> None:
    """Check result submissions (YAML, JSON) against the standard version each one claims.

    With --standard, Inspect logs (.eval, or .json logs) are imported and checked in one step,
    and a submission file must claim that same version. Standards come from --registry (files
    verified by their sha256 and cached), else --root, else the registry folder above the
    files, else ./standards.

    Exit status: 0 every file conformant (with or without deviations), 1 otherwise, 2 the tool
    could not run (or the report would be marked more restrictively than --max-marking).
    """
    require_files(files)
    limits = Limits(max_bytes=max_bytes)
    standards = _standards(registry, root, list(files), limits)
    approvals, organisations, keys = registry_trust(standards, limits)
    logs = [f for f in files if is_inspect_log(f)]
    reports = [
        check_submission(
            SubmissionFile(f),
            standards,
            limits=limits,
            approvals=approvals,
            organisations=organisations,
            keys=keys,
            expected=standard_ref,
        )
        for f in files
        if f not in logs
    ]
    if logs:
        if standard_ref is None:
            raise UsageError(
                f"{logs[0]} is an Inspect log: say which standard with --standard ID@VERSION"
            )
        system = sut_options.system_of(system_options)
        reports.append(check_logs(logs, standards.resolve(standard_ref), standards, system=system))
    ceiling = Tlp(max_marking) if max_marking else (Tlp.GREEN if fmt == "github" else None)
    marking = combined_marking(reports)
    if ceiling is not None and marking.rank > ceiling.rank:
        raise UsageError(
            f"the report is marked {marking.value}, more restrictive than {ceiling.value}; "
            "it was not written (give --max-marking to allow it, where the output may go)"
        )
    write("check", fmt, reports, sys.stdout)
    _note_unpublished_approvals(standards, reports)
    raise SystemExit(Exit.OK if all(r.conformant for r in reports) else Exit.FINDINGS)


@click.group("import")
def import_group() -> None:
    """Turn the output of evaluation harnesses into result submissions.

    Exit status: that of the import command run (see `aiss import inspect --help`).
    """


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
@_REGISTRY
@sut_options.system
@click.option(
    "--org",
    default=None,
    help="The organisation that ran the logs (an issuers vocabulary code): each run's `org`.",
)
@_ROOT
def import_inspect_cmd(
    logs: tuple[Path, ...],
    standard_ref: str,
    output: Path | None,
    marking: str,
    samples_file: str | None,
    registry: str | None,
    root: Path | None,
    org: str | None,
    **system_options: str | None,
) -> None:
    """Import Inspect eval logs (.eval or .json) as a result submission for a standard version.

    Exit status: 0 written, 1 a log could not be read or matched no procedure, 2 the tool could
    not run.
    """
    require_files(logs)
    bad_name = samples_file and any(c in samples_file for c in "/\\:")
    if samples_file and (output is None or bad_name or not samples_file.endswith(".jsonl")):
        raise UsageError("--samples-file needs -o, and a plain file name ending in .jsonl")
    entry = _standards(registry, root, [Path.cwd()], Limits()).resolve(standard_ref)
    system = sut_options.system_of(system_options)
    out_dir = output.parent if output else None
    imported = import_logs(list(logs), entry, Tlp(marking), out_dir, system, org)
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
