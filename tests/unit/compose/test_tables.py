"""The check tables: every document kind with a schema in the catalog; rules only where owned."""

from __future__ import annotations

from aiss.catalog.schemas import SCHEMA_MODELS
from aiss.compose.tables import KINDS, STANDARD_RULES
from aiss.conformance.intake import submission_pass


def test_every_kind_has_its_published_schema() -> None:
    for name, kind in KINDS.items():
        assert kind.kind == name
        assert SCHEMA_MODELS[kind.schema_name] is kind.model


def test_rules_and_own_passes_are_where_the_table_says() -> None:
    assert KINDS["Standard"].rules == STANDARD_RULES and len(set(STANDARD_RULES)) == 11
    assert KINDS["ResultSubmission"].check is submission_pass
    assert all(not k.rules for n, k in KINDS.items() if n != "Standard")
    for rule in STANDARD_RULES:
        assert rule.codes, rule  # each rule declares the codes it may emit
