"""`standards/registry.lock`: the frozen digests of every published version.

Publishing a version (`aiss publish`) adds it to the lock; from then on its content is frozen:
`aiss validate` recomputes each locked version's digest and reports `frozen-version-modified`
when it differs, and `aiss check-changes` compares the file with the base branch. The
`examples/` next to it are test vectors of the tools (result files that must or must not
conform); they are not part of the standard and may be updated, for example when the result
format evolves, under the editors' review like any file in the folder.

Each entry (format 2) keeps two digests:

* `sha256`, the content digest (`canonical.frozen_digest`): sha256 of the RFC 8785 canonical
  JSON of the parsed document without its lifecycle fields (`status`, `status_history`,
  `superseded_by`). It covers what the file *means*, however it is laid out, and it stays the
  same across lifecycle edits, so it is the stable digest a conformance report may cite.
* `file_sha256`, the sha256 of the file's bytes when an aiss command last wrote the entry:
  any byte change of a published file (a comment, the layout, a lifecycle edit by hand) is
  reported (`frozen-file-changed`), together with whether the content moved.

`lifecycle.lifecycle_problems` checks that a lifecycle edit only moves forward.

Format 1 (before 0.2) kept one digest over the file's lines without the lifecycle lines,
which line breaks that YAML honours and line-based tools do not (U+0085, U+2028, U+2029),
flow style and quoted continuation lines could fool. `legacy_line_digest` is kept only so
that `aiss lock --update` can migrate a format-1 lock: each version must still match its
format-1 digest before its new digests are recorded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import Field, ValidationError

from aiss.diagnostics import Diagnostic, Location, at, json_path_of
from aiss.models import SemVer
from aiss.models.common import Model, Sha256, StandardRef
from aiss.source import SourceDocument
from aiss.versions.canonical import LIFECYCLE_KEYS

__all__ = [
    "HEADER",
    "LIFECYCLE_KEYS",
    "LOCK_FILE",
    "LOCK_VERSION",
    "Lock",
    "LockEntry",
    "LockFile",
    "first_changed_line",
    "kept_lines",
    "legacy_line_digest",
    "parse_lock",
    "render_lock",
    "without_lifecycle",
]

LOCK_FILE = "registry.lock"
LOCK_VERSION = 2
"""The format `aiss` writes; format 1 is read only to be migrated."""
_LIFECYCLE_LINE = re.compile(rb"^(?:" + b"|".join(k.encode() for k in LIFECYCLE_KEYS) + rb")\s*:")
_CONTINUATION = re.compile(rb"^(?:[ \t]|-(?:[ \t]|$)|$)")

HEADER = """\
# The frozen published versions of this registry; see CONTRIBUTING.md, "Frozen versions".
# Written by `aiss publish` and `aiss lock --update`; do not edit by hand.
# sha256: the version's content (RFC 8785 canonical JSON of standard.yaml's data without
# status, status_history and superseded_by: only those may still change), as printed by
# `aiss lock --digest ID@VERSION`; file_sha256: the file's bytes when the entry was written.
"""


def kept_lines(raw: bytes) -> list[tuple[int, bytes]]:
    """(0-based line number, line) of every line outside the top-level lifecycle entries
    (each key's line and its indented or `- ` continuation lines)."""
    out: list[tuple[int, bytes]] = []
    skipping = False
    for n, line in enumerate(raw.splitlines(keepends=True)):
        body = line.rstrip(b"\r\n")
        if _LIFECYCLE_LINE.match(body):
            skipping = True
            continue
        if skipping and _CONTINUATION.match(body) and not body.startswith(b"---"):
            continue
        skipping = False
        out.append((n, line))
    return out


def without_lifecycle(raw: bytes) -> bytes:
    """`raw` without the top-level `status`, `status_history` and `superseded_by` lines."""
    return b"".join(line for _, line in kept_lines(raw))


def first_changed_line(old: bytes, new: bytes) -> int | None:
    """1-based line of `new` where it first differs from `old` outside the lifecycle lines:
    where a comment or the layout changed (the content digest says whether the data did)."""
    a, b = kept_lines(old), kept_lines(new)
    for (_, x), (n, y) in zip(a, b, strict=False):  # the shorter one ends the comparison
        if x != y:
            return n + 1
    if len(a) == len(b):
        return None
    return b[len(a)][0] + 1 if len(b) > len(a) else (b[-1][0] + 1 if b else 1)


def legacy_line_digest(raw: bytes) -> str:
    """The format-1 digest: sha256 of the file's bytes without its lifecycle lines. Only for
    migrating a format-1 lock; it does not freeze content (see the module's docstring)."""
    return hashlib.sha256(without_lifecycle(raw)).hexdigest()


class LockEntry(Model):
    """One frozen version."""

    sha256: Sha256
    """Content digest of the version's standard.yaml (format 1: its line digest)."""
    file_sha256: Sha256 | None = None
    """sha256 of the file's bytes when the entry was last written (format 2)."""
    published: dt.date | None = None
    """Date of its `published` status_history entry."""


class LockFile(Model):
    """The lock file."""

    lock_version: int = Field(ge=1, le=LOCK_VERSION)
    """Format of this file: 2 (1 is read only to be migrated by `aiss lock --update`)."""
    versions: dict[StandardRef, LockEntry] = Field(default_factory=dict)
    """`ID@version` -> entry."""


@dataclass(frozen=True)
class Lock:
    """The parsed lock: frozen versions by `ID@version`, and the format it was read in."""

    versions: Mapping[str, LockEntry]
    version: int = LOCK_VERSION

    def with_entry(self, ref: str, entry: LockEntry) -> Lock:
        return Lock({**self.versions, ref: entry}, self.version)

    @property
    def outdated(self) -> bool:
        """A format-1 lock, whose digests do not freeze content."""
        return self.version < LOCK_VERSION


def _order(ref: str) -> tuple[str, SemVer]:
    sid, _, version = ref.partition("@")
    return sid, SemVer.parse(version)


def render_lock(lock: Lock) -> str:
    """The lock file's text: a header comment, then one line per version, sorted."""
    assert not lock.outdated, "a format-1 lock is migrated, never written"
    lines = [HEADER.rstrip("\n"), f"lock_version: {LOCK_VERSION}"]
    if not lock.versions:
        lines.append("versions: {}")
    else:
        lines.append("versions:")
        for ref in sorted(lock.versions, key=_order):
            e = lock.versions[ref]
            published = f", published: {e.published.isoformat()}" if e.published else ""
            raw = f', file_sha256: "{e.file_sha256}"' if e.file_sha256 else ""
            lines.append(f'  {ref}: {{sha256: "{e.sha256}"{raw}{published}}}')
    return "\n".join(lines) + "\n"


def parse_lock(doc: SourceDocument) -> tuple[Lock | None, list[Diagnostic]]:
    """The lock in `doc`, or None and `invalid-lock-file` diagnostics at the bad values."""
    if doc.data is None:
        return None, [
            Diagnostic(Location(doc.path, d.line, d.column), "invalid-lock-file", d.message)
            for d in doc.diagnostics
        ] or [at(doc.path, 1, 1, "invalid-lock-file", "the lock file is empty")]
    try:
        model = LockFile.model_validate(doc.data)
    except ValidationError as exc:
        out = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            out.append(
                doc.diagnostic(
                    loc,
                    "invalid-lock-file",
                    f"{err['msg']} at {json_path_of(loc)}",
                    hint="restore the file from the base branch and run `aiss lock --update`",
                )
            )
        return None, out
    return Lock(dict(model.versions), model.lock_version), list(doc.diagnostics)
