"""What reaches the public site: the one filter every page and file goes through.

Standards: only TLP:CLEAR versions whose file validated clean (a standard has one marking).
Examples (result submissions kept as test vectors): every part that carries its own marking
is honoured and the strictest wins. The document's `marking.tlp` and embargo decide for the
whole file; a part marked other than TLP:CLEAR (the public summary by
`public_summary_marking`, a claim, a piece of evidence, a run's log reference) is left out of
what is published, and the build says which (`redact`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiss.models import Tlp
from aiss.registry import Entry, Registry

CLEAR_LABELS = frozenset({Tlp.CLEAR.value, "TLP:WHITE"})


@dataclass(frozen=True)
class LeftOut:
    """A version (or an example, or a part of one) kept off the site, and why."""

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


@dataclass(frozen=True)
class Redacted:
    """A submission as the site may publish it."""

    data: dict[str, Any]
    """The document without its restricted parts."""
    left_out: tuple[str, ...] = ()
    """`path (label)` of each part left out."""


def _restricted(label: Any) -> bool:
    return label is not None and label not in CLEAR_LABELS


def redact(data: dict[str, Any]) -> Redacted:
    """`data` without the parts marked other than TLP:CLEAR (the caller has checked that the
    document itself is CLEAR and every label is a TLP label). A part without a label of its
    own has the document's."""
    out = dict(data)
    left: list[str] = []
    found = data.get("marking")
    marking: dict[str, Any] = found if isinstance(found, dict) else {}
    summary_label = marking.get("public_summary_marking")
    if "public_summary" in out and _restricted(summary_label):
        del out["public_summary"]
        left.append(f"public_summary ({summary_label})")
    runs = data.get("runs")
    if isinstance(runs, list):
        kept_runs = []
        for i, run in enumerate(runs):
            log = run.get("log") if isinstance(run, dict) else None
            if isinstance(log, dict) and _restricted(log.get("marking")):
                run = {k: v for k, v in run.items() if k != "log"}
                left.append(f"runs[{i}].log ({log['marking']})")
            kept_runs.append(run)
        out["runs"] = kept_runs
    claims = data.get("claims")
    if isinstance(claims, list):
        kept_claims = []
        for i, claim in enumerate(claims):
            if not isinstance(claim, dict):
                kept_claims.append(claim)
                continue
            if _restricted(claim.get("marking")):
                left.append(f"claims[{i}] ({claim['marking']})")
                continue
            evidence = claim.get("evidence")
            if isinstance(evidence, list):
                kept = []
                for j, item in enumerate(evidence):
                    if isinstance(item, dict) and _restricted(item.get("marking")):
                        left.append(f"claims[{i}].evidence[{j}] ({item['marking']})")
                    else:
                        kept.append(item)
                claim = {**claim, "evidence": kept}
            kept_claims.append(claim)
        out["claims"] = kept_claims
    return Redacted(out, tuple(left))
