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
