"""JSON Schemas generated from the pydantic models: the contract editors and other tools use."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from pydantic import BaseModel

from aiss import SCHEMA_BASE_URL
from aiss.models import Standard, Vocabulary
from aiss.models.submission import ResultSubmission
from aiss.output_schemas import EXTRA_SCHEMAS
from aiss.versions.acks import AcknowledgedChanges
from aiss.versions.output import DiffReportOut

DIALECT = "https://json-schema.org/draft/2020-12/schema"

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "standard.schema.json": Standard,
    "vocabulary.schema.json": Vocabulary,
    "acknowledged-changes.schema.json": AcknowledgedChanges,
    "diff-report.schema.json": DiffReportOut,
    "submission.schema.json": ResultSubmission,
}
"""Schema file name -> the model it is generated from."""


def generate(name: str) -> dict[str, Any]:
    """The full JSON Schema document for `name`, with `$schema` and `$id`."""
    if name in EXTRA_SCHEMAS:
        body = dict(EXTRA_SCHEMAS[name])
    else:
        body = SCHEMA_MODELS[name].model_json_schema(mode="validation")
    return {"$schema": DIALECT, "$id": SCHEMA_BASE_URL + name, **body}


def render(name: str) -> str:
    """The committed text of a schema file: sorted-free, indented, newline-terminated."""
    return json.dumps(generate(name), indent=2, ensure_ascii=False) + "\n"


def all_names() -> list[str]:
    return sorted([*SCHEMA_MODELS, *EXTRA_SCHEMAS])


@cache
def validator(name: str) -> Any:
    """A compiled jsonschema_rs validator for `name` (formats checked)."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(generate(name), validate_formats=True)
