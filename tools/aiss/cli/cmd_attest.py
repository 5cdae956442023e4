"""`aiss attest`: sign a review or waiver of a submission (a DSSE envelope over its digest),
or print the digest."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import click

from aiss.atomic import write_atomic
from aiss.cli import options
from aiss.cli.cmd_keys import read_signing_key
from aiss.cli.exit import Exit
from aiss.compose.attestations import (
    ApprovalPredicate,
    read_submission,
    sign_approval,
    signer_of,
)
from aiss.compose.check import StandardsOnDisk, registry_keys
from aiss.errors import UsageError
from aiss.loading import display_path, find_root
from aiss.source import Limits


@click.command("attest")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--digest",
    "digest_only",
    is_flag=True,
    help="Print the submission's digest (what an approval names) and nothing else.",
)
@click.option("--requirement", default=None, help="The requirement decided (e.g. R-08).")
@click.option(
    "--review",
    type=click.Choice(["pass", "fail", "not_applicable"]),
    default=None,
    help="Sign a review with this verdict.",
)
@click.option("--waiver", "waiver_id", default=None, help="Sign a waiver with this id.")
@click.option(
    "--key",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Your private key (PEM); default: the file ${options.KEY_ENV} names.",
)
@click.option("--reviewer", default=None, help="Who decided (a name).")
@click.option("--reference", default=None, help="Where the decision is documented.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the envelope here (default: FILE's name + .<requirement>.dsse.json beside it).",
)
@options.root()
@options.max_bytes
def attest_cmd(
    file: Path,
    digest_only: bool,
    requirement: str | None,
    review: str | None,
    waiver_id: str | None,
    key: Path | None,
    reviewer: str | None,
    reference: str | None,
    output: Path | None,
    root: Path | None,
    max_bytes: int,
) -> None:
    """Sign an approval of a result submission: a review (--review pass|fail) or a waiver
    (--waiver ID) of one requirement, as an in-toto Statement in a DSSE envelope over the
    submission's digest, with your organisation's Ed25519 key. `aiss check` counts it only when
    the registry lists the key under an issuer of the standard and the submission is unchanged.

    With --digest, print the digest instead: the sha256 of the submission's RFC 8785 canonical
    JSON, its `attestations` left out (the same content in YAML or JSON, in any layout, has the
    same digest; any change of a value changes it).

    Exit status: 0 done, 1 the file is not a valid submission, 2 the tool could not run.
    """
    read = read_submission(file, Limits(max_bytes=max_bytes))
    for d in read.diagnostics:
        click.echo(f"{d.location.text()}: {d.severity.value}[{d.code}] {d.message}", err=True)
    sub = read.intake.submission if read.intake is not None else None
    if read.digest is None or sub is None:
        if not read.diagnostics:
            click.echo(f"{read.display}: its content has no canonical JSON form", err=True)
        raise SystemExit(Exit.FINDINGS)
    if digest_only:
        click.echo(read.digest)
        return
    if requirement is None or (review is None) == (waiver_id is None):
        raise UsageError("give --requirement and one of --review pass|fail or --waiver ID")
    key_path = key or (
        Path(os.environ[options.KEY_ENV]) if os.environ.get(options.KEY_ENV) else None
    )
    if key_path is None:
        raise UsageError(f"give --key (your private key), or set {options.KEY_ENV}")
    signing = read_signing_key(key_path)
    registry = root or find_root([file]) or Path("standards")
    if not registry.is_dir():
        raise UsageError("no registry found: give --root (the folder holding the standards)")
    org = signer_of(registry_keys(registry), signing)
    ref = f"{sub.standard.id}@{sub.standard.version}"
    entry = StandardsOnDisk(registry).get(sub.standard.id, sub.standard.version)
    if entry is None:
        raise UsageError(f"{ref}: no such standard version in {display_path(registry)}")
    std = entry.standard
    if requirement not in {r.id for r in std.requirements}:
        raise UsageError(f"{ref} has no requirement {requirement}")
    if org not in std.issuers:
        raise UsageError(
            f"{org} does not issue {ref} ({', '.join(std.issuers)}): its approval would "
            "decide nothing"
        )
    predicate = ApprovalPredicate(
        kind="review" if review else "waiver",
        standard=ref,
        requirement=requirement,
        org=org,
        verdict=review,
        waiver_id=waiver_id,
        reviewer=reviewer,
        date=dt.date.today(),
        reference=reference,
    )
    name = f"submission {sub.submission_id}" if sub.submission_id else read.display
    envelope = sign_approval(read.digest, name, predicate, signing)
    out = output or file.with_name(f"{file.name}.{requirement}.dsse.json")
    data = envelope.to_json()
    write_atomic(out, data)
    rel = os.path.relpath(out.resolve(), file.resolve().parent)
    click.echo(
        f"wrote {display_path(out)}: {predicate.kind} of {requirement} by {org} "
        f"(key {signing.keyid[:16]}) over {read.digest[:16]}...",
        err=True,
    )
    click.echo("add it to the submission's attestations:", err=True)
    click.echo(f"  - {{uri: {rel}, sha256: {hashlib.sha256(data).hexdigest()}}}")


COMMANDS = [attest_cmd]
