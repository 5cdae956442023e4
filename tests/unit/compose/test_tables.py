"""The check tables: every document kind with a schema in the catalog; rules only where owned."""

from __future__ import annotations

from aiss.catalog.schemas import SCHEMA_MODELS
from aiss.compose.tables import KINDS, STANDARD_RULES
from aiss.conformance.intake import submission_pass
from aiss.validation.rules.exercise import ExerciseRules
from aiss.validation.rules.keys import VocabularyKeys
from aiss.validation.rules.organisations import RunOrganisations


def test_every_kind_has_its_published_schema() -> None:
    for name, kind in KINDS.items():
        assert kind.kind == name
        assert SCHEMA_MODELS[kind.schema_name] is kind.model


def test_rules_and_own_passes_are_where_the_table_says() -> None:
    assert KINDS["Standard"].rules == STANDARD_RULES and len(set(STANDARD_RULES)) == 12
    assert KINDS["ResultSubmission"].check is submission_pass
    assert KINDS["Vocabulary"].rules == (VocabularyKeys,)
    assert KINDS["ResultSubmission"].rules == (RunOrganisations,)
    assert KINDS["Exercise"].rules == (ExerciseRules,)
    assert not KINDS["AcknowledgedChanges"].rules
    for rule in (*STANDARD_RULES, VocabularyKeys, RunOrganisations, ExerciseRules):
        assert rule.codes, rule  # each rule declares the codes it may emit
