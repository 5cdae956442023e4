"""Which standard versions reach the public site: the one filter every page and file goes through."""

from __future__ import annotations

from dataclasses import dataclass

from aiss.models import Tlp
from aiss.registry import Entry, Registry


@dataclass(frozen=True)
class LeftOut:
    """A version kept off the site, and why."""

    ref: str
    reason: str


def select(
    registry: Registry, invalid: frozenset[str] = frozenset()
) -> tuple[list[Entry], list[LeftOut]]:
    """Versions to publish (registry order) and those left out.

    Only `TLP:CLEAR` versions are public. Versions whose file has validation errors
    (`invalid` holds their display paths) are left out too, so a broken file never shows.
    """
    shown: list[Entry] = []
    left: list[LeftOut] = []
    for entry in registry:
        if entry.standard.marking is not Tlp.CLEAR:
            left.append(LeftOut(entry.ref, f"marked {entry.standard.marking.value}"))
        elif entry.doc.path in invalid:
            left.append(LeftOut(entry.ref, "has validation errors"))
        else:
            shown.append(entry)
    return shown, left
