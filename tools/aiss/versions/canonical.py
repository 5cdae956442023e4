"""The frozen content of a standard version: its parsed data in RFC 8785 canonical JSON.

What a published version freezes is its meaning, not its bytes: the data the YAML loader reads,
with only the lifecycle fields left out (`status`, `status_history`, `superseded_by`, which a
published version still changes as it is deprecated, withdrawn or superseded). That data is put
in the JSON Canonicalization Scheme (RFC 8785: keys sorted by UTF-16 code units, no
insignificant whitespace, ECMAScript number formatting, minimal string escaping: `aiss.jcs`,
byte for byte the `rfc8785` package's) and hashed with sha256. The digest cannot be fooled by layout: comments,
quoting, flow or block style, key order and line breaks do not move it, and any change to what
is read moves it, wherever in the file it hides. (`TLP:WHITE` is read as `TLP:CLEAR`, as the
loader does.)

`changed_paths` says where two versions' data differ, as paths only: a message built from it
names fields, never quotes their values (a restricted standard's content stays out of CI logs).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from typing import Any

from aiss import jcs

LIFECYCLE_KEYS = ("status", "status_history", "superseded_by")
"""The top-level fields a frozen version may still change (forward only)."""

Path = tuple[str | int, ...]


class NotCanonical(ValueError):
    """Data with no RFC 8785 form: an integer beyond ±(2^53 - 1), a non-finite number."""


def content(data: Mapping[str, Any]) -> dict[str, Any]:
    """The frozen part of a version's data: everything but the lifecycle fields."""
    out = {k: v for k, v in data.items() if k not in LIFECYCLE_KEYS}
    if out.get("marking") == "TLP:WHITE":
        out["marking"] = "TLP:CLEAR"
    return out


def canonical_form(data: Mapping[str, Any]) -> bytes:
    """RFC 8785 canonical JSON of the frozen part of `data`; NotCanonical when it has none."""
    try:
        return jcs.dumps(content(data))
    except jcs.CanonicalizationError as exc:
        raise NotCanonical(str(exc)) from None


def frozen_digest(data: Mapping[str, Any]) -> str:
    """sha256 of the canonical form: the digest `registry.lock` keeps for a published version."""
    return hashlib.sha256(canonical_form(data)).hexdigest()


def file_digest(raw: bytes) -> str:
    """sha256 of a file's bytes, which the lock records beside the content digest."""
    return hashlib.sha256(raw).hexdigest()


def _diff(old: Any, new: Any, at: Path) -> Iterator[tuple[str, Path]]:
    if isinstance(old, dict) and isinstance(new, dict):
        for k in sorted(old.keys() | new.keys()):
            if k not in new:
                yield "removed", (*at, k)
            elif k not in old:
                yield "added", (*at, k)
            else:
                yield from _diff(old[k], new[k], (*at, k))
    elif isinstance(old, list) and isinstance(new, list):
        for i in range(max(len(old), len(new))):
            if i >= len(new):
                yield "removed", (*at, i)
            elif i >= len(old):
                yield "added", (*at, i)
            else:
                yield from _diff(old[i], new[i], (*at, i))
    elif old != new or (isinstance(old, bool) is not isinstance(new, bool)):
        yield "changed", at  # 1 and 1.0 are one JSON number; true and 1 are not


def changed_paths(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[tuple[str, Path]]:
    """(`added` | `removed` | `changed`, path) where the frozen parts of two versions differ,
    in document order of the keys' names."""
    return list(_diff(content(old), content(new), ()))


def path_text(path: Path) -> str:
    """`requirements[0].text`: a path as the messages write it."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(the document)"
