"""One reporter table: every command's formats, each reporter a `Reporter`."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

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


def test_text_github_and_junit_show_hostile_paths_and_messages_as_one_line() -> None:
    hostile = "e\x1b]0;OWNED\x07\x1b[2J\n::error file=x::INJ"
    result = Validated([at(f"{hostile}.yaml", 2, 3, "yaml-tab", f"got {hostile}")], 1)
    for fmt in ("text", "github", "junit"):
        out = io.StringIO()
        write("validate", fmt, result, out)
        text = out.getvalue()
        assert "INJ" in text and "\x1b" not in text and "\x07" not in text
        assert not any(line.startswith("::error file=x") for line in text.splitlines())
        if fmt == "junit":
            ET.fromstring(text.encode("utf-8"))
