"""One reporter protocol and one table for every command's output formats.

A reporter writes one command's result in one format (`--format NAME`); `REPORTERS` maps
command -> format name -> reporter. Shared pieces live beside: `sarif_doc` (SARIF 2.1.0),
`github` (workflow-command escaping); JSON outputs are built from the contract models in
`aiss.catalog.contracts`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TextIO, TypeVar

from aiss.cli import (
    check_ci_reporters,
    check_reporters,
    compare_reporters,
    diff_reporters,
    validate_reporters,
)
from aiss.cli.exit import quiet_stdout

R_contra = TypeVar("R_contra", contravariant=True)


class Reporter(Protocol[R_contra]):
    """Writes one command's result in one format."""

    name: str
    """The `--format` value."""

    def report(self, result: R_contra, out: TextIO) -> None: ...


def _table(*reporters: Reporter[Any]) -> dict[str, Reporter[Any]]:
    return {r.name: r for r in reporters}


REPORTERS: Mapping[str, Mapping[str, Reporter[Any]]] = {
    "validate": _table(
        validate_reporters.TextReporter(),
        validate_reporters.JsonReporter(),
        validate_reporters.GithubReporter(),
        validate_reporters.SarifReporter(),
        validate_reporters.JunitReporter(),
    ),
    "check": _table(
        check_reporters.TextReporter(),
        check_reporters.JsonReporter(),
        check_ci_reporters.JunitReporter(),
        check_ci_reporters.SarifReporter(),
        check_reporters.GithubReporter(),
        check_reporters.MarkdownReporter(),
    ),
    "compare": _table(
        compare_reporters.TextReporter(),
        compare_reporters.JsonReporter(),
        compare_reporters.MarkdownReporter(),
    ),
    "diff": _table(
        diff_reporters.TextReporter(),
        diff_reporters.JsonReporter(),
        diff_reporters.MarkdownReporter(),
    ),
}
"""Command -> `--format` name -> reporter."""


def formats(command: str) -> list[str]:
    """The `--format` values of a command, sorted."""
    return sorted(REPORTERS[command])


def write(command: str, fmt: str, result: object, out: TextIO) -> None:
    """Write `result` of `command` in format `fmt`. A reader that leaves early (`| head`)
    stops the output, not the command: it still exits with the status of its result."""
    try:
        REPORTERS[command][fmt].report(result, out)
        out.flush()
    except BrokenPipeError:
        quiet_stdout()
