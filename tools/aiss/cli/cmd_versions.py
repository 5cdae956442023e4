"""Version commands: `diff`, `bump`, `propose` / `publish` / `deprecate` / `withdraw`, `lock`,
`check-changes`. Each is options -> `aiss.versions.actions` (or the pure core) -> output, exit."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from aiss.cli import options
from aiss.cli.exit import Exit
from aiss.cli.reporting import formats, write
from aiss.cli.validate_reporters import Validated
from aiss.compose import versions as actions
from aiss.compose.validate import check_file
from aiss.diagnostics import Diagnostic, sorted_diagnostics
from aiss.loading import UsageError
from aiss.models import Standard, Status
from aiss.registry import Registry
from aiss.source import SourceDocument
from aiss.versions import store
from aiss.versions.acks import reasons_for
from aiss.versions.diff import diff_standards
from aiss.versions.frozen import content_digest
from aiss.versions.render import Pair

_root = options.root(Path("standards"))
_date = click.option(
    "--date",
    "date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date recorded (default: today).",
)


def _today(date: dt.datetime | None) -> dt.date:
    """The clock is read here, at the edge; the core gets the date as a value."""
    return date.date() if date else dt.date.today()


def _fail(diags: list[Diagnostic], files: int) -> None:
    write("validate", "text", Validated(sorted_diagnostics(diags), files), sys.stderr)
    raise SystemExit(Exit.FINDINGS)


# --- aiss diff


def _side(arg: str, root: Path, cache: dict[str, Registry]) -> tuple[Standard, SourceDocument]:
    path = Path(arg)
    if "@" not in arg or path.is_file():
        if not path.is_file():
            raise UsageError(f"{arg}: neither ID@version nor a file")
        c = check_file(path)
        if not isinstance(c.model, Standard):
            _fail(c.diagnostics, 1)
        assert isinstance(c.model, Standard)
        return c.model, c.doc
    if "registry" not in cache:
        cache["registry"] = actions.registry_at(root)
    e = actions.entry_of(cache["registry"], arg)
    return e.standard, e.doc


@click.command("diff")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option(
    "--against",
    "against",
    metavar="GIT_REF",
    help="Diff every version added or changed since GIT_REF with its predecessor.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(formats("diff")),
    default="text",
    show_default=True,
    help="Output format; markdown is made to be posted on a pull request.",
)
@_root
def diff_cmd(old: str | None, new: str | None, against: str | None, fmt: str, root: Path) -> None:
    """Semantic changes from OLD to NEW (each `ID@version` or a file), each MAJOR, MINOR or PATCH.

    Exit status: 0 (the diff is a report; `aiss validate` enforces the bump), 2 bad arguments.
    """
    if against:
        if old or new:
            raise click.UsageError("give OLD and NEW, or --against, not both")
        pairs, withheld = actions.pairs_against(root, against)
        for line in withheld:
            click.echo(f"not shown: {line}, a restricted standard", err=True)
    else:
        if not (old and new):
            raise click.UsageError("give OLD and NEW (ID@version or file), or --against GIT_REF")
        cache: dict[str, Registry] = {}
        (a, adoc), (b, bdoc) = _side(old, root, cache), _side(new, root, cache)
        if a.id != b.id:
            raise UsageError(f"{a.ref} and {b.ref} are different standards")
        diff = diff_standards(a, b)
        reasons = reasons_for(store.load_acks(root), b.ref) if root.is_dir() else {}
        pairs = [Pair(diff.acknowledge(reasons) if reasons else diff, adoc, bdoc)]
    write("diff", fmt, pairs, sys.stdout)


# --- aiss bump


@click.command("bump")
@click.argument("standard_id", metavar="ID")
@click.option("--major", "part", flag_value="major", help="Next major version.")
@click.option("--minor", "part", flag_value="minor", help="Next minor version.")
@click.option("--patch", "part", flag_value="patch", help="Next patch version.")
@click.option(
    "--auto",
    "part",
    flag_value="auto",
    help="Renumber the working draft to the version its diff requires.",
)
@click.option(
    "--from", "source", metavar="VERSION", help="Copy this version instead of the latest."
)
@_date
@_root
def bump_cmd(
    standard_id: str, part: str | None, source: str | None, date: dt.datetime | None, root: Path
) -> None:
    """Start the next version of a standard: a draft copy of the latest version, comments kept.

    Writes `<root>/<ID>/<new version>/standard.yaml` all at once, or nothing.

    Exit status: 0 done, 2 refused (the target exists, no such standard, ...).
    """
    if part is None:
        raise click.UsageError("give one of --major, --minor, --patch, --auto")
    click.echo(actions.bump(root, standard_id, part, source, _today(date)))


# --- lifecycle: propose, publish, deprecate, withdraw


def _set_status(
    ref: str, status: Status, date: dt.datetime | None, root: Path, **kw: str | None
) -> None:
    try:
        said = actions.set_status(root, ref, status, _today(date), **kw)
    except actions.Refused as refused:
        click.echo(f"aiss: {refused}", err=True)
        _fail(refused.diagnostics, 1)
    for line in said:
        click.echo(line)


def _lifecycle_command(name: str, status: Status, doc: str) -> click.Command:
    @click.command(name, help=doc)
    @click.argument("ref", metavar="ID@VERSION")
    @click.option("--note", help="Note recorded in status_history.")
    @_date
    @_root
    def command(ref: str, note: str | None, date: dt.datetime | None, root: Path) -> None:
        _set_status(ref, status, date, root, note=note)

    return command


_STEP_EXIT = (
    "\n\nExit status: 0 done, 1 refused because of errors in the registry's files, "
    "2 the tool could not run (no such version, a step the lifecycle does not allow)."
)

propose_cmd = _lifecycle_command(
    "propose", Status.PROPOSED, "Open a draft for public comment (status proposed)." + _STEP_EXIT
)
publish_cmd = _lifecycle_command(
    "publish",
    Status.PUBLISHED,
    "Publish a version and lock it in registry.lock; refused while it has errors." + _STEP_EXIT,
)
withdraw_cmd = _lifecycle_command(
    "withdraw",
    Status.WITHDRAWN,
    "Withdraw a published or deprecated version (its folder stays)." + _STEP_EXIT,
)


@click.command("deprecate")
@click.argument("ref", metavar="ID@VERSION")
@click.option(
    "--superseded-by", "superseded_by", metavar="ID@VERSION", help="The version that replaces it."
)
@click.option("--note", help="Note recorded in status_history.")
@_date
@_root
def deprecate_cmd(
    ref: str, superseded_by: str | None, note: str | None, date: dt.datetime | None, root: Path
) -> None:
    """Deprecate a published version (results may still cite it for a grace period).

    Exit status: 0 done, 1 refused because of errors in the registry's files, 2 the tool
    could not run (no such version, a step the lifecycle does not allow).
    """
    _set_status(ref, Status.DEPRECATED, date, root, note=note, superseded_by=superseded_by)


# --- aiss lock


@click.command("lock")
@click.option(
    "--update",
    is_flag=True,
    help="Add every published version missing from the lock (migrates a format-1 lock once).",
)
@click.option(
    "--relock",
    "relock",
    multiple=True,
    metavar="ID@VERSION",
    help="With --update: take this version's current digest (before its first release only).",
)
@click.option(
    "--digest",
    "digest_of",
    metavar="ID@VERSION",
    help="Print a version's content digest (what the lock freezes) and exit.",
)
@_root
def lock_cmd(update: bool, relock: tuple[str, ...], digest_of: str | None, root: Path) -> None:
    """Check `registry.lock` against the published versions, or update it.

    Exit status: 0 the lock is complete and current, 1 it is not, 2 the tool could not run.
    """
    if digest_of:
        entry = actions.entry_of(actions.registry_at(root), digest_of)
        digest = content_digest(entry)
        if digest is None:
            raise UsageError(f"{entry.ref}: its content has no canonical form (see aiss validate)")
        click.echo(digest)
        return
    done, problems = actions.update_lock(root, write=update, relock=relock)
    for line in done:
        click.echo(line)
    for line in problems:
        click.echo(line, err=True)
    raise SystemExit(Exit.FINDINGS if problems else Exit.OK)


# --- aiss check-changes


@click.command("check-changes")
@click.option(
    "--against",
    "against",
    required=True,
    metavar="GIT_REF",
    help="Base of the pull request, e.g. origin/main.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(formats("validate")),
    default="text",
    show_default=True,
    help="Output format.",
)
@_root
def check_changes_cmd(against: str, fmt: str, root: Path) -> None:
    """Validate the registry and check what changed since GIT_REF: published versions frozen,
    new versions bumped enough, drafts free.

    Exit status: 0 no errors, 1 errors found, 2 the tool could not run.
    """
    found = actions.check_changes(root, against)
    shown = Validated(found.diagnostics, found.files, restricted=found.restricted)
    write("validate", fmt, shown, sys.stdout)
    raise SystemExit(Exit.FINDINGS if any(d.is_error for d in found.diagnostics) else Exit.OK)


COMMANDS = [
    diff_cmd,
    bump_cmd,
    propose_cmd,
    publish_cmd,
    deprecate_cmd,
    withdraw_cmd,
    lock_cmd,
    check_changes_cmd,
]
