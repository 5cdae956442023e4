"""The catalog of published JSON Schemas: the document models and the output contracts, and
the schemas generated from them (`schemas/*.schema.json`, served at their `$id` URLs)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from aiss.catalog.contracts import (
    CheckReportOut,
    CompareReportOut,
    DiffReportOut,
    RegistryIndexOut,
    ValidateReportOut,
)
from aiss.catalog.jsonschema import schema_of
from aiss.models import Standard, Vocabulary
from aiss.models.acks import AcknowledgedChanges
from aiss.models.approvals import Approvals
from aiss.models.exercise import Exercise
from aiss.models.submission import ResultSubmission

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "standard.schema.json": Standard,
    "vocabulary.schema.json": Vocabulary,
    "acknowledged-changes.schema.json": AcknowledgedChanges,
    "approvals.schema.json": Approvals,
    "exercise.schema.json": Exercise,
    "submission.schema.json": ResultSubmission,
    "validate-report.schema.json": ValidateReportOut,
    "check-report.schema.json": CheckReportOut,
    "diff-report.schema.json": DiffReportOut,
    "registry.schema.json": RegistryIndexOut,
    "compare-report.schema.json": CompareReportOut,
}
"""Schema file name -> the model it is generated from."""


DOCUMENT_KINDS: dict[str, str] = {
    "standard.schema.json": "Standard",
    "submission.schema.json": "Result submission",
    "vocabulary.schema.json": "Vocabulary",
    "acknowledged-changes.schema.json": "Acknowledged changes",
}
"""The schemas of the files people write (the others describe the tools' outputs), with the
title of their reference page; the site gives each one a page, so a kind added here gets
its page without other changes."""


def generate(name: str, *, described: bool = True) -> dict[str, Any]:
    """The full JSON Schema document for `name`, with `$schema` and `$id`."""
    return schema_of(SCHEMA_MODELS[name], name, described=described)


def render(name: str) -> str:
    """The committed text of a schema file: sorted-free, indented, newline-terminated."""
    return json.dumps(generate(name), indent=2, ensure_ascii=False) + "\n"


def all_names() -> list[str]:
    return sorted(SCHEMA_MODELS)
