"""How CI output may name a document marked other than TLP:CLEAR: by id and version only.

Computed in the per-file pass (and kept with the file's cached result), so that a run names
the restricted documents of a registry without reading their data again."""

from __future__ import annotations

import re

from aiss.source import SourceDocument

_RESTRICTED_LABEL = re.compile(r"TLP:(?:GREEN|AMBER|RED)")


def _label(data: object, text: str) -> str | None:
    """A document's TLP label when it is not CLEAR (a standard's `marking`, a submission's
    `marking.tlp`); for a file that did not load, any restricted label in its text."""
    if not isinstance(data, dict):
        found = _RESTRICTED_LABEL.search(text)
        return found.group() if found else None
    marking = data.get("marking")
    label = marking.get("tlp") if isinstance(marking, dict) else marking
    if label is None or label in ("TLP:CLEAR", "TLP:WHITE"):
        return None
    return str(label)


_PLAIN = re.compile(r"[A-Za-z0-9._+-]{1,64}")


def _plain(value: object) -> str:
    """An id or version as CI output may show it: a plain token, else `?`."""
    return value if isinstance(value, str) and _PLAIN.fullmatch(value) else "?"


def restriction(doc: SourceDocument) -> str | None:
    """`ID@version (label)` (or `a submission for ...`, `a document (label)`) of a document
    marked other than TLP:CLEAR; None for a TLP:CLEAR one."""
    data = doc.data
    label = _label(data, doc.text or "")
    if label is None:
        return None
    std = data.get("standard") if isinstance(data, dict) else None
    ids = std if isinstance(std, dict) else data if isinstance(data, dict) else {}
    ref = f"{_plain(ids.get('id'))}@{_plain(ids.get('version'))}"
    kind = "a submission for " if isinstance(std, dict) else ""
    return f"{kind}{ref} ({label})" if ref != "?@?" else f"a document ({label})"
