"""Which version each version is compared with, and the diff of two registry entries."""

from __future__ import annotations

from collections.abc import Iterable

from aiss.diagnostics import Diagnostic
from aiss.models import SemVer
from aiss.registry import Entry, Registry
from aiss.versions.acks import AcknowledgedChange, reasons_for
from aiss.versions.change import DiffReport
from aiss.versions.diff import diff_standards
from aiss.versions.render import Pair


def predecessor(registry: Registry, entry: Entry) -> Entry | None:
    """The version `entry` is checked against: the highest lower version of the same standard
    in the registry. `supersedes` never chooses it (a `supersedes` naming another version is an
    error, `supersedes_problem`): a bump is always measured from the version just below."""
    mine = SemVer.parse(entry.facts.version)
    older = [e for e in registry.versions(entry.facts.id) if SemVer.parse(e.facts.version) < mine]
    return older[-1] if older else None


def supersedes_problem(registry: Registry, entry: Entry) -> Diagnostic | None:
    """`supersedes-not-predecessor` when `entry` declares `supersedes` naming a version that
    exists but is not its predecessor (a missing one is `unknown-standard-version`). Read from
    the facts, so that a version read back from the cache needs no model for it."""
    ref = entry.facts.supersedes
    if ref is None or registry.resolve(ref) is None:
        return None
    prev = predecessor(registry, entry)
    if prev is not None and ref == prev.ref:
        return None
    if prev is None:
        must = f"{entry.ref} has no lower version of {entry.facts.id}, so it supersedes none"
        hint = "remove `supersedes`"
    else:
        must = f"it must name {prev.ref}, the highest lower version"
        hint = f"set `supersedes: {prev.ref}` (the version the bump is measured from)"
    return entry.doc.diagnostic(
        ("supersedes",),
        "supersedes-not-predecessor",
        f"{entry.ref} supersedes {ref}, which is not its predecessor: {must}",
        hint=hint,
    )


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
