"""Diagnostic, Span and Severity: frozen values describing a problem in a user's file."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    """How serious a diagnostic is; errors make a file fail, warnings and notes do not."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, order=True)
class Span:
    """A 1-based line and column in a file; line 0 means the whole file."""

    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a user's file, with where it is and what to do about it."""

    path: str
    span: Span
    code: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None
    json_path: str = "$"
    related: tuple[str, ...] = field(default=())

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.code, self.message)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "json_path": self.json_path,
        }
        if self.hint:
            out["hint"] = self.hint
        return out


def sorted_diagnostics(diags: list[Diagnostic]) -> list[Diagnostic]:
    """Deterministic order: by file, position, code; exact duplicates dropped."""
    seen: set[tuple[object, ...]] = set()
    out: list[Diagnostic] = []
    for d in sorted(diags, key=Diagnostic.sort_key):
        key = (d.path, d.span, d.code, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def json_path_of(loc: tuple[str | int, ...]) -> str:
    """`("requirements", 2, "level")` -> `$.requirements[2].level`."""
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
