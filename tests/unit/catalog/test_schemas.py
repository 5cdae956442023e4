"""Committed JSON Schemas: generated from the models, never hand-edited, never stale."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from aiss.catalog import schemas
from aiss.compose.tables import KINDS
from aiss.settings import SCHEMA_BASE_URL

SCHEMAS = Path(__file__).resolve().parents[3] / "schemas"


@pytest.mark.parametrize("name", schemas.all_names())
def test_committed_schema_matches_the_models(name: str) -> None:
    committed = (SCHEMAS / name).read_text(encoding="utf-8")
    assert committed == schemas.render(name), f"schemas/{name} is stale: run `aiss schema`"


@pytest.mark.parametrize("name", schemas.all_names())
def test_schema_is_valid_2020_12_with_id(name: str) -> None:
    doc = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(doc)
    assert doc["$id"] == SCHEMA_BASE_URL + name


def test_drift_is_detected_when_a_model_field_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import create_model

    from aiss.models import Standard

    changed = create_model("Standard", __base__=Standard, extra_field=(int, 0))
    monkeypatch.setitem(schemas.SCHEMA_MODELS, "standard.schema.json", changed)
    committed = (SCHEMAS / "standard.schema.json").read_text(encoding="utf-8")
    assert committed != schemas.render("standard.schema.json")


def test_every_field_has_a_description() -> None:
    doc = schemas.generate("standard.schema.json")
    missing = [
        f"{name}.{prop}"
        for name, d in doc["$defs"].items()
        if "properties" in d
        for prop, p in d["properties"].items()
        if "description" not in p
    ]
    missing += [p for p, v in doc["properties"].items() if "description" not in v]
    assert missing == []


def test_schema_and_model_disagreement_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """`schema-mismatch`: a document the model accepts but the published schema refuses."""
    from aiss.source import parse_yaml
    from aiss.validation.document import check_document

    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "registry"
    raw = (fixture / "AISS-TST-001" / "1.0.0" / "standard.yaml").read_bytes()
    strict = schemas.generate("standard.schema.json")
    strict["properties"]["title"]["maxLength"] = 5
    import jsonschema_rs

    from aiss.validation import document

    monkeypatch.setattr(
        document, "validator", lambda model, name: jsonschema_rs.validator_for(strict)
    )
    checked = check_document(parse_yaml("s.yaml", raw), KINDS)
    assert [(d.code, d.line) for d in checked.diagnostics] == [("schema-mismatch", 7)]
