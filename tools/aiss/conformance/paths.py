"""Dotted paths into a submission (`runs[*].limits`) for `fields_present` and `applies_if`."""

from __future__ import annotations

import re
from typing import Any

Loc = tuple[str | int, ...]
_SEGMENT = re.compile(r"^([a-z_][a-z0-9_]*)(\[\*\])?$")


def empty(value: Any) -> bool:
    """None, an empty string, list or mapping count as absent."""
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0)


def resolve(data: Any, path: str) -> tuple[list[tuple[Loc, Any]], Loc | None]:
    """Values at `path`, each with its location, and the first location where a value is absent.

    `runs[*].limits` yields every run's `limits`; an empty or missing `runs` is itself absent.
    """
    current: list[tuple[Loc, Any]] = [((), data)]
    for segment in path.split("."):
        m = _SEGMENT.match(segment)
        if m is None:
            return [], ()
        key, star = m.group(1), m.group(2)
        nxt: list[tuple[Loc, Any]] = []
        for loc, node in current:
            value = node.get(key) if isinstance(node, dict) else None
            if empty(value):
                return [], (*loc, key)
            if star:
                if not isinstance(value, list):
                    return [], (*loc, key)
                nxt.extend(((*loc, key, i), v) for i, v in enumerate(value))
            else:
                nxt.append(((*loc, key), value))
        current = nxt
    for loc, value in current:
        if empty(value):
            return current, loc
    return current, None


def deepest_existing(data: Any, loc: Loc) -> Loc:
    """The longest prefix of `loc` that exists in `data` (where a missing value is reported)."""
    node = data
    for i, part in enumerate(loc):
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
        else:
            return loc[:i]
    return loc
