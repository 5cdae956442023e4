"""JSON Schemas generated from the pydantic models: the contract editors and other tools use."""

from __future__ import annotations

import ast
import inspect
import itertools
import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from aiss.models import Standard, Vocabulary
from aiss.models.submission import ResultSubmission
from aiss.output_schemas import EXTRA_SCHEMAS
from aiss.settings import SCHEMA_BASE_URL
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
    import sys

    path = getattr(sys.modules.get(module), "__file__", None)
    if not path or not path.endswith(".py"):
        return {}
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
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


class _Described(GenerateJsonSchema):
    """Field docstrings become property descriptions. Taken here, when a schema is generated,
    rather than by pydantic at import (`use_attribute_docstrings`), which reads and parses
    the source of every model on every start of the tool."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        out = super().model_schema(schema)
        cls = schema["cls"]
        props = out.get("properties")
        if isinstance(props, dict) and issubclass(cls, BaseModel):
            docs = field_docstrings(cls)
            for name, info in cls.model_fields.items():
                prop = props.get(info.alias or name)
                if isinstance(prop, dict) and "description" not in prop and name in docs:
                    prop["description"] = docs[name]
        return out


def generate(name: str, *, described: bool = True) -> dict[str, Any]:
    """The full JSON Schema document for `name`, with `$schema` and `$id`; `described=False`
    leaves out the field descriptions (validation does not need them)."""
    if name in EXTRA_SCHEMAS:
        body = dict(EXTRA_SCHEMAS[name])
    else:
        generator = _Described if described else GenerateJsonSchema
        body = SCHEMA_MODELS[name].model_json_schema(mode="validation", schema_generator=generator)
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

    return jsonschema_rs.validator_for(generate(name, described=False), validate_formats=True)
