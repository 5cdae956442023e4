"""`aiss compare A B [C ...]`: reconcile submissions of the same standard version."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from aiss.cli import options
from aiss.cli.exit import Exit
from aiss.cli.reporting import formats, write
from aiss.compose.check import StandardsOnDisk
from aiss.compose.compare import compare
from aiss.errors import UsageError
from aiss.loading import find_root, require_files
from aiss.source import Limits


@click.command("compare")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(formats("compare")),
    default="text",
    show_default=True,
    help="Output format.",
)
@options.root()
@options.max_bytes
def compare_cmd(files: tuple[Path, ...], fmt: str, root: Path | None, max_bytes: int) -> None:
    """Reconcile two or more result submissions: per metric both values and the difference with
    its interval (paired on shared items when per-sample scores exist), item overlap, every pin
    and setting that differs, and each requirement's verdicts.

    Exit status: 0 every pair consistent, 1 any inconsistency (a difference whose interval
    excludes 0, or a requirement verdict in disagreement), 2 the tool could not run.
    """
    if len(files) < 2:
        raise UsageError("give at least two submissions to compare")
    require_files(files)
    found = (
        root
        or find_root(list(files))
        or (Path("standards") if Path("standards").is_dir() else None)
    )
    if found is None or not found.is_dir():
        raise UsageError("no registry found: give --root (the folder holding the standards)")
    limits = Limits(max_bytes=max_bytes)
    result = compare(list(files), StandardsOnDisk(found, limits), limits)
    write("compare", fmt, result, sys.stdout)
    raise SystemExit(Exit.OK if result.consistent else Exit.FINDINGS)


COMMANDS = [compare_cmd]
