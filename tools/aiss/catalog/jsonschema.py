"""JSON Schemas generated from pydantic models, with field docstrings as descriptions."""

from __future__ import annotations

import ast
import inspect
import itertools
import sys
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from aiss.loading import read_package_file, read_text
from aiss.settings import SCHEMA_BASE_URL
from aiss.source import parse_yaml

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def field_docstrings(cls: type) -> dict[str, str]:
    """The docstring under each annotated attribute of `cls` and its bases (nearest first)."""
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if klass is not object:
            docs.update(_module_docstrings(klass.__module__).get(klass.__qualname__, {}))
    return docs


@cache
def _module_docstrings(module: str) -> dict[str, dict[str, str]]:
    """Class qualname -> {attribute: docstring} for every class in `module`'s source, from
    one parse of the file (`inspect.getsource` per class reads and scans it each time)."""
    path = getattr(sys.modules.get(module), "__file__", None)
    if not path or not path.endswith(".py"):
        return {}
    tree = ast.parse(read_text(Path(path)))
    out: dict[str, dict[str, str]] = {}

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if not isinstance(node, ast.ClassDef):
                continue
            name = prefix + node.name
            found = out.setdefault(name, {})
            for stmt, nxt in itertools.pairwise(node.body):
                if (
                    isinstance(stmt, ast.AnnAssign)
                    and isinstance(stmt.target, ast.Name)
                    and isinstance(nxt, ast.Expr)
                    and isinstance(nxt.value, ast.Constant)
                    and isinstance(nxt.value.value, str)
                ):
                    found[stmt.target.id] = inspect.cleandoc(nxt.value.value)
            visit(node.body, name + ".")

    visit(tree.body, "")
    return out


@cache
def field_examples() -> dict[str, dict[str, Any]]:
    """Model name -> field (as written in files) -> an example value (`field_examples.yaml`)."""
    doc = parse_yaml(
        "aiss/catalog/field_examples.yaml", read_package_file("aiss.catalog", "field_examples.yaml")
    )
    data = doc.data if isinstance(doc.data, dict) else {}
    return {str(k): dict(v) for k, v in data.items() if isinstance(v, dict)}


class _Described(GenerateJsonSchema):
    """Field docstrings become property descriptions, and `field_examples.yaml` gives
    `examples`. Docstrings are taken here, when a schema is generated,
    rather than by pydantic at import (`use_attribute_docstrings`), which reads and parses
    the source of every model on every start of the tool."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        out = super().model_schema(schema)
        cls = schema["cls"]
        props = out.get("properties")
        if isinstance(props, dict) and issubclass(cls, BaseModel):
            docs = field_docstrings(cls)
            examples = field_examples().get(cls.__name__, {})
            for name, info in cls.model_fields.items():
                key = info.alias or name
                prop = props.get(key)
                if isinstance(prop, dict) and "description" not in prop and name in docs:
                    prop["description"] = docs[name]
                if isinstance(prop, dict) and key in examples:
                    prop["examples"] = [examples[key]]
        return out


def schema_of(model: type[BaseModel], name: str, *, described: bool = True) -> dict[str, Any]:
    """The full JSON Schema document of `model`, published as `name` (its `$id`);
    `described=False` leaves out the field descriptions (validation does not need them)."""
    generator = _Described if described else GenerateJsonSchema
    body = model.model_json_schema(mode="validation", schema_generator=generator)
    return {"$schema": DIALECT, "$id": SCHEMA_BASE_URL + name, **body}
