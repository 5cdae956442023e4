"""`SourceDocument`: a file's text, the data parsed from it, and where each value stands.

One type for every document aiss reads. YAML and JSON are two constructors
(`aiss.source.yaml.parse_yaml`, `aiss.source.json.parse_json`), each with its own way of
placing a path (`Positions`): YAML keeps the node tree of the parse (dropped with `detach()`
and composed again from the text when a position is asked for), JSON locates paths lazily in
the text. A document built in memory (an import) has no lines: every location is the file.
"""

from __future__ import annotations

from typing import Any, Protocol

from yaml.nodes import Node

from aiss.diagnostics import Diagnostic, Loc, Location, Severity, json_path_of


class Positions(Protocol):
    """How a document maps a path in its data to a line and column of its text."""

    def place(self, text: str, loc: Loc, key: bool) -> tuple[int, int]:
        """1-based (line, column) of the value at `loc` (with `key`, of its key); a path that
        leaves the data places its deepest existing ancestor."""
        ...

    def node_at(self, text: str, loc: Loc) -> Node | None:
        """The YAML node at `loc`, for documents that have one."""
        ...

    def detach(self) -> None:
        """Drop what can be rebuilt from the text (the node tree)."""
        ...


class Unplaced:
    """A document that did not parse: every path is at its first line."""

    def place(self, text: str, loc: Loc, key: bool) -> tuple[int, int]:
        return (1, 1)

    def node_at(self, text: str, loc: Loc) -> Node | None:
        return None

    def detach(self) -> None:
        pass


class Whole:
    """A document built in memory: it has no lines, every location is the whole file."""

    def place(self, text: str, loc: Loc, key: bool) -> tuple[int, int]:
        return (0, 0)

    def node_at(self, text: str, loc: Loc) -> Node | None:
        return None

    def detach(self) -> None:
        pass


class SourceDocument:
    """A loaded document: path, text, data (None when a diagnostic stopped parsing), the
    diagnostics of loading, and the positions of its values."""

    __slots__ = ("data", "diagnostics", "path", "positions", "text")

    def __init__(
        self,
        path: str,
        data: Any,
        text: str = "",
        diagnostics: list[Diagnostic] | None = None,
        positions: Positions | None = None,
    ) -> None:
        self.path, self.data, self.text = path, data, text
        self.diagnostics = diagnostics if diagnostics is not None else []
        self.positions: Positions = positions if positions is not None else Unplaced()

    @classmethod
    def failed(cls, path: str, diagnostics: list[Diagnostic], text: str = "") -> SourceDocument:
        """A file that could not be read or parsed, with the diagnostics that say why."""
        return cls(path, None, text, diagnostics)

    @classmethod
    def in_memory(
        cls, path: str, data: Any, diagnostics: list[Diagnostic] | None = None
    ) -> SourceDocument:
        """Data built in memory (an import): no text, no lines."""
        return cls(path, data, "", diagnostics, Whole())

    def location(self, loc: Loc = (), *, key: bool = False) -> Location:
        """Where the value at `loc` is (with `key`, its key): a missing key places the mapping
        that should hold it, an unknown key (`key=True`) the key itself."""
        line, column = self.positions.place(self.text, loc, key)
        return Location(self.path, line, column, json_path_of(loc))

    def diagnostic(
        self,
        loc: Loc,
        code: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        hint: str | None = None,
        key: bool = False,
    ) -> Diagnostic:
        """A diagnostic at the value (or key) at `loc`."""
        return Diagnostic(self.location(loc, key=key), code, message, severity, hint)

    def node_at(self, loc: Loc) -> Node | None:
        return self.positions.node_at(self.text, loc)

    def detach(self) -> SourceDocument:
        """Drop the node tree until a position is asked for; returns self."""
        self.positions.detach()
        return self
