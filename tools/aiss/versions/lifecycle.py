"""The lifecycle of a version: draft -> proposed -> published -> deprecated -> withdrawn.

A published version is frozen (see `lock.py`): the only edits it still takes are lifecycle
edits, which `lifecycle_problems` checks: `status` moves forward, `status_history` only grows
(earlier entries unchanged), and `superseded_by` is set once and then kept.
`with_status` makes such an edit (it is what `aiss publish` / `deprecate` / `withdraw` write).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiss.models import Standard, Status

ORDER = (Status.DRAFT, Status.PROPOSED, Status.PUBLISHED, Status.DEPRECATED, Status.WITHDRAWN)
FROZEN = frozenset({Status.PUBLISHED, Status.DEPRECATED, Status.WITHDRAWN})
"""Statuses of versions in the lock: published once, never changed again."""


class TransitionRefused(Exception):
    """The status change is not allowed (exit 2, nothing written)."""


def check_transition(current: Status, target: Status) -> None:
    """Raise unless `target` comes after `current` in the lifecycle."""
    if ORDER.index(target) <= ORDER.index(current):
        raise TransitionRefused(
            f"the status cannot go from {current.value} to {target.value}: "
            "draft -> proposed -> published -> deprecated -> withdrawn"
        )


def with_status(
    text: str,
    status: Status | None,
    date: dt.date,
    *,
    note: str | None = None,
    superseded_by: str | None = None,
) -> str:
    """The file's text with `status` set and recorded in `status_history` (unless None), and
    `superseded_by` set when given.

    Publishing also dates the version's own changelog entry when it has no date yet.
    """
    # ruamel.yaml is loaded by the commands that write (3 MiB at import; `aiss check` and
    # `aiss validate` read FROZEN from here and never write a standard)
    from aiss.versions.roundtrip import Document, event, set_after

    doc = Document(text)
    d = doc.data
    if status is not None:
        history = d.get("status_history")
        if history is None:
            set_after(d, "status_history", [], "status")
            history = d["status_history"]
        like = history[-1] if len(history) else None
        d["status"] = status.value
        history.append(event(status.value, date, note, like))
    if superseded_by is not None:
        set_after(d, "superseded_by", superseded_by, "supersedes", "status_history")
    if status is Status.PUBLISHED:
        _date_changelog(d, date)
    return doc.text()


def _date_changelog(d: Any, date: dt.date) -> None:
    """Date the version's own changelog entry, and drop the TODO comment `aiss bump` left."""
    from aiss.versions.roundtrip import CHANGELOG_TODO, fresh

    version = str(d.get("version"))
    for entry in d.get("changelog") or []:
        if str(entry.get("version")) != version:
            continue
        if entry.get("date") is None:
            if "date" in entry:
                entry["date"] = fresh(date)
            else:
                entry.insert(1, "date", fresh(date))
        if CHANGELOG_TODO in str(entry.ca.items.get("changes")):
            del entry.ca.items["changes"]
            changes = entry.get("changes")
            if hasattr(changes, "ca") and CHANGELOG_TODO in str(changes.ca.comment):
                changes.ca.comment = None  # a flow list holds its end-of-line comment too


def lifecycle_problems(old: Standard, new: Standard) -> list[str]:
    """Why the edit from `old` to `new` of a frozen file is more than a lifecycle edit.

    The caller has already checked that nothing outside the lifecycle fields changed.
    """
    problems = []
    if ORDER.index(new.status) < ORDER.index(old.status):
        problems.append(f"status went back from {old.status.value} to {new.status.value}")
    if new.status not in FROZEN:
        problems.append(f"a published version cannot become {new.status.value}")
    if list(new.status_history[: len(old.status_history)]) != list(old.status_history):
        problems.append("earlier status_history entries changed (entries may only be appended)")
    if old.superseded_by is not None and new.superseded_by != old.superseded_by:
        problems.append(f"superseded_by changed from {old.superseded_by}")
    return problems
