"""The YAML 1.2 core schema over libyaml: tag resolution and construction into plain data.

PyYAML resolves YAML 1.1 (`no` -> False, `2026-01-01` -> a date, `1_000` -> 1000); here only
the YAML 1.2 core schema applies, and construction refuses what files must not hold: any
tag beyond str, int, float, bool, null, seq and map, non-scalar keys, integers of more than
4,000 digits. Duplicate keys are recorded (the first value kept) for `yamlio` to report.
"""

from __future__ import annotations

import math
import re
from typing import Any

from yaml.constructor import BaseConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

try:  # libyaml is in every PyYAML wheel; the pure parser is the fallback for source builds
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

        def dispose(self) -> None:
            pass


STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"


class _Resolver12(BaseResolver):
    """Implicit tags of the YAML 1.2 core schema (no YAML 1.1 booleans, no timestamps)."""


_Resolver12.yaml_implicit_resolvers = {}
_Resolver12.add_implicit_resolver(
    BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver12.add_implicit_resolver(
    INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_Resolver12.add_implicit_resolver(
    FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Resolver12.add_implicit_resolver(NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


_IMPLICIT = {
    first: [(tag, regexp) for tag, regexp in resolvers]
    for first, resolvers in _Resolver12.yaml_implicit_resolvers.items()
}


_RESOLVED: dict[str, str] = {}
"""The tag of each short plain scalar resolved so far: a tag depends on the text alone, and
the same keys and words recur in every file (`parse_yaml` of the 3,000 files of
bench_validate.py --scale: 0.88x the time, paired median of 3)."""
_RESOLVED_TEXT = 64
"""Longer texts are resolved each time (they seldom recur)."""
_RESOLVED_MAX = 50_000
"""The table is emptied when it holds this many (a file of distinct short texts)."""


def _implicit_tag(value: str) -> str:
    for tag, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            return str(tag)
    return STR


def _resolve(self: Any, kind: Any, value: str, implicit: tuple[bool, bool]) -> str:
    """`BaseResolver.resolve` without path resolvers (none are used): one call per scalar."""
    if kind is ScalarNode:
        if not implicit[0]:
            return STR
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = _implicit_tag(value)
            if len(value) <= _RESOLVED_TEXT:
                if len(_RESOLVED) >= _RESOLVED_MAX:
                    _RESOLVED.clear()
                _RESOLVED[value] = tag
        return tag
    return SEQ if kind is SequenceNode else MAP


def _no_path(self: Any, *args: Any) -> None:
    """Path resolvers are not used; the composer's calls to them cost nothing."""


_Resolver12.resolve = _resolve  # type: ignore[method-assign]
_Resolver12.descend_resolver = _no_path  # type: ignore[method-assign,assignment]
_Resolver12.ascend_resolver = _no_path  # type: ignore[method-assign]


class Problem(Exception):
    """A content problem found while constructing; carries its diagnostic fields."""

    def __init__(self, node: Node, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.node = node
        self.code = code
        self.message = message
        self.hint = hint


def _non_scalar_key(node: Node) -> Problem:
    return Problem(
        node,
        "non-scalar-key",
        "a mapping key must be a plain string",
        "write the key as text, e.g. `name:`",
    )


class _Constructor(BaseConstructor):
    """Builds plain dicts, lists, str, int, float, bool and None; every other tag is refused."""

    duplicates: list[tuple[Node, str]]

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[str, Any]:  # type: ignore[override]
        if not isinstance(node, MappingNode):
            raise Problem(node, "yaml-syntax", "expected a mapping")
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _non_scalar_key(key_node)
            key = key_node.value
            if key in out:
                self.duplicates.append((key_node, key))
                continue
            out[key] = self.construct_object(value_node, deep=True)
        return out


def _construct_str(loader: _Constructor, node: Node) -> str:
    value = loader.construct_scalar(node)  # type: ignore[arg-type]
    return str(value)


def _construct_int(loader: _Constructor, node: Node) -> int:
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    if len(text.lstrip("+-")) > 4000:
        raise Problem(node, "number-too-large", "this integer has more than 4,000 digits")
    return int(text, 10)


def _construct_float(loader: _Constructor, node: Node) -> float:
    text = str(loader.construct_scalar(node)).lower()  # type: ignore[arg-type]
    if text.endswith(".nan"):
        return math.nan
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    return float(text)


def _construct_bool(loader: _Constructor, node: Node) -> bool:
    return str(loader.construct_scalar(node)).lower() == "true"  # type: ignore[arg-type]


def _construct_null(loader: _Constructor, node: Node) -> None:
    return None


def _construct_seq(loader: _Constructor, node: Node) -> list[Any]:
    return loader.construct_sequence(node, deep=True)  # type: ignore[arg-type]


def _construct_map(loader: _Constructor, node: Node) -> dict[str, Any]:
    return loader.construct_mapping(node, deep=True)


def _construct_other(loader: _Constructor, node: Node) -> Any:
    raise Problem(
        node,
        "yaml-tag",
        f"the tag {node.tag!r} is not allowed: files hold plain data only",
        "remove the tag; quote the value if it must stay text",
    )


for _tag, _fn in (
    (STR, _construct_str),
    (INT, _construct_int),
    (FLOAT, _construct_float),
    (BOOL, _construct_bool),
    (NULL, _construct_null),
    (SEQ, _construct_seq),
    (MAP, _construct_map),
    (None, _construct_other),
):
    _Constructor.add_constructor(_tag, _fn)  # type: ignore[type-var]


_SCALAR_TAGS: dict[str, Any] = {
    INT: _construct_int,
    FLOAT: _construct_float,
    BOOL: _construct_bool,
    NULL: _construct_null,
}


def build(loader: _Constructor, node: Node) -> Any:
    """The data of an alias-free node tree whose depth was checked: the same values, errors and
    duplicate-key reports as the generic constructor, in one plain recursion (about twice
    as fast, which matters at a thousand files)."""
    cls = node.__class__
    tag = node.tag
    if cls is ScalarNode:
        if tag == STR:
            return node.value
        fn = _SCALAR_TAGS.get(tag)
        return fn(loader, node) if fn else _construct_other(loader, node)
    if tag != (MAP if cls is MappingNode else SEQ):
        return _construct_other(loader, node)
    if cls is SequenceNode:
        return [build(loader, item) for item in node.value]
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not ScalarNode:
            raise _non_scalar_key(key_node)
        key = key_node.value
        if key in out:
            loader.duplicates.append((key_node, key))
            continue
        out[key] = build(loader, value_node)
    return out


class Loader(_Parser, _Constructor, _Resolver12):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver12.__init__(self)
        self.duplicates = []
