"""The `aiss` command's entry point. A run of `aiss validate` that the cache can replay
(`aiss.compose.rerun`) is answered here, before click and the commands are imported: the
pre-commit case, where importing click costs a fifth of the run. Every other run, and any
command line this does not read exactly as click would, goes to `aiss.cli.main`.

What is read here is a strict subset of `aiss validate`'s command line: paths, `--format`,
`--root` and `--jobs` (which does not change the report), each as click reads it. Anything
else (another option, `--`, `-h`, a value that click would refuse or read otherwise) is left
to click, as is every run that is not replayed; such a run reuses the tree state computed
here (`pending`), so the registry is walked once either way.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from aiss.cache import Cache
from aiss.cli.exit import Exit, exit_now, quiet_stdout
from aiss.compose.rerun import Replay, Rerun
from aiss.source import DEFAULT_LIMITS

FORMATS = ["github", "json", "junit", "sarif", "text"]
"""`reporting.formats("validate")`, written out so that a replayed run imports no reporter
(a test keeps the two the same)."""


@dataclass(frozen=True)
class ValidateRun:
    """What a replay of `aiss validate` depends on, as the command computes it."""

    command: tuple[str, ...]
    """`validate`, the format, the largest file read and whether the output is coloured."""
    targets: tuple[Path, ...]
    root: Path | None


def validate_run(fmt: str, max_bytes: int, targets: list[Path], root: Path | None) -> ValidateRun:
    """The replay key's parts of a run of `aiss validate` (the same here and in the command)."""
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    return ValidateRun(("validate", fmt, str(max_bytes), str(color)), tuple(targets), root)


def read_validate(args: list[str]) -> ValidateRun | None:
    """`aiss validate`'s command line, when it is in the subset read here; else None."""
    if not args or args[0] != "validate":
        return None
    fmt, root, paths = "text", None, []
    rest = iter(args[1:])
    for token in rest:
        if not token:
            return None
        if not token.startswith("-"):
            paths.append(Path(token))
            continue
        name, eq, value = token.partition("=")
        if name not in ("--format", "--root", "--jobs", "-j") or (eq and name == "-j"):
            return None
        if not eq:
            following = next(rest, None)
            if following is None:
                return None
            value = following
        if not value or value.startswith("-"):
            return None
        if name == "--format":
            if value not in FORMATS:
                return None
            fmt = value
        elif name == "--root":
            root = Path(value)
            if root.exists() and not root.is_dir():
                return None  # click refuses it
        elif not (value.isascii() and value.isdigit() and int(value) >= 1):
            return None
    if not paths and not Path("standards").is_dir():
        return None  # a usage error, said by the command
    return validate_run(fmt, DEFAULT_LIMITS.max_bytes, paths or [Path("standards")], root)


_PENDING: list[tuple[ValidateRun, Rerun]] = []
"""The replay computed here for a run that was not replayed, for the command to store its
report with (one at most)."""


def pending(run: ValidateRun) -> Rerun | None:
    """The replay computed by `main` for exactly this run, if any (taken: once)."""
    found = [r for v, r in _PENDING if v == run]
    _PENDING.clear()
    return found[0] if found else None


def replay(args: list[str]) -> Replay | None:
    """The report of `aiss validate` replayed from the cache, not yet written; None when this
    run is not replayed (then the replay computed is kept for the command)."""
    run = read_validate(args)
    if run is None:
        return None
    cache = Cache.default(enabled=True)
    rerun = Rerun.of(cache, list(run.command), list(run.targets), run.root)
    if rerun is None:
        return None
    replayed = rerun.replay()
    if replayed is None:
        _PENDING[:] = [(run, rerun)]
        return None
    cache.flush()
    return replayed


def emit(out: str) -> None:
    """Write the report; a reader that leaves early (`| head`) stops the output, not the
    command, which still exits with the status of its result."""
    try:
        sys.stdout.write(out)
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_stdout()


PLUGINS = "PYDANTIC_DISABLE_PLUGINS"
"""pydantic looks for plugins in every installed distribution's entry points when it builds
its first model (50 to 130 ms of every command in a virtualenv with the development tools,
paired, this machine). The command uses none: it turns the look-up off, unless the variable is
set (to anything: an empty value lets every plugin load)."""


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    os.environ.setdefault(PLUGINS, "__all__")
    try:
        replayed = replay(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        print("aiss: interrupted", file=sys.stderr)
        if argv is None:
            exit_now(Exit.INTERRUPTED)
        sys.exit(Exit.INTERRUPTED)
    except Exception:
        # not replayed: the command runs as usual, and says what is wrong (without a trace)
        _PENDING.clear()
        replayed = None
    if replayed is None:
        importlib.import_module("aiss.cli.main").main(argv)
        return
    emit(replayed.out)
    if argv is None:
        exit_now(replayed.code)
    sys.exit(replayed.code)
