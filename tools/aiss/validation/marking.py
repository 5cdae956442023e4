"""How CI output may name a document marked other than TLP:CLEAR: by id and version only.

Computed in the per-file pass (and kept with the file's cached result), so that a run names
the restricted documents of a registry without reading their data again."""

from __future__ import annotations

import re

from aiss.models.common import Tlp
from aiss.source import SourceDocument

_RESTRICTED_LABEL = re.compile(r"TLP:(?:GREEN|AMBER|RED)")


def _label(data: object, text: str) -> str | None:
    """The most restrictive TLP label of a document when it is not CLEAR: of a standard's
    `marking`, of a submission's `marking.tlp` and of each of its parts' (claims, evidence,
    logs), a value that is no label counting as AMBER+STRICT (`Tlp.labels_in`); for a file
    that did not load, any restricted label in its text."""
    if not isinstance(data, dict):
        found = _RESTRICTED_LABEL.search(text)
        return found.group() if found else None
    label = Tlp.most_restrictive(Tlp.labels_in(data))
    return None if label is Tlp.CLEAR else label.value


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
