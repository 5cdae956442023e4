"""`aiss bump` as pure functions: which version comes next, and the text of the new file.

    bumped_text(source_text, new_version=..., supersedes=..., today=...) -> str
    renumbered_text(draft_text, new_version) -> str        (`--auto` on a working draft)

The new file is the latest version's file, edited in place with ruamel.yaml so every comment
and the layout stay: `version`, `status: draft`, a fresh `status_history`, `supersedes`, no
`superseded_by`, and a new changelog entry on top with `changes: []` for the editor to fill
(validation warns while it is empty, and refuses to publish it). Writing it is `store.py`'s job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from aiss.models import SemVer, Standard, Status
from aiss.versions.change import DiffReport
from aiss.versions.roundtrip import CHANGELOG_TODO, Document, event, flow_seq, quoted, set_after
from aiss.versions.rules import Bump


class BumpRefused(Exception):
    """The bump cannot be made as asked (exit 2, nothing written)."""


def bumped_text(text: str, *, new_version: str, supersedes: str, today: dt.date) -> str:
    """The source file's text turned into the first draft of `new_version`."""
    doc = Document(text)
    d = doc.data
    like = d.get("status_history", [None])[0] if d.get("status_history") else None
    d["version"] = quoted(new_version)
    d["status"] = Status.DRAFT.value
    history = CommentedSeq([event(Status.DRAFT.value, today, None, like)])
    set_after(d, "status_history", history, "status")
    set_after(d, "supersedes", supersedes, "status_history")
    if "superseded_by" in d:
        del d["superseded_by"]
    entry = CommentedMap({"version": quoted(new_version), "changes": flow_seq()})
    entry.yaml_add_eol_comment(CHANGELOG_TODO, "changes")
    log = d.get("changelog")
    if isinstance(log, CommentedSeq):
        log.insert(0, entry)
    else:
        d["changelog"] = CommentedSeq([entry])
    return doc.text()


def renumbered_text(text: str, new_version: str) -> str:
    """A draft moved to another version number: `version` and its own changelog entry."""
    doc = Document(text)
    old = str(doc.data.get("version"))
    doc.data["version"] = quoted(new_version)
    for entry in doc.data.get("changelog") or []:
        if isinstance(entry, CommentedMap) and str(entry.get("version")) == old:
            entry["version"] = quoted(new_version)
    return doc.text()


@dataclass(frozen=True)
class Plan:
    """What `aiss bump` will do."""

    source: Standard
    """The version copied (or, for a renumbered draft, the draft itself)."""
    new_version: str
    renumber: bool = False
    """True when an existing draft is moved to `new_version` instead of copied."""


def plan_bump(versions: list[Standard], part: Bump, *, source: str | None = None) -> Plan:
    """Next version of a standard from its versions (oldest first), bumping `part`."""
    if not versions:
        raise BumpRefused("the standard has no versions")
    by_version = {v.version: v for v in versions}
    if source is not None:
        if source not in by_version:
            raise BumpRefused(f"{versions[0].id} has no version {source}")
        src = by_version[source]
    else:
        src = versions[-1]
        if src.status in (Status.DRAFT, Status.PROPOSED):
            raise BumpRefused(
                f"{src.ref} is still {src.status.value}: edit it, publish it first, "
                "or bump from another version with --from"
            )
    new = str(SemVer.parse(src.version).bump(part.part))
    if new in by_version:
        raise BumpRefused(f"{src.id}@{new} already exists")
    return Plan(src, new)


def plan_auto(versions: list[Standard], report: DiffReport | None) -> Plan:
    """`--auto`: the working draft moved to the version its diff with its predecessor needs.

    `report` is the diff from the draft's predecessor to the draft (None when it has none).
    """
    if not versions or versions[-1].status not in (Status.DRAFT, Status.PROPOSED):
        raise BumpRefused(
            "--auto needs a working draft (the latest version as draft or proposed); "
            "use --major, --minor or --patch to start one"
        )
    draft = versions[-1]
    if report is None:
        raise BumpRefused(f"{draft.ref} has no earlier version to compare with")
    needed = report.required or Bump.PATCH
    target = str(SemVer.parse(report.old_version).bump(needed.part))
    if target != draft.version and target in {v.version for v in versions}:
        raise BumpRefused(f"{draft.id}@{target} already exists")
    return Plan(draft, target, renumber=True)
