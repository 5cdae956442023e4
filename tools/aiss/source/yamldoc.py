"""Fast, safe YAML 1.2 loading with source positions; problems come back as diagnostics.

The parser is libyaml (PyYAML's C parser) with the garbage collector paused: about 20x faster
than ruamel.yaml's round-trip loader (see ../shared/reference/performance.md). On top of it:

* YAML 1.2 core-schema resolution (`yaml12`): `no`, `on`, `yes` stay strings; `2026-01-01`
  stays a string; `0o17` and `0x1F` are integers; `017` is the integer 17.
* duplicate keys, unknown tags (`!!python/object`, `!!binary`, ...), non-scalar keys, alias
  expansion, nesting depth, encodings, bidi controls and line breaks other than `\n`
  (`yamlcheck`) are reported as
  diagnostics, not accepted silently.
* the node tree of the same pass is kept, so any path can be mapped to `line:col` for free,
  until `SourceDocument.detach()` drops it (it is composed again when a position is asked for).

Round-trip editing that must keep comments (`aiss bump`) uses ruamel.yaml, in `roundtrip.py`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml as pyyaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from aiss.diagnostics import Loc, at
from aiss.source.document import SourceDocument
from aiss.source.limits import DEFAULT_LIMITS, Limits, too_large
from aiss.source.yaml12 import Loader as _Loader
from aiss.source.yaml12 import Problem as _Problem
from aiss.source.yaml12 import build as _build
from aiss.source.yamlcheck import (
    at_node,
    bidi_controls,
    check_shape,
    check_tree,
    decode,
    has_anchor,
    line_breaks,
    node_line_col,
    syntax_diagnostic,
)

__all__ = ["COMPOSE_COUNT", "YamlPositions", "gc_paused", "node_at", "parse_yaml"]


def node_at(root: Node | None, loc: Loc) -> Node | None:
    """The node at `loc`, or None where the path leaves the tree."""
    node = root
    for part in loc:
        if isinstance(node, MappingNode):
            found = None
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value == part:
                    found = value_node
                    break
            node = found
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            node = node.value[part] if 0 <= part < len(node.value) else None
        else:
            return None
        if node is None:
            return None
    return node


def _place(root: Node, loc: Loc, key: bool) -> tuple[int, int]:
    """`line:col` of the value at `loc`; with `key`, of its key; else of the deepest ancestor."""
    node: Node = root
    for i, part in enumerate(loc):
        nxt: Node | None = None
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value == part:
                    if key and i == len(loc) - 1:
                        return node_line_col(key_node)
                    nxt = value_node
                    break
        elif (
            isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value)
        ):
            nxt = node.value[part]
        if nxt is None:
            break
        node = nxt
    return node_line_col(node)


class YamlPositions:
    """Positions from the node tree of the parse. The tree is the biggest part of a loaded
    document and is needed only to place a diagnostic, so `detach()` drops it (and pickling
    leaves it out): the next placement composes it again from the text, which gives the
    same nodes at the same positions."""

    __slots__ = ("_detached", "_root")

    def __init__(self, root: Node | None) -> None:
        self._root, self._detached = root, False

    @classmethod
    def from_text(cls) -> YamlPositions:
        """Positions of a document that parsed before, composed from its text when first
        asked for (a document read back from the cache)."""
        out = cls(None)
        out._detached = True
        return out

    def root(self, text: str) -> Node | None:
        if self._detached:
            self._root, self._detached = _compose(text), False
        return self._root

    def place(self, text: str, loc: Loc, key: bool) -> tuple[int, int]:
        root = self.root(text)
        return (1, 1) if root is None else _place(root, loc, key)

    def node_at(self, text: str, loc: Loc) -> Node | None:
        return node_at(self.root(text), loc)

    def detach(self) -> None:
        if self._root is not None:
            self._root, self._detached = None, True

    def __getstate__(self) -> dict[str, bool]:
        return {"detached": self._detached or self._root is not None}

    def __setstate__(self, state: dict[str, bool]) -> None:
        self._root, self._detached = None, state["detached"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: it costs libyaml loading more than half its time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


COMPOSE_COUNT = [0]
"""How often a detached document's node tree was composed again (tests watch it)."""


def _compose(text: str) -> Node | None:
    """The node tree of `text`, which loaded before; None if it no longer composes."""
    COMPOSE_COUNT[0] += 1
    try:
        loader = _Loader(text)
    except pyyaml.YAMLError:
        return None
    try:
        with gc_paused():
            node: Node | None = loader.get_single_node()
            return node
    except (pyyaml.YAMLError, RecursionError, MemoryError):
        return None
    finally:
        loader.dispose()


def _doc(
    path: str, data: Any, text: str, diags: list[Any], root: Node | None = None
) -> SourceDocument:
    return SourceDocument(path, data, text, diags, YamlPositions(root))


def parse_yaml(path: str, raw: bytes, limits: Limits = DEFAULT_LIMITS) -> SourceDocument:
    """Parse one YAML file; `data` is None when a diagnostic stops construction."""
    if len(raw) > limits.max_bytes:
        return SourceDocument.failed(path, [too_large(path, len(raw), limits.max_bytes)])
    text, diags = decode(path, raw)
    if text is None:
        return SourceDocument.failed(path, diags)
    refused = bidi_controls(path, text) + line_breaks(path, text)
    if refused:
        return SourceDocument.failed(path, refused, text)
    try:
        loader = _Loader(text)
    except pyyaml.YAMLError as exc:  # the pure reader checks characters up front
        return SourceDocument.failed(path, [syntax_diagnostic(path, text, exc)], text)
    try:
        with gc_paused():
            root = loader.get_single_node()
            if root is None:
                return SourceDocument.failed(
                    path, [at(path, 1, 1, "empty-document", "the file is empty")], text
                )
            tree = not has_anchor(text)
            shape = check_tree(path, root, limits) if tree else check_shape(path, root, limits)
            if shape:
                return _doc(path, None, text, shape, root)
            data = _build(loader, root) if tree else loader.construct_document(root)
    except _Problem as problem:
        diag = at_node(path, problem.node, problem.code, problem.message, problem.hint)
        return SourceDocument.failed(path, [diag], text)
    except ConstructorError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        diag = at(path, line, col, "yaml-syntax", exc.problem or str(exc))
        return SourceDocument.failed(path, [diag], text)
    except pyyaml.YAMLError as exc:
        return SourceDocument.failed(path, [syntax_diagnostic(path, text, exc)], text)
    except (RecursionError, MemoryError):
        diag = at(path, 1, 1, "yaml-too-deep", "the document is nested too deeply")
        return SourceDocument.failed(path, [diag], text)
    finally:
        loader.dispose()
    out = [
        at_node(
            path,
            node,
            "duplicate-key",
            f"the key {key!r} appears more than once",
            "each key may appear once in a mapping; the first value is kept",
        )
        for node, key in loader.duplicates
    ]
    return _doc(path, data, text, out, root)
