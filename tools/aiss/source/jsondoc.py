"""JSON documents: parsed with duplicate keys reported, positions of any path found lazily.

The standard library's scanner parses (it reports duplicate keys to a hook, which orjson, like
most JSON loaders, drops silently) with the garbage collector paused. It gives no positions,
so a diagnostic or a verdict's evidence is located afterwards, on demand, by `JsonLocator`:
containers are scanned only as far as needed and the offsets found are kept, so locating many
paths costs about one extra parse of the parts walked through; values off the path are
skipped by the C scanner.
"""

from __future__ import annotations

import json
import re
from typing import Any

from yaml.nodes import Node

from aiss.diagnostics import Diagnostic, Loc, at
from aiss.source.document import SourceDocument
from aiss.source.limits import DEFAULT_LIMITS, Limits, too_large
from aiss.source.positions import LineIndex, line_col
from aiss.source.yamlcheck import decode
from aiss.source.yamldoc import gc_paused

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
        self._lines = LineIndex(text)

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

    def line_col(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        return self._lines.line_col(self.offset(loc, key=key))


class JsonPositions:
    """Positions of a JSON document: a `JsonLocator` over its text, made on first use (and
    again after unpickling: the offsets found are a cache)."""

    __slots__ = ("_locator",)

    def __init__(self) -> None:
        self._locator: JsonLocator | None = None

    def place(self, text: str, loc: Loc, key: bool) -> tuple[int, int]:
        if self._locator is None:
            self._locator = JsonLocator(text)
        return self._locator.line_col(loc, key=key)

    def node_at(self, text: str, loc: Loc) -> Node | None:
        return None

    def detach(self) -> None:
        pass

    def __getstate__(self) -> dict[str, None]:
        return {}

    def __setstate__(self, state: dict[str, None]) -> None:
        self._locator = None


def parse_json(path: str, raw: bytes, limits: Limits = DEFAULT_LIMITS) -> SourceDocument:
    """Parse one JSON file: duplicate keys, NaN and Infinity are diagnostics."""
    if len(raw) > limits.max_bytes:
        return SourceDocument.failed(path, [too_large(path, len(raw), limits.max_bytes)])
    text, problems = decode(path, raw)
    if text is None:
        return SourceDocument.failed(path, problems)
    duplicates: list[str] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)
        if len(out) != len(pairs):
            seen: set[str] = set()
            duplicates.extend(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        return out

    def no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not valid JSON")

    try:
        with gc_paused():
            # the stdlib scanner, not orjson: it reports duplicate keys to the hook, which
            # orjson (like most JSON loaders) drops silently, at ~0.1 s per 100k records
            data = json.loads(text, object_pairs_hook=pairs_hook, parse_constant=no_constants)
    except json.JSONDecodeError as exc:
        return SourceDocument.failed(
            path, [at(path, exc.lineno, exc.colno, "json-syntax", exc.msg)], text
        )
    except (ValueError, RecursionError) as exc:
        msg = str(exc) if isinstance(exc, ValueError) else "values are nested too deeply"
        return SourceDocument.failed(path, [at(path, 1, 1, "json-syntax", msg)], text)
    found = [_duplicate(path, text, key) for key in dict.fromkeys(duplicates)]
    return SourceDocument(path, data, text, found, JsonPositions())


def _duplicate(path: str, text: str, key: str) -> Diagnostic:
    """At the key's second occurrence (good enough to find it; exact for most files)."""
    pattern = re.compile(re.escape(json.dumps(key)) + r"\s*:")
    hits = [m.start() for m in pattern.finditer(text)][:2]
    line, col = line_col(text, hits[-1]) if hits else (1, 1)
    return at(
        path,
        line,
        col,
        "duplicate-key",
        f"the key {key!r} appears more than once in one object",
        hint="each key may appear once in an object; the last value was read",
    )


def parse_json_path(json_path: str) -> Loc:
    """`$.runs[0].log` -> `("runs", 0, "log")` (keys with dots or brackets are not split back)."""
    out: list[Any] = []
    for m in re.finditer(r"\.([^.\[]+)|\[(\d+)\]", json_path.removeprefix("$")):
        out.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
    return tuple(out)
