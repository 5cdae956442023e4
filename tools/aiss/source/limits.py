"""Bounds on what aiss reads: each one exceeded is a diagnostic, never a hang or a crash."""

from __future__ import annotations

from dataclasses import dataclass

from aiss.diagnostics import Diagnostic, whole_file


@dataclass(frozen=True)
class Limits:
    """Bounds no legitimate file reaches; each one exceeded is a diagnostic, never a hang."""

    max_bytes: int = 64 * 1024 * 1024
    max_nodes: int = 5_000_000
    """Nodes after alias expansion: a 'billion laughs' file stops here, quickly."""
    max_depth: int = 64
    max_string: int = 1_000_000


DEFAULT_LIMITS = Limits()


def too_large(path: str, size: int, limit: int) -> Diagnostic:
    """The one diagnostic for a file over the size limit, wherever its size is found."""
    return whole_file(
        path,
        "file-too-large",
        f"the file has {size:,} bytes; the limit is {limit:,}",
        hint="raise the limit with --max-bytes if the file is legitimate",
    )
