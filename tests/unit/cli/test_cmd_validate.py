"""`aiss validate --format` is written out in `aiss.cli.entry` (a replayed run imports no
reporter, nor click): it must stay the reporters' list, and the command's."""

from __future__ import annotations

import click

from aiss.cli.cmd_validate import validate_cmd
from aiss.cli.entry import FORMATS
from aiss.cli.reporting import formats


def test_the_written_out_formats_are_the_reporters() -> None:
    assert formats("validate") == FORMATS
    (fmt,) = [p for p in validate_cmd.params if p.name == "fmt"]
    assert isinstance(fmt.type, click.Choice) and list(fmt.type.choices) == FORMATS
