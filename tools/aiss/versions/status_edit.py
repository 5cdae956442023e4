"""A lifecycle edit written into a version's file: `with_status` sets `status` and records it in
`status_history`, sets `superseded_by`, and on publishing dates the version's own changelog
entry (what `aiss publish` / `deprecate` / `withdraw` write; `lifecycle.py` says which edits a
frozen version takes). ruamel.yaml keeps the file's comments and layout.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiss.models import Status
from aiss.versions.roundtrip import CHANGELOG_TODO, Document, event, fresh, set_after


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
