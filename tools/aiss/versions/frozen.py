"""The lock checks of `aiss validate`: every published version is locked and unchanged."""

from __future__ import annotations

from aiss.diagnostics import Diagnostic
from aiss.loading import VOCABULARY_DIR, read_file, standard_versions_on_disk
from aiss.models import Status
from aiss.registry import Registry
from aiss.versions.exceptions import Acks
from aiss.versions.lifecycle import FROZEN
from aiss.versions.lock import frozen_digest, parse_lock
from aiss.versions.store import lock_doc


def lock_problems(registry: Registry, acks: Acks) -> tuple[list[Diagnostic], set[int]]:
    """Published versions missing from the lock or changed since, and stale lock entries; and
    the acknowledged changes that excused a change."""
    used: set[int] = set()
    if not (registry.root / VOCABULARY_DIR).is_dir():
        return [], used  # not a registry folder: files validated on their own
    doc = lock_doc(registry.root)
    if doc is None:
        return [], used  # a registry without a lock has not adopted freezing yet
    lock, out = parse_lock(doc)
    if lock is None:
        return out, used
    for e in registry:
        std, edoc, ref = e.standard, e.doc, e.ref
        locked = lock.versions.get(ref)
        if locked is None:
            if std.status in FROZEN:
                out.append(
                    edoc.diagnostic(
                        ("status",),
                        "lock-entry-missing",
                        f"{ref} is {std.status.value} but not in {doc.path}",
                        hint=f"`aiss publish {ref}` publishes a version and locks it",
                    )
                )
            continue
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
        raw = read_file(e.path, confine_to=registry.root).raw
        digest = frozen_digest(raw) if raw is not None else ""
        excused = acks.find(ref, "frozen-version-modified", sha256=digest)
        if excused is not None:
            used.add(excused)
        if digest != locked.sha256:
            if excused is not None:
                out.append(
                    doc.diagnostic(
                        ("versions", ref),
                        "lock-stale",
                        f"the change to {ref} is acknowledged but the lock still has its old digest",
                        hint="run `aiss lock --update`",
                        key=True,
                    )
                )
            else:
                out.append(
                    edoc.diagnostic(
                        ("version",),
                        "frozen-version-modified",
                        f"{frozen}, but the file no longer matches its digest in {doc.path}: only status, status_history and superseded_by may change",
                        hint=f"undo the change and make it in a new version: `aiss bump {std.id} --patch` (or --minor, --major)",
                    )
                )
        if locked.published and not any(
            ev.status is Status.PUBLISHED and ev.date == locked.published
            for ev in std.status_history
        ):
            out.append(
                edoc.diagnostic(
                    ("status_history",),
                    "frozen-version-modified",
                    f"{frozen}; status_history no longer records its publication on {locked.published}",
                    hint="entries may only be appended to status_history",
                )
            )
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
