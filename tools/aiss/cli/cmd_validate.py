"""`aiss validate`: check standards, vocabularies and examples; report every diagnostic."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from aiss.cache import Cache
from aiss.cli import lazy, options
from aiss.cli.entry import FORMATS, emit, pending, validate_run
from aiss.compose.rerun import Rerun
from aiss.source import Limits


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@options.root()
@options.max_bytes
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to check files in [default: $AISS_JOBS, else 2 for 200 files or more "
    "on a machine with 2 or more cores; 1 off Linux].",
)
@options.no_cache
def validate_cmd(
    paths: tuple[Path, ...],
    fmt: str,
    root: Path | None,
    max_bytes: int,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Validate the registry (default `standards/`), or the files and folders given.

    The registry the files belong to is --root, else the folder above them that holds
    vocabularies/.

    The result of each file is cached by the file's sha256, aiss's own code and the registry
    context, in $AISS_CACHE_DIR, else $XDG_CACHE_HOME/aiss, else ~/.cache/aiss: files that
    did not change are not checked again, while every whole-registry check runs each time.
    A run in which nothing it reads has changed (every file below the registry, the
    options, aiss itself) prints the report it printed last time. --no-cache (or
    AISS_CACHE_DIR=off) reads and writes no cache.

    Exit status: 0 no errors, 1 errors found, 2 the tool could not run.
    """
    targets = list(paths) or [Path("standards")]
    if not paths and not targets[0].is_dir():
        raise click.UsageError("no paths given and there is no standards/ folder here")
    limits = Limits(max_bytes=max_bytes)
    run = validate_run(fmt, max_bytes, targets, root)
    # the entry point looked for a replay of this very run (and found none) when it could
    rerun = pending(run) if not no_cache else None
    if rerun is not None:
        cache = rerun.cache
    else:
        cache = Cache.default(enabled=not no_cache)
        rerun = Rerun.of(cache, list(run.command), targets, root)
        replayed = rerun.replay() if rerun is not None else None
        if replayed is not None:
            cache.flush()
            emit(replayed.out)
            raise SystemExit(replayed.code)
    # the checks themselves, only now: a replayed run never imports them
    checks = lazy.load("aiss.cli.validate_run")
    code, out = checks.run(
        targets, fmt, root=root, limits=limits, jobs=jobs, cache=cache, like=sys.stdout
    )
    emit(out)
    if rerun is not None:
        rerun.store(code, out)
    raise SystemExit(code)


COMMANDS = [validate_cmd]
