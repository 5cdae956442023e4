"""`aiss attest`: the digest of a submission, which reviews and waivers name."""

from __future__ import annotations

from pathlib import Path

import click

from aiss.cli import options
from aiss.cli.exit import Exit
from aiss.compose.attestations import read_submission
from aiss.source import Limits


@click.command("attest")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--digest",
    "digest_only",
    is_flag=True,
    help="Print the submission's digest (what an approval names) and nothing else.",
)
@options.max_bytes
def attest_cmd(file: Path, digest_only: bool, max_bytes: int) -> None:
    """Print the digest of a result submission: the sha256 of its RFC 8785 canonical JSON,
    its `attestations` left out. The same content in YAML or JSON, in any layout, has the same
    digest; any change to a value changes it.

    Exit status: 0 printed, 1 the file is not a valid submission, 2 the tool could not run.
    """
    read = read_submission(file, Limits(max_bytes=max_bytes))
    for d in read.diagnostics:
        click.echo(f"{d.location.text()}: {d.severity.value}[{d.code}] {d.message}", err=True)
    if read.digest is None:
        raise SystemExit(Exit.FINDINGS)
    click.echo(read.digest if digest_only else f"{read.digest}  {read.display}")


COMMANDS = [attest_cmd]
