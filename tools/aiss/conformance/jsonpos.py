"""Line and column of any path in a JSON text, found lazily: orjson parses, this only locates.

orjson gives no positions, so a diagnostic or a verdict's evidence in a JSON submission is
located here, on demand. Containers are scanned only as far as needed and the offsets found
are kept, so locating many paths costs about one extra parse of the parts walked through;
values off the path are skipped by the standard library's C scanner.
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

from yaml.nodes import Node

from aiss.diagnostics import Diagnostic, Span
from aiss.yamlio import YamlDocument

Loc = tuple[str | int, ...]
_WS = re.compile(r"[ \t\n\r]*")
_scan_once = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


class _Container:
    """The children of one object or array found so far, and where scanning stopped."""

    __slots__ = ("children", "done", "index", "resume")

    def __init__(self, start: int) -> None:
        self.children: dict[str | int, tuple[int, int]] = {}
        """Key (or index) -> (offset of the key, offset of the value)."""
        self.resume = start + 1
        self.index = 0
        self.done = False


class JsonLocator:
    """Maps paths such as `("runs", 0, "counts")` to offsets, then to 1-based line:col."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._containers: dict[Loc, _Container] = {}
        self._marks: list[tuple[int, int]] = [(0, 1)]
        """(offset, its 1-based line) pairs found so far, sorted."""

    def _ws(self, pos: int) -> int:
        m = _WS.match(self.text, pos)
        return m.end() if m else pos

    def _container(self, loc: Loc, start: int) -> _Container | None:
        if loc not in self._containers:
            if start >= len(self.text) or self.text[start] not in "[{":
                return None
            self._containers[loc] = _Container(start)
        return self._containers[loc]

    def _advance(self, c: _Container, is_object: bool) -> bool:
        """Scan one more child of `c`; False when the container is exhausted."""
        text = self.text
        pos = self._ws(c.resume)
        if pos >= len(text) or text[pos] in "]}":
            c.done = True
            return False
        if text[pos] == ",":
            pos = self._ws(pos + 1)
        key: str | int
        key_at = pos
        if is_object:
            if text[pos] != '"':
                c.done = True
                return False
            key, pos = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
            pos = self._ws(pos)
            pos = self._ws(pos + 1)  # the colon
        else:
            key = c.index
            c.index += 1
        value_at = pos
        try:
            _, end = _scan_once(text, pos)
        except (StopIteration, ValueError):
            c.done = True
            return False
        c.children[key] = (key_at, value_at)
        c.resume = end
        return True

    def offset(self, loc: Loc, *, key: bool = False) -> int:
        """Offset of the value (or its key) at `loc`, or of the deepest ancestor found."""
        pos = self._ws(0)
        here: Loc = ()
        for i, part in enumerate(loc):
            c = self._container(here, pos)
            if c is None:
                return pos
            is_object = self.text[pos] == "{"
            while part not in c.children and not c.done and self._advance(c, is_object):
                pass
            found = c.children.get(part)
            if found is None:
                return pos
            if key and i == len(loc) - 1:
                return found[0]
            pos = found[1]
            here = (*here, part)
        return pos

    def span(self, loc: Loc, *, key: bool = False) -> Span:
        off = self.offset(loc, key=key)
        # count newlines from the nearest offset already placed (C speed, no per-line objects)
        i = bisect.bisect_right(self._marks, (off, 0)) - 1
        base, line = self._marks[i]
        line += self.text.count("\n", base, off)
        bisect.insort(self._marks, (off, line))
        return Span(line, off - (self.text.rfind("\n", 0, off) + 1) + 1)


class JsonDocument(YamlDocument):
    """A JSON file presented as a document: data from orjson, positions from a `JsonLocator`."""

    __slots__ = ("locator",)

    def __init__(
        self,
        path: str,
        data: Any,
        root: Node | None,
        text: str = "",
        diagnostics: list[Diagnostic] | None = None,
        *,
        locator: JsonLocator | None = None,
    ) -> None:
        super().__init__(path, data, root, text, diagnostics)
        self.locator = locator or JsonLocator(text)

    def __getstate__(self) -> dict[str, Any]:
        return {**super().__getstate__(), "detached": False}

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        self.locator = JsonLocator(self.text)

    def span_of(self, loc: tuple[str | int, ...], *, key: bool = False) -> Span:
        return self.locator.span(loc, key=key)

    def node_at(self, loc: tuple[str | int, ...]) -> Node | None:
        return None


def parse_json_path(json_path: str) -> Loc:
    """`$.runs[0].log` -> `("runs", 0, "log")` (keys with dots or brackets are not split back)."""
    out: list[Any] = []
    for m in re.finditer(r"\.([^.\[]+)|\[(\d+)\]", json_path.removeprefix("$")):
        out.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
    return tuple(out)
