"""Versioning rules enforced by `aiss validate`, as a whole-registry check (`check_versions`).

* every version declares at least the bump its diff against its predecessor (the highest lower
  version) requires (`version-bump-too-small`), names no other version in `supersedes`
  (`supersedes-not-predecessor`), keeps every requirement id (`requirement-id-removed`) and never
  revives a retired one (`requirement-id-reused`);
* every published version is in `registry.lock` (`lock-entry-missing`) and still has its
  locked digest (`frozen-version-modified`); the lock names no missing version (`lock-stale`);
* the acknowledged-changes file names known rules and versions (`acknowledged-change-invalid`)
  and each entry still excuses something (`acknowledged-change-unused`, a warning);
* a version's own changelog entry lists its changes (`changelog-entry-empty`: a warning while
  it is a draft, an error once proposed).

Drafts and proposed versions are not frozen and may change freely, but their version number is
checked like any other: it must fit the changes before they can be published.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from aiss.diagnostics import Diagnostic, Severity
from aiss.loading import is_registry
from aiss.models import SemVer, Status, Tlp
from aiss.registry import Entry, Registry
from aiss.validation.document import Checked
from aiss.versions.acks import ACK_FILE
from aiss.versions.change import DiffReport
from aiss.versions.diff import diff_standards
from aiss.versions.exceptions import Acks, ack_problems, read_acks
from aiss.versions.frozen import lock_problems
from aiss.versions.pairs import consecutive_pairs, diff_entries, supersedes_problem
from aiss.versions.render import Pair, where

MAX_REASONS = 5


def _pair(pair: Pair, old: Entry, new: Entry, acks: Acks) -> tuple[list[Diagnostic], set[int]]:
    """The problems of one version against its predecessor, and the acknowledged changes used."""
    r, doc = pair.report, new.doc
    out: list[Diagnostic] = []
    used: set[int] = set()
    for c in r.changes:
        if c.acknowledged and (i := acks.find(new.ref, c.rule_id, c.target_id)) is not None:
            used.add(i)
        if c.rule_id == "requirement-removed":
            if (i := acks.find(new.ref, "requirement-id-removed", c.target_id)) is not None:
                used.add(i)
                continue
            out.append(
                doc.diagnostic(
                    ("requirements",),
                    "requirement-id-removed",
                    f"{c.target_id} of {old.ref} is missing from {new.ref}: requirement ids are never "
                    "dropped or reused",
                    hint=f'keep {c.target_id} in the list with `retired_in: "{new.standard.version}"` (a tombstone)',
                )
            )
        elif c.rule_id == "requirement-id-reused":
            loc = c.new_loc or ("requirements",)
            out.append(
                doc.diagnostic(
                    loc,
                    "requirement-id-reused",
                    c.message + ": a retired id is never used again",
                    hint="give the requirement the next unused id and keep the tombstone",
                )
            )
    if not r.ok:
        reasons = r.reasons()
        restricted: list[Tlp] = [
            e.standard.marking for e in (old, new) if e.standard.marking is not Tlp.CLEAR
        ]
        if restricted:  # named by id and version only: CI logs may be public
            because = (
                f"{len(reasons)} change(s) (not quoted: {new.ref} or its predecessor is marked "
                f"{Tlp.most_restrictive(restricted).value}; `aiss diff {old.ref} {new.ref}` "
                "lists them)"
            )
        else:
            because = "; ".join(
                f"{c.message} at {where(c, old.doc, new.doc)}" for c in reasons[:MAX_REASONS]
            )
        if len(reasons) > MAX_REASONS and not restricted:
            because += f"; and {len(reasons) - MAX_REASONS} more (`aiss diff {old.ref} {new.ref}`)"
        assert r.required is not None
        target = SemVer.parse(r.old_version).bump(r.required.part)
        out.append(
            doc.diagnostic(
                ("version",),
                "version-bump-too-small",
                f"{new.ref}: declared {r.declared} ({r.old_version} -> {r.new_version}), "
                f"requires {r.required} because: {because}",
                hint=f"number it {target} (for a draft, `aiss bump {new.standard.id} --auto` "
                "moves it), undo the change, or acknowledge it with a reason in "
                f"{ACK_FILE}",
            )
        )
    return out, used


def _changelog(e: Entry) -> list[Diagnostic]:
    facts, doc, i = e.facts, e.doc, e.facts.empty_changelog
    if i is None:
        return []
    draft = facts.status is Status.DRAFT
    return [
        doc.diagnostic(
            ("changelog", i, "changes"),
            "changelog-entry-empty",
            f"the changelog entry of {facts.version} lists no changes",
            severity=Severity.WARNING if draft else Severity.ERROR,
            hint="one sentence per change; `aiss diff` against the previous version lists them",
        )
    ]


@dataclass
class VersionsCheck:
    """What the versions check found, and the diff of every pair of consecutive versions it
    compared (the site shows them; nothing diffs a pair twice)."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    pairs: dict[tuple[str, str], Pair] = field(default_factory=dict)
    """(old ref, new ref) -> the diff, with acknowledged changes marked."""
    reports: dict[tuple[str, str], DiffReport] = field(default_factory=dict)
    """(old ref, new ref) -> the diff as the two versions give it (nothing acknowledged)."""


def check_versions(
    registry: Registry, checked: list[Checked], check_file: Callable[[Path], Checked]
) -> VersionsCheck:
    """The registry check: bump size, requirement ids, the lock, acknowledged changes."""
    out = VersionsCheck()
    if is_registry(registry.root):
        acks, out.diagnostics = read_acks(registry.root, checked, check_file)
    else:
        acks = Acks()
    used: set[int] = set()
    for sid in registry.ids():
        for old, new in consecutive_pairs(registry, sid):
            report = diff_standards(old.standard, new.standard)
            pair = diff_entries(old, new, acks.entries, report=report)
            out.pairs[(old.ref, new.ref)] = pair
            out.reports[(old.ref, new.ref)] = report
            found, excused = _pair(pair, old, new, acks)
            out.diagnostics += found
            used |= excused
    for e in registry:
        out.diagnostics += _changelog(e)
        if (d := supersedes_problem(registry, e)) is not None:
            out.diagnostics.append(d)
    found, excused = lock_problems(registry, acks)
    out.diagnostics += found
    out.diagnostics += ack_problems(registry, acks, used | excused)
    return out
