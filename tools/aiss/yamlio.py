"""Fast, safe YAML 1.2 loading with source positions; problems come back as diagnostics.

The parser is libyaml (PyYAML's C parser) with the garbage collector paused: about 20x faster
than ruamel.yaml's round-trip loader (see ../shared/reference/performance.md). On top of it:

* YAML 1.2 core-schema resolution: `no`, `on`, `yes` stay strings; `2026-01-01` stays a string;
  `0o17` and `0x1F` are integers; `017` is the integer 17.
* duplicate keys, unknown tags (`!!python/object`, `!!binary`, ...), non-scalar keys, alias
  expansion and nesting depth are reported as diagnostics, not accepted silently.
* the node tree of the same pass is kept, so any path can be mapped to `line:col` for free.

Round-trip editing that must keep comments (`aiss bump`) uses ruamel.yaml, in `roundtrip.py`.
"""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import BaseConstructor, ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from aiss.diagnostics import Diagnostic, Span

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


@dataclass(frozen=True)
class Limits:
    """Bounds no legitimate file reaches; each one exceeded is a diagnostic, never a hang."""

    max_bytes: int = 64 * 1024 * 1024
    max_nodes: int = 5_000_000
    """Nodes after alias expansion: a 'billion laughs' file stops here, quickly."""
    max_depth: int = 64
    max_string: int = 1_000_000


DEFAULT_LIMITS = Limits()


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


def _resolve(self: Any, kind: Any, value: str, implicit: tuple[bool, bool]) -> str:
    """`BaseResolver.resolve` without path resolvers (none are used): one call per scalar."""
    if kind is ScalarNode:
        if implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[:1], ()):
                if regexp.match(value):
                    return str(tag)
        return STR
    return SEQ if kind is SequenceNode else MAP


def _no_path(self: Any, *args: Any) -> None:
    """Path resolvers are not used; the composer's calls to them cost nothing."""


_Resolver12.resolve = _resolve  # type: ignore[method-assign]
_Resolver12.descend_resolver = _no_path  # type: ignore[method-assign,assignment]
_Resolver12.ascend_resolver = _no_path  # type: ignore[method-assign]


class _Problem(Exception):
    """A content problem found while constructing; carries its diagnostic fields."""

    def __init__(self, node: Node, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.node = node
        self.code = code
        self.message = message
        self.hint = hint


class _Constructor(BaseConstructor):
    """Builds plain dicts, lists, str, int, float, bool and None; every other tag is refused."""

    duplicates: list[tuple[Node, str]]

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[str, Any]:  # type: ignore[override]
        if not isinstance(node, MappingNode):
            raise _Problem(node, "yaml-syntax", "expected a mapping")
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Problem(
                    key_node,
                    "non-scalar-key",
                    "a mapping key must be a plain string",
                    "write the key as text, e.g. `name:`",
                )
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
        raise _Problem(node, "number-too-large", "this integer has more than 4,000 digits")
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
    raise _Problem(
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


def _build(loader: _Constructor, node: Node) -> Any:
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
        return [_build(loader, item) for item in node.value]
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not ScalarNode:
            raise _Problem(
                key_node,
                "non-scalar-key",
                "a mapping key must be a plain string",
                "write the key as text, e.g. `name:`",
            )
        key = key_node.value
        if key in out:
            loader.duplicates.append((key_node, key))
            continue
        out[key] = _build(loader, value_node)
    return out


class _Loader(_Parser, _Constructor, _Resolver12):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver12.__init__(self)
        self.duplicates = []


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


def _span(node: Node) -> Span:
    return Span(node.start_mark.line + 1, node.start_mark.column + 1)


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
                        return _span(key_node)
                    nxt = value_node
                    break
        elif (
            isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value)
        ):
            nxt = node.value[part]
        if nxt is None:
            break
        node = nxt
    return _span(node)


def decode(path: str, raw: bytes) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 (an optional BOM allowed) to text, or a diagnostic at the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            Diagnostic(
                path,
                Span(1, 1),
                "encoding",
                "the file is UTF-16; files must be UTF-8",
                hint="save the file as UTF-8",
            )
        ]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [
            Diagnostic(
                path,
                Span(line, col),
                "encoding",
                f"invalid UTF-8 byte 0x{raw[exc.start]:02x}",
                hint="save the file as UTF-8",
            )
        ]


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _bidi_controls(path: str, text: str) -> list[Diagnostic]:
    """Bidirectional control characters make text display in another order than it reads
    ('Trojan Source', CVE-2021-42574): refused anywhere in a file, comments included."""
    out = []
    for m in _BIDI.finditer(text):
        before = text[: m.start()]
        line = before.count("\n") + 1
        col = m.start() - (before.rfind("\n") + 1) + 1
        out.append(
            Diagnostic(
                path,
                Span(line, col),
                "bidi-control",
                f"bidirectional control character U+{ord(m.group()):04X}",
                hint="remove it: it can make text display differently from how it is read",
            )
        )
        if len(out) >= 10:
            break
    return out


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


_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s,\[\]{}]")
"""An anchor (`&name`): without one a document has no aliases, so it is a tree."""


def _check_tree(path: str, root: Node, limits: Limits) -> list[Diagnostic]:
    """Depth and string length of a document without aliases: one pass, level by level (its
    size is bounded by the file's); the first node too deep is reported, in document order."""
    level: list[Node] = [root]
    depth = 1
    max_string = limits.max_string
    while level:
        if depth > limits.max_depth:
            return [
                Diagnostic(
                    path,
                    _span(level[0]),
                    "yaml-too-deep",
                    f"values are nested more than {limits.max_depth} levels deep",
                )
            ]
        nxt: list[Node] = []
        for node in level:
            value = node.value
            if type(value) is str:
                if len(value) > max_string:
                    return [
                        Diagnostic(
                            path,
                            _span(node),
                            "string-too-long",
                            f"a string of {len(value):,} characters exceeds "
                            f"the limit of {max_string:,}",
                        )
                    ]
            elif type(node) is MappingNode:
                for pair in value:
                    nxt.extend(pair)
            else:
                nxt.extend(value)
        level = nxt
        depth += 1
    return []


def _check_shape(path: str, root: Node, limits: Limits) -> list[Diagnostic]:
    """Alias expansion, depth and string length, in one memoised pass over the unique nodes.

    Aliases make the node tree a DAG; sizes are computed once per node, so a 'billion laughs'
    file is refused in time proportional to its length, not to its expansion.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in size:
            continue
        if isinstance(node, ScalarNode):
            if len(node.value) > limits.max_string:
                return [
                    Diagnostic(
                        path,
                        _span(node),
                        "string-too-long",
                        f"a string of {len(node.value):,} characters exceeds "
                        f"the limit of {limits.max_string:,}",
                    )
                ]
            size[key], depth[key] = 1, 1
            continue
        children: list[Node] = (
            [n for pair in node.value for n in pair]
            if isinstance(node, MappingNode)
            else list(node.value)
        )
        if not done:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in size)
            continue
        size[key] = 1 + sum(size[id(c)] for c in children)
        depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
        if size[key] > limits.max_nodes:
            return [
                Diagnostic(
                    path,
                    _span(node),
                    "yaml-too-many-nodes",
                    f"the document expands to more than {limits.max_nodes:,} values "
                    "(aliases repeat their anchor's content)",
                    hint="remove the anchors and aliases (`&name`, `*name`)",
                )
            ]
        if depth[key] > limits.max_depth:
            return [
                Diagnostic(
                    path,
                    _span(node),
                    "yaml-too-deep",
                    f"values are nested more than {limits.max_depth} levels deep",
                )
            ]
    return []


def _syntax_diagnostic(path: str, text: str, exc: yaml.YAMLError) -> Diagnostic:
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        char = exc.character
        code = ord(char) if isinstance(char, str) else int(char)
        shown = f"U+{code:04X}"
        return Diagnostic(
            path,
            Span(line, col),
            "yaml-syntax",
            f"the character {shown} is not allowed in YAML",
            hint="remove control characters from the file",
        )
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        if mark is not None:
            lines = text.split("\n")
            row = lines[mark.line] if mark.line < len(lines) else ""
            indent = row[: len(row) - len(row.lstrip(" \t"))]
            if "\t" in indent or row[mark.column : mark.column + 1] == "\t":
                tab_col = row.find("\t") + 1
                return Diagnostic(
                    path,
                    Span(line, tab_col),
                    "yaml-tab",
                    "a tab character is used for indentation",
                    hint="indent with spaces; YAML does not allow tabs there",
                )
        problem = exc.problem or "invalid YAML"
        context = ""
        if exc.context:
            cm = exc.context_mark
            where = (
                f" started at line {cm.line + 1}, column {cm.column + 1}"
                if cm is not None and mark is not None and cm.line != mark.line
                else ""
            )
            context = f" ({exc.context}{where})"
        if "expected a single document" in f"{problem} {exc.context}":
            return Diagnostic(
                path,
                Span(line, col),
                "yaml-multiple-documents",
                "the file holds more than one YAML document",
                hint="remove the `---` separator: one file, one document",
            )
        return Diagnostic(path, Span(line, col), "yaml-syntax", f"{problem}{context}")
    return Diagnostic(path, Span(1, 1), "yaml-syntax", str(exc))


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
    bidi = _bidi_controls(path, text)
    if bidi:
        return YamlDocument(path, None, None, text, bidi)
    try:
        loader = _Loader(text)
    except yaml.YAMLError as exc:  # the pure reader checks characters up front
        return YamlDocument(path, None, None, text, [_syntax_diagnostic(path, text, exc)])
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
            tree = not ("&" in text and _ANCHOR.search(text))
            shape = _check_tree(path, root, limits) if tree else _check_shape(path, root, limits)
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
                    path, _span(problem.node), problem.code, problem.message, hint=problem.hint
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
        return YamlDocument(path, None, None, text, [_syntax_diagnostic(path, text, exc)])
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
            _span(node),
            "duplicate-key",
            f"the key {key!r} appears more than once",
            hint="each key may appear once in a mapping; the first value is kept",
        )
        for node, key in loader.duplicates
    ]
    return YamlDocument(path, data, root, text, out)
