"""What every rule shares: the context it may consult, how it reports, how rules are run."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from aiss.diagnostics import Diagnostic, Loc, Severity
from aiss.models import Standard
from aiss.source import SourceDocument

__all__ = ["Context", "Loc", "Rule", "StandardRule", "run_rules"]

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Context:
    """What the rules may consult besides the document: the registry's layout and vocabularies."""

    root: Path | None
    path: Path
    terms: dict[str, set[str]]
    """Vocabulary name -> codes; a name missing here means the vocabulary file is absent."""
    existing_versions: frozenset[tuple[str, str]]


class Rule(Generic[M]):
    """A rule: `check` yields diagnostics for one valid document of its kind."""

    codes: tuple[str, ...] = ()

    def __init__(self, doc: SourceDocument, model: M, ctx: Context) -> None:
        self.doc, self.model, self.ctx = doc, model, ctx

    def diag(
        self,
        loc: Loc,
        code: str,
        message: str,
        hint: str | None = None,
        *,
        key: bool = False,
        severity: Severity = Severity.ERROR,
    ) -> Diagnostic:
        assert code in self.codes, code
        return self.doc.diagnostic(loc, code, message, hint=hint, key=key, severity=severity)

    def check(self) -> Iterator[Diagnostic]:
        raise NotImplementedError


class StandardRule(Rule[Standard]):
    """A rule on a standard."""

    @property
    def std(self) -> Standard:
        return self.model


def run_rules(
    rules: Sequence[type[Rule[Any]]], doc: SourceDocument, model: BaseModel, ctx: Context
) -> list[Diagnostic]:
    """Every rule of a kind on one document, in table order."""
    out: list[Diagnostic] = []
    for rule in rules:
        out.extend(rule(doc, model, ctx).check())
    return out
