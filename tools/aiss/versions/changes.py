"""`aiss check-changes`: what a pull request changed in the registry, against its base.

`base_problems` compares the registry folder as it is at the base ref (files as bytes) with the
working tree: the `standard.yaml` of every version that was published at the base (its status,
or its lock entry) must keep its content (the canonical digest, `canonical.frozen_digest`) and
its bytes outside the lifecycle lines, and its lifecycle may only move forward
(`lifecycle.lifecycle_problems`), its new bytes being exactly what the lifecycle commands write
(`replayed`), even when the lock was edited too; a link in place of it is refused. The lock itself may only
gain entries (a new version's): an existing entry's digest or date changes only when an
acknowledged change excuses it, or when a format-1 lock is migrated to the content digests of
the files as they are at the base; a deleted lock file is reported. `changed_versions` lists
the versions a pull request adds or edits, which `aiss diff --against` compares with their
predecessors. The rest (bump sizes, lock consistency) is what `aiss validate` checks on the
working tree.

Messages name what changed by field path (`requirements[0].text`), never by value: the
content of a restricted standard stays out of CI logs; a TLP:CLEAR one also gets the
semantic diff's one-line reasons.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from aiss.diagnostics import Diagnostic, Loc, Severity, at, whole_file
from aiss.loading import (
    APPROVALS_FILE,
    VOCABULARY_DIR,
    display_link,
    display_path,
    load_file,
    read_bytes,
)
from aiss.models import Standard, Tlp
from aiss.source import parse_yaml
from aiss.versions.acks import AcknowledgedChange, frozen_reason
from aiss.versions.canonical import NotCanonical, changed_paths, frozen_digest, path_text
from aiss.versions.diff import diff_standards
from aiss.versions.lifecycle import FROZEN, lifecycle_problems
from aiss.versions.lock import (
    LOCK_FILE,
    Lock,
    LockEntry,
    first_changed_line,
    legacy_line_digest,
    parse_lock,
)
from aiss.versions.status_edit import with_status

VersionKey = tuple[str, str]


@dataclass(frozen=True)
class BaseTree:
    """The registry folder at the base ref: path relative to the registry root -> bytes; its
    symbolic links apart (path -> the path each leads to)."""

    ref: str
    files: Mapping[str, bytes]
    links: Mapping[str, bytes] = field(default_factory=dict)

    def get(self, path: str) -> bytes | None:
        """The bytes at `path`, following links that stay inside the registry folder."""
        for _ in range(8):  # a chain of links longer than this is a loop
            if path in self.files:
                return self.files[path]
            target = self.links.get(path)
            if target is None:
                return None
            path = posixpath.normpath(
                posixpath.join(posixpath.dirname(path), target.decode(errors="replace"))
            )
            if path.startswith(("../", "/")) or path == "..":
                return None
        return None

    def versions(self) -> dict[VersionKey, bytes]:
        """`standard.yaml` of each version folder `<id>/<version>/` (a link's: where it led)."""
        out: dict[VersionKey, bytes] = {}
        for p in (*self.files, *self.links):
            parts = p.split("/")
            if len(parts) == 3 and parts[2] == "standard.yaml":
                data = self.get(p)
                if data is not None:
                    out[(parts[0], parts[1])] = data
        return out

    def lock(self) -> Lock | None:
        raw = self.get(LOCK_FILE)
        if raw is None:
            return None
        lock, _ = parse_lock(parse_yaml(LOCK_FILE, raw))
        return lock

    def locked(self) -> set[str]:
        lock = self.lock()
        return set(lock.versions) if lock else set()


def _link_on(root: Path, path: Path) -> Path | None:
    """The first symbolic link on the way from `root` to `path` (the file, or a folder)."""
    here = root
    for part in path.relative_to(root).parts:
        here = here / part
        if here.is_symlink():
            return here
    return None


def _linked(path: Path, what: str) -> Diagnostic:
    """A published file, or the lock, that the working tree reaches through a symbolic link."""
    shown = display_link(path)
    return at(
        shown,
        0,
        0,
        "published-file-symlink",
        f"{what} {shown} is a symbolic link: what it leads to can change while the link stays "
        "the same, so the frozen file could be edited unseen",
        hint="replace the link by the file itself (as it is at the base branch)",
    )


def _model(raw: bytes | None) -> tuple[Standard | None, Any]:
    if raw is None:
        return None, None
    data = parse_yaml("standard.yaml", raw).data
    try:
        return Standard.model_validate(data), data
    except ValidationError:
        return None, data


def content_digest_of(raw: bytes) -> str | None:
    """The content digest of a `standard.yaml`'s bytes; None when they do not load cleanly."""
    doc = parse_yaml("standard.yaml", raw)
    if not isinstance(doc.data, dict) or any(d.is_error for d in doc.diagnostics):
        return None
    try:
        return frozen_digest(doc.data)
    except NotCanonical:
        return None


def _was_frozen(data: Any, ref: str, locked: set[str]) -> bool:
    status = data.get("status") if isinstance(data, dict) else None
    return ref in locked or status in {s.value for s in FROZEN}


MAX_PATHS = 5


def _what_changed(old: Any, new: Any) -> tuple[str, Loc]:
    """What changed in a frozen version's content, as field paths (and, for a TLP:CLEAR
    version, the semantic diff's reasons), and where the first change is in the new file."""
    paths = changed_paths(old, new)
    shown = [f"{path_text(p)} {kind}" for kind, p in paths[:MAX_PATHS]]
    if len(paths) > MAX_PATHS:
        shown.append(f"and {len(paths) - MAX_PATHS} more")
    what = ", ".join(shown)
    old_std, new_std = _model_of(old), _model_of(new)
    if (
        old_std is not None
        and new_std is not None
        and old_std.marking is Tlp.CLEAR
        and new_std.marking is Tlp.CLEAR
    ):
        reasons = [c.message for c in diff_standards(old_std, new_std).changes][:3]
        if reasons:
            what += f" ({'; '.join(reasons)})"
    first = paths[0][1] if paths else ()
    return what, first


def _model_of(data: Any) -> Standard | None:
    try:
        return Standard.model_validate(data)
    except ValidationError:
        return None


def _file_problems(old_raw: bytes, new_raw: bytes, shown: str) -> tuple[list[str], int, int]:
    """What changed in a frozen file beyond lifecycle edits, and the line and column to
    point at: the content first (where the data differs), then the bytes outside the
    lifecycle lines (a comment, the layout), then the lifecycle itself."""
    old_doc = parse_yaml(shown, old_raw)
    new_doc = parse_yaml(shown, new_raw)
    old_data, new_data = old_doc.data, new_doc.data
    if not isinstance(new_data, dict) or not isinstance(old_data, dict):
        return [], 0, 0  # the validation of the working tree reports why it does not load
    if content_digest_of(old_raw) != content_digest_of(new_raw):
        what, first = _what_changed(old_data, new_data)
        loc = new_doc.location(first)
        return [f"its content changed: {what}"], loc.line, loc.column
    changed = first_changed_line(old_raw, new_raw)
    if changed is not None:
        return (
            [f"line {changed} changed (a comment or the layout; the content is the same)"],
            (changed),
            1,
        )
    old, new = _model_of(old_data), _model_of(new_data)
    if old is None or new is None:
        return [], 0, 0
    problems = lifecycle_problems(old, new)
    if problems:
        return problems, 0, 0
    expected = replayed(old_raw, old, new)
    if expected != new_raw:
        line = _first_different_line(expected, new_raw)
        return (
            [
                f"line {line} is not as the lifecycle commands write it (a comment or text "
                "added on or under a lifecycle line, or a lifecycle edit made by hand)"
            ],
            line,
            1,
        )
    return [], 0, 0


def replayed(old_raw: bytes, old: Standard, new: Standard) -> bytes:
    """The frozen file as `aiss deprecate`, `aiss withdraw` and the publication of its
    successor would have written it, taking it from `old` to `new`'s lifecycle: the only
    bytes a published file may move to."""
    text = old_raw.decode("utf-8")
    for step in new.status_history[len(old.status_history) :]:
        text = with_status(text, step.status, step.date, note=step.note)
    if new.superseded_by is not None and new.superseded_by != old.superseded_by:
        # with no status given, the date is not written (it dates only a publication)
        text = with_status(text, None, dt.date.min, superseded_by=new.superseded_by)
    return text.encode("utf-8")


def _first_different_line(a: bytes, b: bytes) -> int:
    """1-based line of `b` where it first differs from `a`."""
    x, y = a.splitlines(keepends=True), b.splitlines(keepends=True)
    for n, (p, q) in enumerate(zip(x, y, strict=False)):
        if p != q:
            return n + 1
    return min(len(x), len(y)) + 1


def base_problems(
    root: Path, base: BaseTree, acks: Iterable[AcknowledgedChange] = ()
) -> list[Diagnostic]:
    """Frozen versions at the base that the working tree changes; lock entries changed or
    removed; a deleted lock file."""
    out: list[Diagnostic] = []
    locked = base.locked()
    acks = list(acks)
    for (sid, version), raw in sorted(base.versions().items()):
        ref = f"{sid}@{version}"
        _, data = _model(raw)
        if not _was_frozen(data, ref, locked):
            continue
        path = root / sid / version / "standard.yaml"
        link = _link_on(root, path)
        if link is not None:
            out.append(_linked(link, f"{ref} was published at {base.ref} and is frozen, but"))
            continue
        head = read_bytes(path) if path.is_file() else None
        if head == raw:
            continue
        shown = display_path(path)
        if head is None:
            out.append(
                at(
                    shown,
                    0,
                    0,
                    "frozen-version-modified",
                    f"{ref} was published at {base.ref} and is frozen, but its file was deleted",
                    hint="restore it; to retire a version, `aiss withdraw` it",
                )
            )
            continue
        problems, line, column = _file_problems(raw, head, shown)
        digest = content_digest_of(head)
        if not problems or (digest and frozen_reason(acks, ref, digest)):
            continue
        out.append(
            at(
                shown,
                line,
                column,
                "frozen-version-modified",
                f"{ref} was published at {base.ref} and is frozen: {'; '.join(problems)}",
                hint=f"undo it and bump instead: `aiss bump {sid} --patch` (or --minor, --major) "
                "starts a new version to change",
            )
        )
    if (root / LOCK_FILE).is_symlink():
        out.append(_linked(root / LOCK_FILE, "the lock file:"))
        return out
    out += lock_changes(root, base, acks)
    out += approval_changes(root, base) + key_changes(root, base)
    if base.get(LOCK_FILE) is not None and not (root / LOCK_FILE).exists():
        shown = display_path(root / LOCK_FILE)
        out.append(
            at(
                shown,
                0,
                0,
                "invalid-lock-file",
                f"the lock file existed at {base.ref} and was deleted",
                hint="restore it from the base branch",
            )
        )
    return out


def _changed(root: Path, base: BaseTree, name: str) -> tuple[str, Any, Any] | None:
    """The registry file `name` as the change leaves it and as it was at the base (each
    parsed, None where absent), with its path as shown; None when the change leaves it as
    it was."""
    path = root / name
    raw = read_bytes(path) if path.is_file() else None
    old = base.get(name)
    if raw == old:
        return None
    shown = display_path(path)
    head = parse_yaml(shown, raw) if raw is not None else None
    return shown, head, parse_yaml(name, old) if old is not None else None


def _approvals_in(doc: Any) -> list[tuple[int, Any]]:
    """(index, approval) of each mapping in an approvals document's `approvals` list."""
    data = doc.data if doc is not None else None
    items = data.get("approvals") if isinstance(data, dict) else None
    return [(i, a) for i, a in enumerate(items or []) if isinstance(a, dict)]


def _key(a: Mapping[str, Any]) -> tuple[str, ...]:
    """What an approval is of: its kind, standard, requirement, organisation, submission."""
    return tuple(
        str(a.get(k)) for k in ("kind", "standard", "requirement", "org", "submission_sha256")
    )


def _what(a: Mapping[str, Any]) -> str:
    return f"{a.get('kind')} of {a.get('requirement')} of {a.get('standard')}"


def _submission(a: Mapping[str, Any]) -> str:
    return f"submission {str(a.get('submission_sha256'))[:12]}…"


def approval_changes(root: Path, base: BaseTree) -> list[Diagnostic]:
    """The approvals the change records, changes or removes in the registry's approvals file:
    a recorded approval decides verdicts as its organisation's signature does, so each one
    the change adds or changes is named at its line, and removals are counted (warnings: the
    reviewers of the change confirm them)."""
    changed = _changed(root, base, APPROVALS_FILE)
    if changed is None:
        return []
    shown, head, was_doc = changed
    before, after = _approvals_in(was_doc), _approvals_in(head)
    was = {_key(a): a for _, a in before}
    out: list[Diagnostic] = []
    for i, a in after:
        prior = was.get(_key(a))
        if prior == a:
            continue
        verdict = f" ({a.get('verdict')})" if a.get("verdict") else ""
        org = a.get("org")
        assert head is not None
        out.append(
            head.diagnostic(
                ("approvals", i),
                "approval-changed" if prior is not None else "approval-recorded",
                f"this change records an approval by {org}: {_what(a)}{verdict} for "
                f"{_submission(a)}; an approval "
                f"decides verdicts as its organisation's signature does, so check that {org} "
                "made it",
                severity=Severity.WARNING,
                hint="ask for the approval signed (`aiss attest`), or confirm it with "
                f"{org} before merging",
            )
        )
    kept = {_key(a) for _, a in after}
    gone = [a for _, a in before if _key(a) not in kept]
    if gone:
        out.append(
            whole_file(
                shown,
                "approval-removed",
                f"this change removes {len(gone)} recorded approval(s) (first: {_what(gone[0])} "
                f"by {gone[0].get('org')} for {_submission(gone[0])}): the verdicts it decided "
                "are undecided again",
                severity=Severity.WARNING,
            )
        )
    return out


ISSUERS = f"{VOCABULARY_DIR}/issuers.yaml"
"""The issuers vocabulary, whose keys verify signed approvals and bundles."""


def _keys_in(doc: Any) -> dict[str, tuple[str, Loc, Any]]:
    """keyid -> (organisation, where, entry) of each key the issuers vocabulary lists."""
    data = doc.data if doc is not None else None
    terms = data.get("terms") if isinstance(data, dict) else None
    out: dict[str, tuple[str, Loc, Any]] = {}
    for i, term in enumerate(terms if isinstance(terms, list) else []):
        keys = term.get("keys") if isinstance(term, dict) else None
        for j, entry in enumerate(keys if isinstance(keys, list) else []):
            if isinstance(entry, dict):
                out.setdefault(
                    str(entry.get("keyid")), (str(term.get("code")), ("terms", i, "keys", j), entry)
                )
    return out


def key_changes(root: Path, base: BaseTree) -> list[Diagnostic]:
    """The signing keys the change lists, alters or removes in the issuers vocabulary: a key
    listed under an organisation makes every approval it signs that organisation's decision,
    so each one added or changed (a revocation lifted, a key moved to another organisation)
    is named at its line, and removals are counted (warnings for the change's reviewers)."""
    changed = _changed(root, base, ISSUERS)
    if changed is None:
        return []
    shown, head, was_doc = changed
    before, after = _keys_in(was_doc), _keys_in(head)
    out: list[Diagnostic] = []
    for keyid, (org, loc, entry) in after.items():
        prior = before.get(keyid)
        if prior is not None and prior[0] == org and prior[2] == entry:
            continue
        assert head is not None
        out.append(
            head.diagnostic(
                loc,
                "signing-key-changed" if prior is not None else "signing-key-added",
                f"this change {'alters' if prior is not None else 'lists'} a signing key of "
                f"{org} (keyid {keyid[:12]}…): every approval and bundle it signs counts as "
                f"{org}'s, so check with {org} that the key is theirs",
                severity=Severity.WARNING,
                hint=f"confirm the key's fingerprint with {org} before merging",
            )
        )
    gone = sorted(k for k in before if k not in after)
    if gone:
        out.append(
            whole_file(
                shown,
                "signing-key-removed",
                f"this change removes {len(gone)} signing key(s) (first: {before[gone[0]][0]}'s "
                f"{gone[0][:12]}…): what they signed no longer verifies",
                severity=Severity.WARNING,
            )
        )
    return out


def _migrated(base: BaseTree, ref: str, old_digest: str, new_digest: str) -> bool:
    """A format-1 entry honestly migrated: the version's file at the base matched its
    format-1 digest, and the new digest is that file's content digest."""
    sid, _, version = ref.partition("@")
    raw = base.get(f"{sid}/{version}/standard.yaml")
    return (
        raw is not None
        and legacy_line_digest(raw) == old_digest
        and content_digest_of(raw) == new_digest
    )


def lock_changes(
    root: Path, base: BaseTree, acks: Iterable[AcknowledgedChange] = ()
) -> list[Diagnostic]:
    """Changes to the lock that are not a new version's entry: an entry removed, its date or
    digest changed (unless acknowledged, or a format-1 entry migrated), the format lowered."""
    old = base.lock()
    path = root / LOCK_FILE
    if old is None or not path.is_file():
        return []
    doc = load_file(path, confine_to=root)
    new, _ = parse_lock(doc)
    if new is None:
        return []  # `aiss validate` reports the broken lock
    acks = list(acks)
    out: list[Diagnostic] = []
    hint = (
        "restore the entry from the base branch: a lock entry is written once, when its "
        "version is published (`aiss lock --update` migrates a format-1 lock)"
    )

    def problem(loc: Loc, message: str) -> None:
        out.append(doc.diagnostic(loc, "lock-entry-changed", message, hint=hint, key=True))

    if new.version < old.version:
        problem(("lock_version",), f"the lock went back from format {old.version} to {new.version}")
    for ref, was in sorted(old.versions.items()):
        now = new.versions.get(ref)
        if now is None:
            problem(("versions",), f"the entry of {ref} was removed from the lock")
            continue
        if now.published != was.published:
            problem(("versions", ref), f"the publication date of {ref} changed in the lock")
        if now.file_sha256 != was.file_sha256 and not _file_moved_to(root, base, ref, was, now):
            problem(
                ("versions", ref),
                f"the file digest of {ref} changed in the lock, but not to the digest of its "
                "file as a lifecycle step changed it (only `aiss deprecate`, `aiss withdraw` and "
                "the publication of a successor write it)",
            )
        if now.sha256 == was.sha256:
            continue
        migrated = (
            old.outdated and not new.outdated and _migrated(base, ref, was.sha256, now.sha256)
        )
        if not migrated and not frozen_reason(acks, ref, now.sha256):
            problem(
                ("versions", ref),
                f"the digest of {ref} changed in the lock, which only a new version's entry, an "
                "acknowledged change or the migration of a format-1 lock may do",
            )
    return out


def _file_moved_to(root: Path, base: BaseTree, ref: str, was: LockEntry, now: LockEntry) -> bool:
    """The lock's new file digest is that of the version's file in the working tree, and
    either the entry had none (a format-1 lock migrated) or the file changed since the base
    (whether that change was a lifecycle step, `base_problems` decides)."""
    sid, _, version = ref.partition("@")
    path = root / sid / version / "standard.yaml"
    head = read_bytes(path) if path.is_file() and not path.is_symlink() else None
    if head is None or hashlib.sha256(head).hexdigest() != now.file_sha256:
        return False
    return was.file_sha256 is None or head != base.get(f"{sid}/{version}/standard.yaml")


def changed_versions(root: Path, base: BaseTree, on_disk: Iterable[VersionKey]) -> list[VersionKey]:
    """Versions in the working tree that are new since the base or whose file differs."""
    at_base = base.versions()
    out = []
    for sid, version in sorted(on_disk):
        path = root / sid / version / "standard.yaml"
        if at_base.get((sid, version)) != read_bytes(path):
            out.append((sid, version))
    return out
