"""The per-file rules on a standard, in the order they run (each a small class with stable
codes, in `structure` and `content`)."""

from __future__ import annotations

from aiss.diagnostics import Diagnostic
from aiss.models import Standard
from aiss.source import SourceDocument
from aiss.validation.rules.base import Context, Rule
from aiss.validation.rules.content import (
    BandsAndThresholds,
    ChangelogHasVersion,
    KeywordMatchesLevel,
    MarkingAllowed,
    SchemaModeline,
    StatusHistoryLifecycle,
    keyword_levels,
)
from aiss.validation.rules.structure import (
    PathMatches,
    ReferencesResolve,
    UniqueIds,
    VersionLinksResolve,
    VocabularyTerms,
)

__all__ = ["STANDARD_RULES", "Context", "Rule", "keyword_levels", "run_standard_rules"]

STANDARD_RULES: tuple[type[Rule], ...] = (
    PathMatches,
    UniqueIds,
    ReferencesResolve,
    VersionLinksResolve,
    VocabularyTerms,
    KeywordMatchesLevel,
    ChangelogHasVersion,
    SchemaModeline,
    MarkingAllowed,
    StatusHistoryLifecycle,
    BandsAndThresholds,
)


def run_standard_rules(doc: SourceDocument, std: Standard, ctx: Context) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in STANDARD_RULES:
        out.extend(rule(doc, std, ctx).check())
    return out
