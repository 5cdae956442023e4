"""catalog.jsonschema: the examples the published schemas give are valid for their fields."""

from __future__ import annotations

from typing import Any

import jsonschema

from aiss.catalog import schemas
from aiss.catalog.jsonschema import field_examples


def _types() -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Model name -> (its schema, the whole document it is in), over every published schema."""
    out: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    for name in schemas.all_names():
        doc = schemas.generate(name)
        out.setdefault(doc["title"], (doc, doc))
        for def_name, sub in doc.get("$defs", {}).items():
            out.setdefault(def_name, (sub, doc))
    return out


def test_every_example_names_a_real_field_and_is_valid_for_it() -> None:
    types = _types()
    checked = 0
    for model, fields in field_examples().items():
        assert model in types, f"{model}: no such type in the schemas"
        schema, doc = types[model]
        for field, value in fields.items():
            prop = schema["properties"].get(field)
            assert prop is not None, f"{model}.{field}: no such field"
            assert prop["examples"] == [value]
            sub = {"$defs": doc.get("$defs", {}), **prop}
            jsonschema.Draft202012Validator(sub).validate(value)
            checked += 1
    assert checked > 30


def test_a_wrong_example_would_fail() -> None:
    schema, doc = _types()["Standard"]
    sub = {"$defs": doc["$defs"], **schema["properties"]["id"]}
    assert not jsonschema.Draft202012Validator(sub).is_valid("cyb-1")
