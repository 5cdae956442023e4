"""The check tables, written once: every document kind (model, schema, rules, own pass).
Validation receives them as a parameter; no module adds itself to a table.

The whole-registry checks (versions and the lock, examples) are the table in
`aiss.compose.validate`, beside the code that runs them.
"""

from __future__ import annotations

from aiss.conformance.intake import submission_pass
from aiss.models import Standard, Vocabulary
from aiss.models.acks import AcknowledgedChanges
from aiss.models.approvals import Approvals
from aiss.models.exercise import Exercise
from aiss.models.submission import ResultSubmission
from aiss.validation.document import DocumentKind, Kinds
from aiss.validation.rules.content import (
    BandsAndThresholds,
    ChangelogHasVersion,
    KeywordMatchesLevel,
    MarkingAllowed,
    SchemaModeline,
    StatusHistoryLifecycle,
)
from aiss.validation.rules.exercise import ExerciseRules
from aiss.validation.rules.keys import VocabularyKeys
from aiss.validation.rules.organisations import RunOrganisations
from aiss.validation.rules.structure import (
    PathMatches,
    ReferencesResolve,
    UniqueIds,
    VersionLinksResolve,
    VocabularyTerms,
)
from aiss.validation.rules.text_coverage import RequirementTextUnchecked
from aiss.versions.frozen import data_digest

STANDARD_RULES = (
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
    RequirementTextUnchecked,
)
"""The per-file rules on a standard, in the order they run (each a small class with stable
codes, in `aiss.validation.rules`)."""

KINDS: Kinds = {
    k.kind: k
    for k in (
        DocumentKind(
            "Standard",
            Standard,
            "standard.schema.json",
            rules=STANDARD_RULES,
            digest=data_digest,
        ),
        DocumentKind("Vocabulary", Vocabulary, "vocabulary.schema.json", rules=(VocabularyKeys,)),
        DocumentKind(
            "ResultSubmission",
            ResultSubmission,
            "submission.schema.json",
            rules=(RunOrganisations,),
            check=submission_pass,
        ),
        DocumentKind(
            "AcknowledgedChanges", AcknowledgedChanges, "acknowledged-changes.schema.json"
        ),
        DocumentKind("Approvals", Approvals, "approvals.schema.json"),
        DocumentKind("Exercise", Exercise, "exercise.schema.json", rules=(ExerciseRules,)),
    )
}
"""Document kinds by their `kind` value."""
