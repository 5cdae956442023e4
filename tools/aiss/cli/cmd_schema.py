"""`aiss schema`: write (or check) the JSON Schemas generated from the models."""

from __future__ import annotations

from pathlib import Path

import click

from aiss.atomic import write_atomic
from aiss.catalog import schemas
from aiss.cli.exit import Exit
from aiss.loading import read_bytes


@click.command("schema")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="Folder to write the schemas to.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file differs.")
def schema_cmd(out: Path, check: bool) -> None:
    """Generate `schemas/*.schema.json` from the pydantic models.

    Exit status: 0 written (or, with --check, up to date), 1 with --check a schema is out of
    date, 2 the tool could not run.
    """
    stale = []
    for name in schemas.all_names():
        text = schemas.render(name)
        path = out / name
        current = read_bytes(path).decode("utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not check:
            write_atomic(path, text)
            click.echo(f"wrote {path}")
    if check and stale:
        for p in stale:
            click.echo(f"{p}: out of date with the models; run `aiss schema`", err=True)
        raise SystemExit(Exit.FINDINGS)
    if not stale:
        click.echo(f"{len(schemas.all_names())} schemas up to date in {out}")


COMMANDS = [schema_cmd]
