"""`standards/registry.lock`: the frozen digest of every published version.

Publishing a version (`aiss publish`) adds it to the lock; from then on its `standard.yaml` is
frozen: `aiss validate` recomputes each locked version's digest and reports
`frozen-version-modified` when it differs, and `aiss check-changes` compares the file with the
base branch. The `examples/` next to it are test vectors of the tools (result files that must or
must not conform); they are not part of the standard and may be updated, for example when the
result format evolves, under the editors' review like any file in the folder.

Lifecycle edits of frozen files. A published version still moves through its lifecycle
(deprecated, withdrawn) and learns which version supersedes it, and those facts live in the
file itself (`status`, `status_history`, `superseded_by`). So the digest leaves out the
top-level lines of exactly those three keys (each key's line and its indented or `- `
continuation lines); every other byte of the file, comments and blank lines included, counts.
`lifecycle.lifecycle_problems` then checks that a lifecycle edit only moves forward: status never
goes back, history entries are only appended, `superseded_by` is set once. The digest stays the
same across lifecycle edits, so it is the stable content digest a conformance report may cite.

Digest: the sha256 of the file's bytes without those lines (`frozen_digest`).
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

LOCK_FILE = "registry.lock"
LIFECYCLE_KEYS = ("status", "status_history", "superseded_by")
_LIFECYCLE_LINE = re.compile(rb"^(?:" + b"|".join(k.encode() for k in LIFECYCLE_KEYS) + rb")\s*:")
_CONTINUATION = re.compile(rb"^(?:[ \t]|-(?:[ \t]|$)|$)")

HEADER = """\
# The frozen published versions of this registry; see CONTRIBUTING.md, "Frozen versions".
# Written by `aiss publish` and `aiss lock --update`; do not edit by hand.
# Each sha256 covers the version's standard.yaml without its lifecycle lines (status,
# status_history, superseded_by): only those may still change. `aiss lock --digest ID@VERSION`.
"""


def kept_lines(raw: bytes) -> list[tuple[int, bytes]]:
    """(0-based line number, line) of every line outside the lifecycle entries."""
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
    """`raw` without the top-level `status`, `status_history` and `superseded_by` entries."""
    return b"".join(line for _, line in kept_lines(raw))


def first_changed_line(old: bytes, new: bytes) -> int | None:
    """1-based line of `new` where it first differs from `old` outside the lifecycle entries."""
    a, b = kept_lines(old), kept_lines(new)
    for (_, x), (n, y) in zip(a, b, strict=False):  # the shorter one ends the comparison
        if x != y:
            return n + 1
    if len(a) == len(b):
        return None
    return b[len(a)][0] + 1 if len(b) > len(a) else (b[-1][0] + 1 if b else 1)


def frozen_digest(raw: bytes) -> str:
    """The digest of a version's `standard.yaml` with its lifecycle entries left out."""
    return hashlib.sha256(without_lifecycle(raw)).hexdigest()


class LockEntry(Model):
    """One frozen version."""

    sha256: Sha256
    """Frozen digest of the version's folder."""
    published: dt.date | None = None
    """Date of its `published` status_history entry."""


class LockFile(Model):
    """The lock file."""

    lock_version: int = Field(ge=1, le=1)
    """Format of this file; 1."""
    versions: dict[StandardRef, LockEntry] = Field(default_factory=dict)
    """`ID@version` -> entry."""


@dataclass(frozen=True)
class Lock:
    """The parsed lock: frozen versions by `ID@version`."""

    versions: Mapping[str, LockEntry]

    def with_entry(self, ref: str, entry: LockEntry) -> Lock:
        return Lock({**self.versions, ref: entry})


def _order(ref: str) -> tuple[str, SemVer]:
    sid, _, version = ref.partition("@")
    return sid, SemVer.parse(version)


def render_lock(lock: Lock) -> str:
    """The lock file's text: a header comment, then one line per version, sorted."""
    lines = [HEADER.rstrip("\n"), "lock_version: 1"]
    if not lock.versions:
        lines.append("versions: {}")
    else:
        lines.append("versions:")
        for ref in sorted(lock.versions, key=_order):
            e = lock.versions[ref]
            published = f", published: {e.published.isoformat()}" if e.published else ""
            lines.append(f'  {ref}: {{sha256: "{e.sha256}"{published}}}')
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
    return Lock(dict(model.versions)), list(doc.diagnostics)
