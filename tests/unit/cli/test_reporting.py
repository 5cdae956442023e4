"""One reporter table: every command's formats, each reporter a `Reporter`."""

from __future__ import annotations

import io

from aiss.cli.reporting import REPORTERS, formats, write
from aiss.cli.validate_reporters import Validated
from aiss.diagnostics import at


def test_every_command_offers_its_formats() -> None:
    assert formats("validate") == ["github", "json", "junit", "sarif", "text"]
    assert formats("check") == ["github", "json", "junit", "markdown", "sarif", "text"]
    assert formats("diff") == ["json", "markdown", "text"]
    for table in REPORTERS.values():
        for name, reporter in table.items():
            assert reporter.name == name and callable(reporter.report)


def test_write_uses_the_named_reporter() -> None:
    out = io.StringIO()
    write("validate", "text", Validated([at("f.yaml", 2, 3, "yaml-tab", "a tab")], 1), out)
    assert out.getvalue().startswith("f.yaml:2:3: error[yaml-tab] a tab\n")
