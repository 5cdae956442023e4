"""`aiss validate --format` is written out in `cmd_validate` (a replayed run imports no
reporter): it must stay the reporters' list."""

from __future__ import annotations

from aiss.cli.cmd_validate import FORMATS
from aiss.cli.reporting import formats


def test_the_written_out_formats_are_the_reporters() -> None:
    assert formats("validate") == FORMATS
