"""`aiss export oscal catalog|results`: the registry in formats other tools read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from aiss.atomic import write_atomic
from aiss.cli import options
from aiss.cli.exit import Exit
from aiss.compose.check import StandardsOnDisk
from aiss.compose.oscal_export import catalog_json, results_json
from aiss.errors import UsageError
from aiss.loading import display_path, find_root, require_files

_ROOT = options.root()
_OUTPUT = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here (atomically); default: standard output.",
)


def _standards(root: Path | None, near: list[Path]) -> StandardsOnDisk:
    found = root or find_root(near) or (Path("standards") if Path("standards").is_dir() else None)
    if found is None or not found.is_dir():
        raise UsageError("no registry found: give --root (the folder holding the standards)")
    return StandardsOnDisk(found)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(f"wrote {display_path(output)}", err=True)


@click.group("export")
def export_group() -> None:
    """Write the registry in formats other tools read.

    Exit status: that of the subcommand run (see `aiss export oscal catalog --help`).
    """


@export_group.group("oscal")
def oscal_group() -> None:
    """NIST OSCAL 1.2.3 JSON: catalogs and assessment results.

    Exit status: that of the subcommand run.
    """


@oscal_group.command("catalog")
@click.argument("standard")
@_OUTPUT
@_ROOT
def catalog_cmd(standard: str, output: Path | None, root: Path | None) -> None:
    """Write the standard version STANDARD (ID@VERSION) as an OSCAL catalog: each requirement
    a control, grouped by category.

    Exit status: 0 written, 2 the tool could not run.
    """
    _emit(catalog_json(standard, _standards(root, [Path.cwd()])), output)
    raise SystemExit(Exit.OK)


@oscal_group.command("results")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_OUTPUT
@_ROOT
def results_cmd(files: tuple[Path, ...], output: Path | None, root: Path | None) -> None:
    """Check result submissions (as `aiss check` does) and write the reports as OSCAL
    assessment results: a finding and an observation per requirement. The output carries the
    most restrictive marking of its inputs.

    Exit status: 0 written, 2 the tool could not run.
    """
    require_files(files)
    when = (
        dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    )
    _emit(results_json(list(files), _standards(root, list(files)), when=when), output)
    raise SystemExit(Exit.OK)


COMMANDS = [export_group]
