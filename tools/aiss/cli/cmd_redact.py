"""`aiss redact --to TLP:CLEAR SUBMISSION -o PUBLIC`: a public summary of a restricted
submission."""

from __future__ import annotations

from pathlib import Path

import click

from aiss.atomic import write_atomic
from aiss.cli import options
from aiss.cli.exit import Exit
from aiss.compose.check import StandardsOnDisk
from aiss.compose.redaction import redact_file
from aiss.errors import UsageError
from aiss.loading import display_path, find_root, require_files


@click.command("redact")
@click.argument("submission", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--to",
    "target",
    type=click.Choice(["TLP:CLEAR"]),
    required=True,
    help="The marking of the summary; only TLP:CLEAR (publication) is made.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the summary here (atomically); never the source itself.",
)
@options.root()
def redact_cmd(submission: Path, target: str, output: Path, root: Path | None) -> None:
    """Write the public summary of a restricted submission: the standard, the model, the
    verdicts, the metrics with their intervals and the findings, marked TLP:CLEAR, with the
    source's sha256; no samples, transcripts, logs, restricted claims or free text not itself
    marked TLP:CLEAR. The summary validates and checks like any submission.

    Exit status: 0 written, 2 the tool could not run (nothing written).
    """
    require_files([submission])
    if output.resolve() == submission.resolve():
        raise UsageError("the summary must not overwrite its source")
    found = (
        root
        or find_root([submission])
        or (Path("standards") if Path("standards").is_dir() else None)
    )
    if found is None or not found.is_dir():
        raise UsageError("no registry found: give --root (the folder holding the standards)")
    done = redact_file(submission, StandardsOnDisk(found))
    write_atomic(output, done.text)
    kept = len(done.summary.metric_results)
    click.echo(
        f"wrote {display_path(output)}: {target} summary of {display_path(submission)} "
        f"(sha256 {done.source_sha256[:16]}…), {done.report.overall.value}, {kept} metric result(s)"
    )
    raise SystemExit(Exit.OK)


COMMANDS = [redact_cmd]
