"""The lifecycle of a version: draft -> proposed -> published -> deprecated -> withdrawn.

A published version is frozen (see `lock.py`): the only edits it still takes are lifecycle
edits, which `lifecycle_problems` checks: `status` moves forward, `status_history` only grows
(earlier entries unchanged), and `superseded_by` is set once and then kept.
`aiss.versions.status_edit.with_status` makes such an edit (what `aiss publish` / `deprecate`
/ `withdraw` write); it lives apart because it edits YAML with ruamel.yaml, which the checks
that read `FROZEN` here (`aiss check`, `aiss validate`) do not load.
"""

from __future__ import annotations

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
