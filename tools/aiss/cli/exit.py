"""Exit codes, one enum for every command."""

from __future__ import annotations

import contextlib
import enum
import os
import sys


class Exit(enum.IntEnum):
    """0 clean, 1 findings in the user's files, 2 the tool could not run, 130 interrupted."""

    OK = 0
    FINDINGS = 1
    ERROR = 2
    INTERRUPTED = 130


def quiet_stdout() -> None:
    """The reader of standard output left (`aiss ... | head -1`): send the rest nowhere, so
    that the command ends with the exit status its result gives, as it would unpiped."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):
        os.dup2(devnull, sys.stdout.fileno())


def exit_now(code: int) -> None:
    """End the process without tearing the interpreter down: after validating a large
    registry, freeing every object one by one costs a good part of a second and gains
    nothing. Output is flushed first; every file was already written atomically."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):  # a closed pipe: the reader left; the result stands
        quiet_stdout()
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)
