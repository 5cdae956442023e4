"""Location, Diagnostic and Severity: frozen values describing a problem in a user's file."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiss.strenum import StrEnum

Loc = tuple[str | int, ...]
"""A path into a document's data: `("requirements", 2, "level")`."""


class Severity(StrEnum):
    """How serious a diagnostic is; errors make a file fail, warnings and notes do not."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, order=True)
class Location:
    """Where a value is: a file, a 1-based line and column (0 and 0: the whole file), and the
    value's JSON path in the document (`$.requirements[2].level`)."""

    path: str
    line: int = 0
    column: int = 0
    json_path: str = "$"

    def text(self) -> str:
        """`path:line:col`, or the path alone for the whole file."""
        return f"{self.path}:{self.line}:{self.column}" if self.line else self.path


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a user's file, with where it is and what to do about it."""

    location: Location
    code: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None
    related: tuple[str, ...] = field(default=())

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def line(self) -> int:
        return self.location.line

    @property
    def column(self) -> int:
        return self.location.column

    @property
    def json_path(self) -> str:
        return self.location.json_path

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "json_path": self.json_path,
        }
        if self.hint:
            out["hint"] = self.hint
        return out


def at(
    path: str,
    line: int,
    column: int,
    code: str,
    message: str,
    *,
    severity: Severity = Severity.ERROR,
    hint: str | None = None,
) -> Diagnostic:
    """A diagnostic at a position found without a document (a byte offset, a line number)."""
    return Diagnostic(Location(path, line, column), code, message, severity, hint)


def whole_file(
    path: str,
    code: str,
    message: str,
    *,
    severity: Severity = Severity.ERROR,
    hint: str | None = None,
) -> Diagnostic:
    """A diagnostic about a file as a whole (it cannot be read, it is too large, ...)."""
    return Diagnostic(Location(path), code, message, severity, hint)


def sorted_diagnostics(diags: list[Diagnostic]) -> list[Diagnostic]:
    """Deterministic order: by file, position, code; exact duplicates dropped."""
    seen: set[tuple[object, ...]] = set()
    out: list[Diagnostic] = []
    for d in sorted(diags, key=Diagnostic.sort_key):
        key = (d.path, d.line, d.column, d.code, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def json_path_of(loc: Loc) -> str:
    """`("requirements", 2, "level")` -> `$.requirements[2].level`."""
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
