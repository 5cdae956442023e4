"""What every standard rule shares: the context it may consult and how it reports."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aiss.diagnostics import Diagnostic
from aiss.models import Standard
from aiss.source import SourceDocument

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Context:
    """What the rules may consult besides the document: the registry's layout and vocabularies."""

    root: Path | None
    path: Path
    terms: dict[str, set[str]]
    """Vocabulary name -> codes; a name missing here means the vocabulary file is absent."""
    existing_versions: frozenset[tuple[str, str]]


class Rule:
    """A rule: `check` yields diagnostics for one standard."""

    codes: tuple[str, ...] = ()

    def __init__(self, doc: SourceDocument, std: Standard, ctx: Context) -> None:
        self.doc, self.std, self.ctx = doc, std, ctx

    def diag(
        self, loc: Loc, code: str, message: str, hint: str | None = None, *, key: bool = False
    ) -> Diagnostic:
        assert code in self.codes, code
        return self.doc.diagnostic(loc, code, message, hint=hint, key=key)

    def check(self) -> Iterator[Diagnostic]:
        raise NotImplementedError
