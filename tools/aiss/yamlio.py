"""Fast, safe YAML 1.2 loading with source positions; problems come back as diagnostics.

The parser is libyaml (PyYAML's C parser) with the garbage collector paused: about 20x faster
than ruamel.yaml's round-trip loader (see ../shared/reference/performance.md). On top of it:

* YAML 1.2 core-schema resolution (`yaml12`): `no`, `on`, `yes` stay strings; `2026-01-01`
  stays a string; `0o17` and `0x1F` are integers; `017` is the integer 17.
* duplicate keys, unknown tags (`!!python/object`, `!!binary`, ...), non-scalar keys, alias
  expansion, nesting depth, encodings and bidi controls (`yamlcheck`) are reported as
  diagnostics, not accepted silently.
* the node tree of the same pass is kept, so any path can be mapped to `line:col` for free,
  until `YamlDocument.detach()` drops it (it is composed again when a position is asked for).

Round-trip editing that must keep comments (`aiss bump`) uses ruamel.yaml, in `roundtrip.py`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from aiss.diagnostics import Diagnostic, Span
from aiss.yaml12 import Loader as _Loader
from aiss.yaml12 import Problem as _Problem
from aiss.yaml12 import build as _build
from aiss.yamlcheck import (
    ANCHOR,
    DEFAULT_LIMITS,
    Limits,
    bidi_controls,
    check_shape,
    check_tree,
    decode,
    span_at,
    syntax_diagnostic,
)

__all__ = [
    "COMPOSE_COUNT",
    "DEFAULT_LIMITS",
    "Limits",
    "YamlDocument",
    "decode",
    "gc_paused",
    "load_yaml",
    "node_at",
    "span_of",
]


class YamlDocument:
    """A loaded document: its data and the node tree that says where each value stands.

    The node tree is the biggest part of a loaded document and is needed only to place a
    diagnostic, so `detach()` drops it (and pickling leaves it out): the next use of `root`
    composes it again from `text`, which gives the same nodes at the same positions."""

    __slots__ = ("_detached", "_root", "data", "diagnostics", "path", "text")

    def __init__(
        self,
        path: str,
        data: Any,
        root: Node | None,
        text: str = "",
        diagnostics: list[Diagnostic] | None = None,
    ) -> None:
        self.path, self.data, self._root, self.text = path, data, root, text
        self.diagnostics = diagnostics if diagnostics is not None else []
        self._detached = False

    @property
    def root(self) -> Node | None:
        if self._detached:
            self._root, self._detached = _compose(self.text), False
        return self._root

    def detach(self) -> YamlDocument:
        """Drop the node tree until a position is asked for; returns self."""
        if self._root is not None:
            self._root, self._detached = None, True
        return self

    def __getstate__(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "data": self.data,
            "text": self.text,
            "diagnostics": self.diagnostics,
            "detached": self._detached or self._root is not None,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.path, self.data, self.text = state["path"], state["data"], state["text"]
        self.diagnostics, self._root, self._detached = state["diagnostics"], None, state["detached"]

    def span_of(self, loc: tuple[str | int, ...], *, key: bool = False) -> Span:
        return span_of(self.root, loc, key=key)

    def node_at(self, loc: tuple[str | int, ...]) -> Node | None:
        return node_at(self.root, loc)


def node_at(root: Node | None, loc: tuple[str | int, ...]) -> Node | None:
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


def span_of(root: Node | None, loc: tuple[str | int, ...], *, key: bool = False) -> Span:
    """`line:col` of the value at `loc`; with `key`, of its key; else of the deepest ancestor.

    A missing key thus points at the mapping that should hold it, and an unknown key (`key=True`)
    at the key itself.
    """
    if root is None:
        return Span(1, 1)
    node: Node = root
    for i, part in enumerate(loc):
        nxt: Node | None = None
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value == part:
                    if key and i == len(loc) - 1:
                        return span_at(key_node)
                    nxt = value_node
                    break
        elif (
            isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value)
        ):
            nxt = node.value[part]
        if nxt is None:
            break
        node = nxt
    return span_at(node)


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
    except yaml.YAMLError:
        return None
    try:
        with gc_paused():
            node: Node | None = loader.get_single_node()
            return node
    except (yaml.YAMLError, RecursionError, MemoryError):
        return None
    finally:
        loader.dispose()


def load_yaml(path: str, raw: bytes, limits: Limits = DEFAULT_LIMITS) -> YamlDocument:
    """Parse one YAML file; `data` is None when a diagnostic stops construction."""
    if len(raw) > limits.max_bytes:
        return YamlDocument(
            path,
            None,
            None,
            diagnostics=[
                Diagnostic(
                    path,
                    Span(0, 0),
                    "file-too-large",
                    f"the file has {len(raw):,} bytes; the limit is {limits.max_bytes:,}",
                    hint="raise the limit with --max-bytes if the file is legitimate",
                )
            ],
        )
    text, diags = decode(path, raw)
    if text is None:
        return YamlDocument(path, None, None, diagnostics=diags)
    bidi = bidi_controls(path, text)
    if bidi:
        return YamlDocument(path, None, None, text, bidi)
    try:
        loader = _Loader(text)
    except yaml.YAMLError as exc:  # the pure reader checks characters up front
        return YamlDocument(path, None, None, text, [syntax_diagnostic(path, text, exc)])
    try:
        with gc_paused():
            root = loader.get_single_node()
            if root is None:
                return YamlDocument(
                    path,
                    None,
                    None,
                    text,
                    [Diagnostic(path, Span(1, 1), "empty-document", "the file is empty")],
                )
            tree = not ("&" in text and ANCHOR.search(text))
            shape = check_tree(path, root, limits) if tree else check_shape(path, root, limits)
            if shape:
                return YamlDocument(path, None, root, text, shape)
            data = _build(loader, root) if tree else loader.construct_document(root)
    except _Problem as problem:
        return YamlDocument(
            path,
            None,
            None,
            text,
            [
                Diagnostic(
                    path, span_at(problem.node), problem.code, problem.message, hint=problem.hint
                )
            ],
        )
    except ConstructorError as exc:
        mark = exc.problem_mark
        span = Span(mark.line + 1, mark.column + 1) if mark else Span(1, 1)
        return YamlDocument(
            path, None, None, text, [Diagnostic(path, span, "yaml-syntax", exc.problem or str(exc))]
        )
    except yaml.YAMLError as exc:
        return YamlDocument(path, None, None, text, [syntax_diagnostic(path, text, exc)])
    except (RecursionError, MemoryError):
        return YamlDocument(
            path,
            None,
            None,
            text,
            [Diagnostic(path, Span(1, 1), "yaml-too-deep", "the document is nested too deeply")],
        )
    finally:
        loader.dispose()
    out = [
        Diagnostic(
            path,
            span_at(node),
            "duplicate-key",
            f"the key {key!r} appears more than once",
            hint="each key may appear once in a mapping; the first value is kept",
        )
        for node, key in loader.duplicates
    ]
    return YamlDocument(path, data, root, text, out)
