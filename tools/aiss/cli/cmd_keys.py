"""`aiss keys generate` and `aiss keys show`: an Ed25519 signing key, and the entry that
publishes its public half in the issuers vocabulary (the key registry)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from aiss.atomic import write_atomic
from aiss.cli.exit import Exit
from aiss.errors import UsageError
from aiss.loading import display_path, read_bytes
from aiss.signing.keys import (
    InvalidKey,
    SigningKey,
    generate_key,
    load_private_key,
    public_key_text,
)


def _entry(key: SigningKey, since: dt.date | None) -> str:
    lines = [
        "    keys:",
        f"      - keyid: {key.keyid}",
        f"        public_key: {public_key_text(key.public)}",
    ]
    if since is not None:
        lines.append(f"        since: {since.isoformat()}")
    return "\n".join(lines) + "\n"


def read_signing_key(path: Path) -> SigningKey:
    """The private key in the PEM file `path`; a usage error saying why when it is not one."""
    try:
        pem = read_bytes(path)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the key: {exc.strerror or exc}") from None
    try:
        return load_private_key(pem)
    except InvalidKey as exc:
        raise UsageError(f"{path}: not an Ed25519 private key: {exc}") from None


@click.group("keys")
def keys_group() -> None:
    """Signing keys: make one, and publish its public half in the issuers vocabulary.

    Exit status: that of the subcommand run (see `aiss keys generate --help`).
    """


@keys_group.command("generate")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the private key here (PEM, readable by you only); never overwritten.",
)
def generate_cmd(output: Path) -> None:
    """Make an Ed25519 key. Prints the `keys:` entry to add under your organisation in
    `standards/vocabularies/issuers.yaml`; keep the private key file to yourself.

    Exit status: 0 written, 2 the file exists or cannot be written.
    """
    if output.exists():
        raise UsageError(f"{output} exists; a key file is never overwritten")
    key = generate_key()
    write_atomic(output, key.pem())
    click.echo(f"wrote {display_path(output)} (private key, keep it secret)", err=True)
    click.echo(_entry(key, dt.date.today()), nl=False)
    raise SystemExit(Exit.OK)


@keys_group.command("show")
@click.argument("key", type=click.Path(dir_okay=False, path_type=Path))
def show_cmd(key: Path) -> None:
    """Print the issuers-vocabulary `keys:` entry of a private key file.

    Exit status: 0 printed, 2 the file is not a private key this tool reads.
    """
    click.echo(_entry(read_signing_key(key), None), nl=False)
    raise SystemExit(Exit.OK)


COMMANDS = [keys_group]
