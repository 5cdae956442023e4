"""The lock checks of `aiss validate`: every published version is locked and unchanged."""

from __future__ import annotations

from aiss.diagnostics import Diagnostic, Severity
from aiss.loading import is_registry, read_file, standard_versions_on_disk
from aiss.registry import Entry, Registry
from aiss.source import SourceDocument
from aiss.versions.canonical import NotCanonical, frozen_digest
from aiss.versions.exceptions import Acks
from aiss.versions.lifecycle import FROZEN
from aiss.versions.lock import Lock, LockEntry, legacy_line_digest, parse_lock
from aiss.versions.store import lock_doc

ONLY_LIFECYCLE = "only status, status_history and superseded_by may change"


def content_digest(entry: Entry) -> str | None:
    """The content digest of a loaded version (computed once, when it was loaded); None when
    its data has no canonical form."""
    if entry.facts.digested:
        return entry.facts.content_digest
    return data_digest(entry.doc.data)


def data_digest(data: object) -> str | None:
    """The content digest of a version's data; None when it has no canonical form."""
    if not isinstance(data, dict):
        return None
    try:
        return frozen_digest(data)
    except NotCanonical:
        return None


def _outdated(lock_file: SourceDocument) -> Diagnostic:
    return lock_file.diagnostic(
        ("lock_version",),
        "lock-format-outdated",
        "the lock is in format 1, whose line digests do not freeze a version's content "
        "(line breaks YAML honours and line tools do not, flow style and quoted continuation "
        "lines can hide a change)",
        hint="run `aiss lock --update` once: it checks every version against its format-1 "
        "digest and records its content digest",
    )


def _legacy_problem(
    registry: Registry, e: Entry, locked: LockEntry, lock_file: SourceDocument
) -> Diagnostic | None:
    raw = read_file(e.path, confine_to=registry.root).raw
    if raw is not None and legacy_line_digest(raw) == locked.sha256:
        return None
    return e.doc.diagnostic(
        ("version",),
        "frozen-version-modified",
        f"{e.ref} is published and frozen, but the file no longer matches its digest in "
        f"{lock_file.path}: {ONLY_LIFECYCLE}",
        hint=f"undo the change and make it in a new version: `aiss bump {e.facts.id} --patch` "
        "(or --minor, --major)",
    )


def _content_problems(
    e: Entry, locked: LockEntry, lock_file: SourceDocument, acks: Acks, used: set[int]
) -> list[Diagnostic]:
    """A locked version against its format-2 entry: content digest, then file bytes."""
    std, ref = e.facts, e.ref
    digest = content_digest(e)
    excused = acks.find(ref, "frozen-version-modified", sha256=digest) if digest else None
    if excused is not None:
        used.add(excused)
    if digest != locked.sha256:
        if excused is not None:
            return [
                lock_file.diagnostic(
                    ("versions", ref),
                    "lock-stale",
                    f"the change to {ref} is acknowledged but the lock still has its old digest",
                    hint="run `aiss lock --update`",
                    key=True,
                )
            ]
        why = (
            "its content no longer matches its digest"
            if digest
            else "its content has no canonical form (an integer beyond ±(2^53 - 1)?), so it "
            "cannot match its digest"
        )
        return [
            e.doc.diagnostic(
                ("version",),
                "frozen-version-modified",
                f"{ref} is published and frozen, but {why} in {lock_file.path}: {ONLY_LIFECYCLE}",
                hint=f"undo the change (`aiss check-changes --against <base>` shows what "
                f"changed) and make it in a new version: `aiss bump {std.id} --patch` "
                "(or --minor, --major)",
            )
        ]
    if locked.file_sha256 is not None and e.sha256 != locked.file_sha256:
        return [
            e.doc.diagnostic(
                ("version",),
                "frozen-file-changed",
                f"the bytes of {ref} changed since they were locked, but not its content: "
                "a lifecycle field, a comment or the layout",
                severity=Severity.WARNING,
                hint="lifecycle edits are `aiss deprecate` / `aiss withdraw`; `aiss "
                "check-changes` refuses a published file whose bytes are not as they write "
                "them (a comment, the layout, a lifecycle line edited by hand)",
            )
        ]
    return []


def lock_problems(registry: Registry, acks: Acks) -> tuple[list[Diagnostic], set[int]]:
    """Published versions missing from the lock or changed since, and stale lock entries; and
    the acknowledged changes that excused a change."""
    used: set[int] = set()
    if not is_registry(registry.root):
        return [], used  # files validated on their own, outside any registry
    doc = lock_doc(registry.root)
    if doc is None:
        return [], used  # a registry without a lock has not adopted freezing yet
    lock, out = parse_lock(doc)
    if lock is None:
        return out, used
    if lock.outdated:
        out.append(_outdated(doc))
    for e in registry:
        out += _entry_problems(registry, e, lock, doc, acks, used)
    on_disk = standard_versions_on_disk(registry.root)
    for ref in lock.versions:
        sid, _, version = ref.partition("@")
        if (sid, version) not in on_disk:
            out.append(
                doc.diagnostic(
                    ("versions", ref),
                    "lock-stale",
                    f"the lock names {ref} but {sid}/{version}/standard.yaml does not exist: a published version is never deleted",
                    hint="restore the folder; to retire the version, `aiss withdraw` it",
                    key=True,
                )
            )
    return out, used


def _entry_problems(
    registry: Registry, e: Entry, lock: Lock, doc: SourceDocument, acks: Acks, used: set[int]
) -> list[Diagnostic]:
    std, edoc, ref = e.facts, e.doc, e.ref
    locked = lock.versions.get(ref)
    if locked is None:
        if std.status not in FROZEN:
            return []
        return [
            edoc.diagnostic(
                ("status",),
                "lock-entry-missing",
                f"{ref} is {std.status.value} but not in {doc.path}",
                hint=f"`aiss publish {ref}` publishes a version and locks it",
            )
        ]
    out: list[Diagnostic] = []
    frozen = f"{ref} is published and frozen"
    if std.status not in FROZEN:
        out.append(
            edoc.diagnostic(
                ("status",),
                "frozen-version-modified",
                f"{frozen}; its status cannot go back to {std.status.value}",
                hint="restore the status; to change the content, bump instead: `aiss bump "
                + std.id
                + " --minor`",
            )
        )
    if lock.outdated:
        legacy = _legacy_problem(registry, e, locked, doc)
        out += [legacy] if legacy else []
    else:
        out += _content_problems(e, locked, doc, acks, used)
    if locked.published and locked.published not in std.published_on:
        out.append(
            edoc.diagnostic(
                ("status_history",),
                "frozen-version-modified",
                f"{frozen}; status_history no longer records its publication on {locked.published}",
                hint="entries may only be appended to status_history",
            )
        )
    return out
