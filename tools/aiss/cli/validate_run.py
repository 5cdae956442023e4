"""The checking part of `aiss validate`: the models, schemas, rules and reporters, imported by
`cmd_validate` only when the run is not replayed from the cache (`aiss.compose.rerun`)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TextIO

from aiss.cache import Cache
from aiss.cli.exit import Exit
from aiss.cli.reporting import write
from aiss.cli.validate_reporters import Validated
from aiss.compose.validate import validate
from aiss.source import Limits


class Captured(io.StringIO):
    """The report, kept to be written (and stored) whole; coloured as `like` would be."""

    def __init__(self, like: TextIO) -> None:
        super().__init__()
        self._like = like

    def isatty(self) -> bool:
        return self._like.isatty()


def run(
    targets: list[Path],
    fmt: str,
    *,
    root: Path | None,
    limits: Limits,
    jobs: int | None,
    cache: Cache,
    like: TextIO,
) -> tuple[int, str]:
    """Validate `targets`; the exit status and the report in format `fmt`."""
    result = validate(targets, root=root, limits=limits, jobs=jobs, cache=cache)
    shown = [c.doc.path for c in result.checked]
    found = Validated(list(result.diagnostics), result.files, shown, dict(result.restricted))
    out = Captured(like)
    write("validate", fmt, found, out)
    return (Exit.FINDINGS if result.errors else Exit.OK), out.getvalue()
