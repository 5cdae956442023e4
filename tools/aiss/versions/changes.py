"""`aiss check-changes`: what a pull request changed in the registry, against its base.

`base_problems` compares the registry folder as it is at the base ref (files as bytes) with the
working tree: the `standard.yaml` of every version that was published at the base (its status,
or its lock entry) must be unchanged except for lifecycle edits (`lifecycle.lifecycle_problems`), even when the
lock was edited too; a deleted lock file is reported. `changed_versions` lists the versions a
pull request adds or edits, which `aiss diff --against` compares with their predecessors.
The rest (bump sizes, lock consistency) is what `aiss validate` checks on the working tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from aiss.diagnostics import Diagnostic, at
from aiss.loading import display_path, read_bytes
from aiss.models import Standard
from aiss.source import parse_yaml
from aiss.versions.acks import AcknowledgedChange, frozen_reason
from aiss.versions.lifecycle import FROZEN, lifecycle_problems
from aiss.versions.lock import LOCK_FILE, first_changed_line, frozen_digest, parse_lock

VersionKey = tuple[str, str]


@dataclass(frozen=True)
class BaseTree:
    """The registry folder at the base ref: path relative to the registry root -> bytes."""

    ref: str
    files: Mapping[str, bytes]

    def versions(self) -> dict[VersionKey, bytes]:
        """`standard.yaml` of each version folder `<id>/<version>/`."""
        out: dict[VersionKey, bytes] = {}
        for p, data in self.files.items():
            parts = p.split("/")
            if len(parts) == 3 and parts[2] == "standard.yaml":
                out[(parts[0], parts[1])] = data
        return out

    def locked(self) -> set[str]:
        raw = self.files.get(LOCK_FILE)
        if raw is None:
            return set()
        lock, _ = parse_lock(parse_yaml(LOCK_FILE, raw))
        return set(lock.versions) if lock else set()


def _model(raw: bytes | None) -> tuple[Standard | None, Any]:
    if raw is None:
        return None, None
    data = parse_yaml("standard.yaml", raw).data
    try:
        return Standard.model_validate(data), data
    except ValidationError:
        return None, data


def _was_frozen(data: Any, ref: str, locked: set[str]) -> bool:
    status = data.get("status") if isinstance(data, dict) else None
    return ref in locked or status in {s.value for s in FROZEN}


def _problems(old_raw: bytes, new_raw: bytes) -> tuple[list[str], int]:
    """What changed in a frozen file beyond lifecycle edits, and the line to point at."""
    changed = first_changed_line(old_raw, new_raw)
    if changed is not None:
        return [f"line {changed} changed"], changed
    old, _ = _model(old_raw)
    new, _ = _model(new_raw)
    if old is None or new is None:
        return [], 0  # the validation of the working tree reports why it does not load
    return lifecycle_problems(old, new), 0


def base_problems(
    root: Path, base: BaseTree, acks: Iterable[AcknowledgedChange] = ()
) -> list[Diagnostic]:
    """Frozen versions at the base that the working tree changes; a deleted lock file."""
    out: list[Diagnostic] = []
    locked = base.locked()
    acks = list(acks)
    for (sid, version), raw in sorted(base.versions().items()):
        ref = f"{sid}@{version}"
        _, data = _model(raw)
        if not _was_frozen(data, ref, locked):
            continue
        path = root / sid / version / "standard.yaml"
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
        problems, line = _problems(raw, head)
        if not problems or frozen_reason(acks, ref, frozen_digest(head)):
            continue
        out.append(
            at(
                shown,
                line,
                1 if line else 0,
                "frozen-version-modified",
                f"{ref} was published at {base.ref} and is frozen: {'; '.join(problems)}",
                hint=f"undo it and bump instead: `aiss bump {sid} --patch` (or --minor, --major) "
                "starts a new version to change",
            )
        )
    if LOCK_FILE in base.files and not (root / LOCK_FILE).exists():
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


def changed_versions(root: Path, base: BaseTree, on_disk: Iterable[VersionKey]) -> list[VersionKey]:
    """Versions in the working tree that are new since the base or whose file differs."""
    at_base = base.versions()
    out = []
    for sid, version in sorted(on_disk):
        path = root / sid / version / "standard.yaml"
        if at_base.get((sid, version)) != read_bytes(path):
            out.append((sid, version))
    return out
