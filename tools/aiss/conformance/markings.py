"""TLP markings of a result submission at intake: TLP:WHITE read as CLEAR, TLP:RED refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aiss.diagnostics import Diagnostic, Severity
from aiss.models.common import Tlp
from aiss.source import SourceDocument

Loc = tuple[str | int, ...]

RED_MESSAGE = (
    "the submission carries TLP:RED material and is refused: RED information is for named "
    "recipients only and must not be submitted to a shared registry"
)


def marking_locations(data: dict[str, Any]) -> Iterator[Loc]:
    """Every place a submission may carry a TLP label: document, summary and artifacts."""
    marking = data.get("marking")
    if isinstance(marking, dict):
        yield ("marking", "tlp")
        yield ("marking", "public_summary_marking")
    runs = data.get("runs")
    for i, run in enumerate(runs if isinstance(runs, list) else []):
        if isinstance(run, dict) and isinstance(run.get("log"), dict):
            yield ("runs", i, "log", "marking")
    claims = data.get("claims")
    for i, claim in enumerate(claims if isinstance(claims, list) else []):
        if not isinstance(claim, dict):
            continue
        yield ("claims", i, "marking")
        evidence = claim.get("evidence")
        for j, item in enumerate(evidence if isinstance(evidence, list) else []):
            if isinstance(item, dict):
                yield ("claims", i, "evidence", j, "marking")


def _parent(data: dict[str, Any], loc: Loc) -> Any:
    node: Any = data
    for part in loc[:-1]:
        node = node[part]
    return node


def normalise_markings(doc: SourceDocument, data: dict[str, Any]) -> list[Diagnostic]:
    """Rewrite TLP:WHITE to TLP:CLEAR (warning) and refuse any TLP:RED label (error), in place.

    Unknown labels are left for the model, which refuses them as invalid values.
    """
    out: list[Diagnostic] = []
    for loc in marking_locations(data):
        parent = _parent(data, loc)
        value = parent.get(loc[-1])
        if value == "TLP:WHITE":
            parent[loc[-1]] = Tlp.CLEAR.value
            out.append(
                doc.diagnostic(
                    loc,
                    "tlp-white",
                    "TLP:WHITE is a TLP 1.0 label; read as TLP:CLEAR",
                    severity=Severity.WARNING,
                    hint="write `TLP:CLEAR`",
                )
            )
        elif value == Tlp.RED.value:
            out.append(
                doc.diagnostic(
                    loc,
                    "tlp-red-refused",
                    RED_MESSAGE,
                    hint="keep TLP:RED material with its owner; submit a version marked "
                    "TLP:AMBER+STRICT or less restrictive",
                )
            )
    return out


def refused(diagnostics: list[Diagnostic]) -> bool:
    """True when intake refused the document for its TLP:RED marking."""
    return any(d.code == "tlp-red-refused" for d in diagnostics)
