"""Which version each version is compared with, and the diff of two registry entries."""

from __future__ import annotations

from collections.abc import Iterable

from aiss.models import SemVer
from aiss.registry import Entry, Registry
from aiss.versions.acks import AcknowledgedChange, reasons_for
from aiss.versions.change import DiffReport
from aiss.versions.diff import diff_standards
from aiss.versions.render import Pair


def predecessor(registry: Registry, entry: Entry) -> Entry | None:
    """The version `entry` is checked against: its `supersedes` when that is loaded and older,
    else the next lower version in the registry."""
    std = entry.standard
    mine = SemVer.parse(std.version)
    if std.supersedes:
        sup = registry.resolve(std.supersedes)
        if (
            sup is not None
            and sup.standard.id == std.id
            and SemVer.parse(sup.standard.version) < mine
        ):
            return sup
    older = [e for e in registry.versions(std.id) if SemVer.parse(e.standard.version) < mine]
    return older[-1] if older else None


def consecutive_pairs(registry: Registry, sid: str) -> list[tuple[Entry, Entry]]:
    """(predecessor, version) for every version of `sid` that has one, oldest first."""
    versions = registry.versions(sid)
    if len(versions) < 2:  # a predecessor is always another version of the same id
        return []
    out = []
    for e in versions:
        p = predecessor(registry, e)
        if p is not None:
            out.append((p, e))
    return out


def diff_entries(
    old: Entry,
    new: Entry,
    acks: Iterable[AcknowledgedChange] = (),
    *,
    report: DiffReport | None = None,
) -> Pair:
    """The diff of two loaded versions (`report`, when already computed), with acknowledged
    changes marked, and their documents."""
    report = report or diff_standards(old.standard, new.standard)
    reasons = reasons_for(acks, new.ref)
    if reasons:
        report = report.acknowledge(reasons)
    return Pair(report, old.doc, new.doc)
