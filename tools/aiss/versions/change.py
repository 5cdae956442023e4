"""`Change` and `DiffReport`: the values `diff_standards` returns, and the declared bump."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from aiss.models import SemVer
from aiss.versions.rules import RULES, Bump

Loc = tuple[str | int, ...]
"""A path into a standard document, e.g. `("requirements", 2, "check", "value")`."""


@dataclass(frozen=True)
class Change:
    """One semantic change between two versions, keyed by a stable id."""

    rule_id: str
    """Row of the rule table (`aiss.versions.rules.RULES`)."""
    target_id: str
    """What changed: a requirement, procedure or metric id, or a top-level field name."""
    bump: Bump
    """The bump this change requires (the rule's, lowered for SHOULD/MAY requirements)."""
    message: str
    """One line, e.g. `R-03 threshold tightened: M-SOLVE le 0.5 -> le 0.4`."""
    old_loc: Loc | None = None
    """Where it was in the old file; None for additions."""
    new_loc: Loc | None = None
    """Where it is in the new file; None for removals."""
    before: Any = None
    """The old value (JSON-compatible), when there is one."""
    after: Any = None
    """The new value (JSON-compatible), when there is one."""
    acknowledged: str | None = None
    """The reason from `acknowledged-changes.yaml` when an entry excuses this change."""

    @property
    def kind(self) -> str:
        return RULES[self.rule_id].kind

    @property
    def counts(self) -> bool:
        """Whether the change counts towards the required bump (acknowledged ones do not)."""
        return self.acknowledged is None


@dataclass(frozen=True)
class DiffReport:
    """Every change from `old` to `new`, in document order, with the bump each requires."""

    standard_id: str
    old_version: str
    new_version: str
    changes: tuple[Change, ...] = field(default=())

    @property
    def old_ref(self) -> str:
        return f"{self.standard_id}@{self.old_version}"

    @property
    def new_ref(self) -> str:
        return f"{self.standard_id}@{self.new_version}"

    @property
    def required(self) -> Bump | None:
        """The largest bump any counted change requires; None when nothing changed."""
        bumps = [c.bump for c in self.changes if c.counts]
        return max(bumps) if bumps else None

    @property
    def declared(self) -> Bump | None:
        return declared_bump(self.old_version, self.new_version)

    @property
    def ok(self) -> bool:
        """The declared bump is at least the required one."""
        declared, required = self.declared, self.required
        if declared is None:
            return False
        return required is None or declared >= required

    def reasons(self) -> list[Change]:
        """The counted changes that need more than the declared bump."""
        declared = self.declared or Bump.PATCH
        return [c for c in self.changes if c.counts and c.bump > declared]

    def acknowledge(self, reasons: dict[tuple[str, str], str]) -> DiffReport:
        """A copy with changes matching `(rule_id, target_id)` (target `*`: any) acknowledged."""
        out = []
        for c in self.changes:
            why = reasons.get((c.rule_id, c.target_id)) or reasons.get((c.rule_id, "*"))
            out.append(replace(c, acknowledged=why) if why else c)
        return replace(self, changes=tuple(out))


def declared_bump(old: str, new: str) -> Bump | None:
    """The bump from `old` to `new`; None unless `new` is greater.

    Below 1.0.0 everything may change (SemVer item 4): a minor bump counts as MAJOR and a patch
    bump as MINOR, as oasdiff does.
    """
    a, b = SemVer.parse(old), SemVer.parse(new)
    if not b > a:
        return None
    if (b.major, b.minor, b.patch) == (a.major, a.minor, a.patch):
        return Bump.PATCH  # only the pre-release part moved
    if b.major != a.major:
        return Bump.MAJOR
    if b.minor != a.minor:
        return Bump.MAJOR if a.major == 0 else Bump.MINOR
    return Bump.MINOR if a.major == 0 else Bump.PATCH
