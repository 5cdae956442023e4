"""`aiss bundle create` (files for another institute, with a signed manifest) and
`aiss bundle verify` (a received bundle checked before anything is unpacked)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from aiss.atomic import write_atomic
from aiss.cli import options
from aiss.cli.cmd_keys import read_signing_key
from aiss.cli.exit import Exit
from aiss.cli.options import KEY_ENV
from aiss.compose import bundles
from aiss.errors import UsageError
from aiss.exchange.bundle import Refused
from aiss.loading import display_path, find_root, require_files


def _root(root: Path | None, near: list[Path]) -> Path:
    found = root or find_root(near) or (Path("standards") if Path("standards").is_dir() else None)
    if found is None or not found.is_dir():
        raise UsageError("no registry found: give --root (the folder holding the standards)")
    return found


_ROOT = options.root()
"""The registry whose issuers vocabulary lists the keys."""


@click.group("bundle")
def bundle_group() -> None:
    """Exchange bundles: signed packages of submissions for another institute.

    Exit status: that of the subcommand run (see `aiss bundle create --help`).
    """


@bundle_group.command("create")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--to", "recipient", required=True, help="The receiving organisation (issuers code).")
@click.option(
    "--key",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Your private key (PEM); default: the file ${KEY_ENV} names.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The bundle to write (atomically); never overwritten.",
)
@_ROOT
def create_cmd(
    files: tuple[Path, ...], recipient: str, key: Path | None, output: Path, root: Path | None
) -> None:
    """Pack submissions (and exercise records) for RECIPIENT with a manifest signed by your key.
    Logs and samples files beside a submission go too, where their marking lets the recipient
    have them. Anything the recipient may not receive under TLP 2.0 is refused, and why.

    Exit status: 0 written, 1 refused (nothing written), 2 the tool could not run.
    """
    require_files(files)
    if output.exists():
        raise UsageError(f"{output} exists; a bundle is never overwritten")
    key_path = key or (Path(os.environ[KEY_ENV]) if os.environ.get(KEY_ENV) else None)
    if key_path is None:
        raise UsageError(f"give --key (your private key), or set {KEY_ENV}")
    signing = read_signing_key(key_path)
    try:
        packed = bundles.create(
            list(files),
            recipient=recipient,
            key=signing,
            root=_root(root, list(files)),
            created=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
        )
    except Refused as refused:
        for reason in refused.reasons:
            click.echo(f"refused: {reason}", err=True)
        click.echo(f"nothing written: {recipient} may not receive every file", err=True)
        raise SystemExit(Exit.FINDINGS) from None
    write_atomic(output, packed.data)
    for left in packed.left_out:
        click.echo(f"left out: {left}", err=True)
    click.echo(
        f"wrote {display_path(output)}: {len(packed.files)} file(s) from {packed.sender} "
        f"for {recipient}, signed with key {signing.keyid[:16]}"
    )
    raise SystemExit(Exit.OK)


@bundle_group.command("verify")
@click.argument("bundle", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--as", "recipient", default=None, help="Your organisation: the bundle must be for it."
)
@click.option(
    "--any-recipient",
    is_flag=True,
    help="Check the bundle without checking whom it is for (an audit by a third party); "
    "otherwise --as is required.",
)
@click.option(
    "--max-age",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="DAYS",
    help="Refuse a bundle created longer ago than this (an old bundle sent again).",
)
@click.option(
    "--extract",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Unpack the files here once everything verified (all or none; nothing overwritten).",
)
@_ROOT
def verify_cmd(
    bundle: Path,
    recipient: str | None,
    any_recipient: bool,
    max_age: float | None,
    extract: Path | None,
    root: Path | None,
) -> None:
    """Check a bundle: the signature against the sender's key in the registry, that the files
    are exactly those listed, every digest and every marking; then list (and, with --extract,
    unpack) its files. Any tampering fails the whole bundle: nothing is unpacked.

    Exit status: 0 verified, 1 it did not verify, 2 the tool could not run.
    """
    require_files([bundle])
    if (recipient is None) == (not any_recipient):
        raise click.UsageError(
            "say whom the bundle must be for: --as ORG (your organisation), or --any-recipient "
            "to check it without (not both)"
        )
    checked = bundles.verify(
        bundle,
        root=_root(root, [Path.cwd()]),
        recipient=recipient,
        max_age=dt.timedelta(days=max_age) if max_age is not None else None,
    )
    got = checked.received
    if got is None:
        for d in checked.problems:
            click.echo(f"{d.path}: error[{d.code}] {d.message}")
        click.echo(f"{checked.display}: NOT verified; nothing was extracted")
        raise SystemExit(Exit.FINDINGS)
    m = got.manifest
    click.echo(
        f"{checked.display}: verified: signed by {got.verified.org} (key "
        f"{got.verified.keyid[:16]}), from {m.sender} for {m.recipient}, {m.created.isoformat()}"
        + (" (recipient not checked: --any-recipient)" if recipient is None else "")
    )
    for e in m.files:
        embargo = f", embargo until {e.embargo_until}" if e.embargo_until else ""
        std = f", {e.standard}" if e.standard else ""
        click.echo(
            f"  {e.path}: {e.kind}, {e.marking.value}{std}{embargo}, {e.size} bytes, "
            f"sha256 {e.sha256}"
        )
    if extract is not None:
        written = bundles.extract(got, extract)
        click.echo(f"extracted {len(written)} file(s) to {display_path(extract)}")
    raise SystemExit(Exit.OK)


COMMANDS = [bundle_group]
