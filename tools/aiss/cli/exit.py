"""Exit codes, one enum for every command."""

from __future__ import annotations

import enum


class Exit(enum.IntEnum):
    """0 clean, 1 findings in the user's files, 2 the tool could not run, 130 interrupted."""

    OK = 0
    FINDINGS = 1
    ERROR = 2
    INTERRUPTED = 130
