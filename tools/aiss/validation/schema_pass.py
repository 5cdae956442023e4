"""The JSON Schema pass: each document kind's published schema, compiled once, as a
cross-check of the model (a document the model accepts but the schema refuses is a
`schema-mismatch`, so the published contract can never be looser than it says)."""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema_rs
from pydantic import BaseModel

from aiss.catalog.jsonschema import schema_of


@cache
def validator(model: type[BaseModel], name: str) -> Any:
    """A compiled jsonschema_rs validator for `model`'s schema, published as `name` (formats
    checked)."""
    return jsonschema_rs.validator_for(
        schema_of(model, name, described=False), validate_formats=True
    )
