"""What loading a YAML file can find wrong before and around construction: bytes that are not
UTF-8/16/32 text, bidirectional control characters, line breaks other than `\n` and `\r\n`,
documents too deep, too big or expanding through aliases, and syntax errors, each as a
diagnostic with its position.
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from aiss.diagnostics import Diagnostic, Location, at
from aiss.source.limits import Limits
from aiss.source.positions import line_col


def node_line_col(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def at_node(path: str, node: Node, code: str, message: str, hint: str | None = None) -> Diagnostic:
    """A diagnostic at a node of the tree (the document's data is not built yet)."""
    line, column = node_line_col(node)
    return Diagnostic(Location(path, line, column), code, message, hint=hint)


def decode(path: str, raw: bytes) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 (an optional BOM allowed) to text, or a diagnostic at the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            at(
                path,
                1,
                1,
                "encoding",
                "the file is UTF-16; files must be UTF-8",
                hint="save the file as UTF-8",
            )
        ]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line, col = line_col(raw, exc.start)
        return None, [
            at(
                path,
                line,
                col,
                "encoding",
                f"invalid UTF-8 byte 0x{raw[exc.start]:02x}",
                hint="save the file as UTF-8",
            )
        ]


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def bidi_controls(path: str, text: str) -> list[Diagnostic]:
    """Bidirectional control characters make text display in another order than it reads
    ('Trojan Source', CVE-2021-42574): refused anywhere in a file, comments included."""
    if text.isascii() or max(text) < "\u202a":  # C-speed checks: most files hold none
        return []
    out = []
    for m in _BIDI.finditer(text):
        line, col = line_col(text, m.start())
        out.append(
            at(
                path,
                line,
                col,
                "bidi-control",
                f"bidirectional control character U+{ord(m.group()):04X}",
                hint="remove it: it can make text display differently from how it is read",
            )
        )
        if len(out) >= 10:
            break
    return out


_LINE_BREAK = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
_LINE_BREAK_NAMES = {
    "\x85": "U+0085 (next line)",
    "\u2028": "U+2028 (line separator)",
    "\u2029": "U+2029 (paragraph separator)",
    "\r": "a carriage return not followed by a line feed",
}


def line_breaks(path: str, text: str) -> list[Diagnostic]:
    """Line breaks other than `\\n` and `\\r\\n`, refused anywhere in a file.

    libyaml also ends a line at U+0085, U+2028, U+2029 and a lone carriage return, while
    editors, diff tools, `git` and every line-based check show the text as one line: a key
    hidden behind one of them is read by the loader but not seen by a reviewer (or by a check
    that reads lines). Positions count `\\n` lines, as editors and every other diagnostic do.
    """
    if "\r" not in text and (text.isascii() or not any(c in text for c in "\x85\u2028\u2029")):
        return []  # C-speed substring checks first: the regex below is slow on large files
    out = []
    for m in _LINE_BREAK.finditer(text):
        line, col = line_col(text, m.start())
        out.append(
            at(
                path,
                line,
                col,
                "yaml-line-break",
                f"{_LINE_BREAK_NAMES[m.group()]} breaks the line for YAML but not for editors "
                "or reviewers",
                hint="end lines with \\n (or \\r\\n) only; in a quoted string, write the "
                "character as an escape such as \\u2028",
            )
        )
        if len(out) >= 10:
            break
    return out


ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s,\[\]{}]")
"""An anchor (`&name`): without one a document has no aliases, so it is a tree."""
_BEFORE_ANCHOR = frozenset("[{,:-")
_NOT_IN_ANCHOR = frozenset(",[]{}")


def has_anchor(text: str) -> bool:
    """`ANCHOR.search(text)` is not None, looking only at each `&` and its neighbours (the
    pattern, which cannot start with a literal, tries every position of the text)."""
    i = text.find("&")
    while i != -1:
        before = text[i - 1] if i else None
        after = text[i + 1] if i + 1 < len(text) else None
        if (
            (before is None or before.isspace() or before in _BEFORE_ANCHOR)
            and after is not None
            and not (after.isspace() or after in _NOT_IN_ANCHOR)
        ):
            return True
        i = text.find("&", i + 1)
    return False


def check_tree(path: str, root: Node, limits: Limits) -> list[Diagnostic]:
    """Depth and string length of a document without aliases: one pass, level by level (its
    size is bounded by the file's); the first node too deep is reported, in document order."""
    level: list[Node] = [root]
    depth = 1
    max_string = limits.max_string
    while level:
        if depth > limits.max_depth:
            return [
                at_node(
                    path,
                    level[0],
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
                        at_node(
                            path,
                            node,
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


def check_shape(path: str, root: Node, limits: Limits) -> list[Diagnostic]:
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
                    at_node(
                        path,
                        node,
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
                at_node(
                    path,
                    node,
                    "yaml-too-many-nodes",
                    f"the document expands to more than {limits.max_nodes:,} values "
                    "(aliases repeat their anchor's content)",
                    "remove the anchors and aliases (`&name`, `*name`)",
                )
            ]
        if depth[key] > limits.max_depth:
            return [
                at_node(
                    path,
                    node,
                    "yaml-too-deep",
                    f"values are nested more than {limits.max_depth} levels deep",
                )
            ]
    return []


def syntax_diagnostic(path: str, text: str, exc: yaml.YAMLError) -> Diagnostic:
    if isinstance(exc, yaml.reader.ReaderError):
        line, col = line_col(text, exc.position)
        char = exc.character
        code = ord(char) if isinstance(char, str) else int(char)
        shown = f"U+{code:04X}"
        return at(
            path,
            line,
            col,
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
                return at(
                    path,
                    line,
                    tab_col,
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
            return at(
                path,
                line,
                col,
                "yaml-multiple-documents",
                "the file holds more than one YAML document",
                hint="remove the `---` separator: one file, one document",
            )
        return at(path, line, col, "yaml-syntax", f"{problem}{context}")
    return at(path, 1, 1, "yaml-syntax", str(exc))
