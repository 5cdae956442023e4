"""Round-trip YAML editing with ruamel.yaml: comments, key order, quoting and layout are kept.

Only commands that rewrite a standard (`aiss bump`, `aiss publish`) use this; everything else
reads with the fast loader in `yamlio.py`. The layout (indents) is guessed from the file, so a
load followed by a dump gives back the same bytes for the registry's files (a test checks every
shipped standard).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

CHANGELOG_TODO = "TODO: one sentence per change (`aiss diff` lists them); required to publish"
"""The comment `aiss bump` puts on a new changelog entry; `aiss publish` removes it."""

_KEY_LINE = re.compile(r"^(\s*)[A-Za-z_][\w-]*:")


def _mapping_indent(text: str) -> int:
    """Indent of the first mapping nested directly under a top-level key (default 2)."""
    lines = text.splitlines()
    for above, line in itertools.pairwise(lines):
        if _KEY_LINE.match(above) and not above.startswith(" ") and above.rstrip().endswith(":"):
            m = _KEY_LINE.match(line)
            if m and m.group(1):
                return len(m.group(1))
    return 2


def _yaml(text: str) -> YAML:
    _, seq_indent, offset = load_yaml_guess_indent(text)
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap: long lines stay as written
    y.brace_single_entry_mapping_in_flow_sequence = True  # keep `[{ref: X}]`, not `[ref: X]`
    mapping = _mapping_indent(text)
    y.indent(mapping=mapping, sequence=seq_indent or mapping, offset=offset or 0)
    return y


class Document:
    """A YAML file loaded for editing; `text()` dumps it back in the file's own layout."""

    def __init__(self, text: str) -> None:
        self._yaml = _yaml(text)
        data = self._yaml.load(text)
        if not isinstance(data, CommentedMap):
            raise ValueError("the document is not a mapping")
        self.data: CommentedMap = data

    def text(self) -> str:
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        return out.getvalue()


def quoted(text: str) -> DoubleQuotedScalarString:
    """A string written in double quotes (versions are always quoted)."""
    out: DoubleQuotedScalarString = DoubleQuotedScalarString(text)
    return out


def flow_map(**items: Any) -> CommentedMap:
    """`{a: 1, b: 2}` on one line."""
    m = CommentedMap(items)
    m.fa.set_flow_style()
    return m


def flow_seq(items: list[Any] | None = None) -> CommentedSeq:
    s = CommentedSeq(items or [])
    s.fa.set_flow_style()
    return s


def set_after(data: CommentedMap, key: str, value: Any, *after: str) -> None:
    """Set `key`; when it is new, insert it after the first of `after` present (else at the end)."""
    if key in data:
        data[key] = value
        return
    keys = list(data.keys())
    for name in after:
        if name in keys:
            data.insert(keys.index(name) + 1, key, value)
            return
    data[key] = value


def fresh(date: dt.date) -> dt.date:
    """A new date object: ruamel writes an object used twice as an anchor and an alias."""
    return dt.date.fromordinal(date.toordinal())


def event(status: str, date: dt.date, note: str | None, like: Any) -> CommentedMap:
    """A status_history entry, in flow style when the entry `like` is."""
    m = CommentedMap({"status": status, "date": fresh(date)})
    if note:
        m["note"] = note
    if like is None or (isinstance(like, CommentedMap) and like.fa.flow_style()):
        m.fa.set_flow_style()
    return m
