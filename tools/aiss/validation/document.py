"""One document through the model and the JSON Schema: errors become positioned diagnostics."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass
from typing import Any, Union

from pydantic import BaseModel, ValidationError
from yaml.nodes import ScalarNode

from aiss.diagnostics import Diagnostic, Severity, json_path_of
from aiss.models.common import SCHEMA_VERSION, SemVer
from aiss.yamlio import YamlDocument, gc_paused

Loc = tuple[str | int, ...]

MAX_MODEL_DIAGNOSTICS = 100
"""Model errors reported per document; a file with thousands of stray keys stays fast."""

_INVALID_VALUE = {
    "literal_error",
    "enum",
    "string_pattern_mismatch",
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
    "too_short",
    "too_long",
    "string_too_short",
    "string_too_long",
    "date_from_datetime_parsing",
    "date_parsing",
    "date_from_datetime_inexact",
    "union_tag_invalid",
    "value_error",
    "finite_number",
    "int_from_float",
    "assertion_error",
}


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document: its `kind` value, model and schema file."""

    kind: str
    model: type[BaseModel]
    schema_name: str


def _kinds() -> dict[str, DocumentKind]:
    from aiss.models import Standard, Vocabulary
    from aiss.models.submission import ResultSubmission

    kinds = [
        DocumentKind("Standard", Standard, "standard.schema.json"),
        DocumentKind("Vocabulary", Vocabulary, "vocabulary.schema.json"),
        DocumentKind("ResultSubmission", ResultSubmission, "submission.schema.json"),
    ]
    return {k.kind: k for k in kinds}


KINDS = _kinds()


def _unwrap(tp: Any) -> list[Any]:
    """The model classes a field annotation can hold (through Optional, list, Annotated, unions)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (Union, types.UnionType, list, tuple, dict):
        out: list[Any] = []
        for arg in typing.get_args(tp):
            out.extend(_unwrap(arg))
        return out
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return []


def _model_at(model: type[BaseModel], loc: Loc, data: Any) -> type[BaseModel] | None:
    """The model class whose fields apply at `loc` (a data path), choosing union members by data."""
    current: type[BaseModel] | None = model
    node = data
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        node = node.get(part) if isinstance(node, dict) else None
        candidates = _unwrap(field.annotation)
        current = _choose(candidates, node)
    return current


def _choose(candidates: list[type[BaseModel]], node: Any) -> type[BaseModel] | None:
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    tag = node.get("type") if isinstance(node, dict) else None
    for c in candidates:
        f = c.model_fields.get("type")
        if f is not None and tag in typing.get_args(f.annotation):
            return c
    return candidates[0]


def _data_loc(loc: Loc, data: Any) -> Loc:
    """Drop discriminator tags that pydantic inserts into error locations."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if (
            isinstance(part, str)
            and isinstance(node, dict)
            and part not in node
            and node.get("type") == part
            and i < len(loc) - 1
        ):
            continue
        out.append(part)
        if isinstance(node, dict):
            node = node.get(part) if isinstance(part, str) else None
        elif isinstance(node, list) and isinstance(part, int):
            node = node[part] if 0 <= part < len(node) else None
        else:
            node = None
    return tuple(out)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _did_you_mean(name: str, options: list[str]) -> str | None:
    match = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return f"did you mean `{match[0]}`?" if match else None


def model_diagnostics(
    doc: YamlDocument, model: type[BaseModel], data: Any, exc: ValidationError
) -> list[Diagnostic]:
    """Translate pydantic errors: one diagnostic per location, at that location's line:col."""
    by_loc: dict[Loc, list[Any]] = {}
    for err in exc.errors(include_url=False):
        by_loc.setdefault(_data_loc(tuple(err["loc"]), data), []).append(err)
    # a typo is one problem, not two: `titel` unknown + `title` missing -> one diagnostic
    missing = {loc for loc, errs in by_loc.items() if any(e["type"] == "missing" for e in errs)}
    out: list[Diagnostic] = []
    for loc, errs in by_loc.items():
        if len(out) >= MAX_MODEL_DIAGNOSTICS:
            out.append(
                Diagnostic(
                    doc.path,
                    doc.span_of(()),
                    "more-problems",
                    f"{len(by_loc) - MAX_MODEL_DIAGNOSTICS} more problems in this "
                    "document are not shown",
                    severity=Severity.NOTE,
                    hint="fix the ones above and run again",
                )
            )
            break
        if loc in missing and any(
            other[:-1] == loc[:-1]
            and any(e["type"] == "extra_forbidden" for e in by_loc[other])
            and difflib.get_close_matches(str(other[-1]), [str(loc[-1])], n=1, cutoff=0.6)
            for other in by_loc
        ):
            continue
        out.append(_one(doc, model, data, loc, errs))
    return out


def _one(
    doc: YamlDocument, model: type[BaseModel], data: Any, loc: Loc, errs: list[Any]
) -> Diagnostic:
    path = doc.path
    jp = json_path_of(loc)
    kinds = {e["type"] for e in errs}
    first = errs[0]
    if "extra_forbidden" in kinds:
        parent = _model_at(model, loc[:-1], data)
        fields = sorted(parent.model_fields) if parent else []
        return Diagnostic(
            path,
            doc.span_of(loc, key=True),
            "unknown-field",
            f"unknown field {loc[-1]!r}",
            hint=_did_you_mean(str(loc[-1]), fields)
            or (f"allowed here: {', '.join(fields)}" if fields else None),
            json_path=jp,
        )
    if "missing" in kinds or "union_tag_not_found" in kinds:
        name = loc[-1] if "missing" in kinds else "type"
        where = loc[:-1] if "missing" in kinds else loc
        return Diagnostic(
            path,
            doc.span_of(where),
            "missing-field",
            f"the required field {name!r} is missing"
            + (f" in {json_path_of(where)}" if where else ""),
            json_path=jp,
        )
    node = doc.node_at(loc)
    value = first.get("input")
    if (
        loc
        and loc[-1] in ("version", "schema_version", "retired_in")
        and isinstance(value, (int, float))
        and not isinstance(value, bool)
    ):
        text = node.value if isinstance(node, ScalarNode) else str(value)
        return Diagnostic(
            path,
            doc.span_of(loc),
            "version-not-string",
            f"`{loc[-1]}: {text}` is read as the number {value!r}, not a version",
            hint=f'quote it as a full version, e.g. `{loc[-1]}: "{_suggest(text)}"`',
            json_path=jp,
        )
    if kinds & _INVALID_VALUE or all(k.endswith(("_parsing", "_error")) for k in kinds):
        msg = first["msg"]
        if "union_tag_invalid" in kinds:
            msg = f"unknown check type {value!r}: {first['msg'].split('expected tags ')[-1]}"
        return Diagnostic(
            path, doc.span_of(loc), "invalid-value", f"{msg} (got {_show(value)})", json_path=jp
        )
    expected = " or ".join(sorted({_expected(e) for e in errs}))
    return Diagnostic(
        path,
        doc.span_of(loc),
        "wrong-type",
        f"expected {expected}, got {_type_name(value)} {_show(value)}",
        json_path=jp,
    )


def _suggest(text: str) -> str:
    parts = text.split(".")
    while len(parts) < 3:
        parts.append("0")
    return ".".join(parts)


def _expected(err: Any) -> str:
    names = {
        "string_type": "text",
        "int_type": "an integer",
        "float_type": "a number",
        "bool_type": "true or false",
        "list_type": "a list",
        "dict_type": "a mapping",
        "model_type": "a mapping",
        "model_attributes_type": "a mapping",
        "date_type": "a date",
        "none_required": "null",
        "int_parsing": "an integer",
        "float_parsing": "a number",
        "bool_parsing": "true or false",
    }
    return names.get(err["type"], str(err["msg"]))


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


@dataclass
class Checked:
    """A document after the schema and model passes."""

    doc: YamlDocument
    kind: DocumentKind | None
    model: BaseModel | None
    diagnostics: list[Diagnostic]


def check_document(doc: YamlDocument) -> Checked:
    """Kind dispatch, schema_version gate, pydantic model, then the JSON Schema cross-check."""
    from aiss import schemas

    diags = list(doc.diagnostics)
    data = doc.data
    if data is None and any(d.is_error for d in diags):
        return Checked(doc, None, None, diags)
    if not isinstance(data, dict):
        diags.append(
            Diagnostic(
                doc.path,
                doc.span_of(()),
                "not-a-mapping",
                f"the document must be a mapping, not {_type_name(data)}",
            )
        )
        return Checked(doc, None, None, diags)
    kind_name = data.get("kind")
    kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        where = ("kind",) if "kind" in data else ()
        hint = _did_you_mean(str(kind_name), list(KINDS)) if kind_name else None
        diags.append(
            Diagnostic(
                doc.path,
                doc.span_of(where),
                "unknown-kind",
                f"unknown document kind {kind_name!r}"
                if kind_name
                else "the document has no `kind`",
                hint=hint or f"one of: {', '.join(KINDS)}",
                json_path="$.kind",
            )
        )
        return Checked(doc, None, None, diags)
    sv = data.get("schema_version")
    if isinstance(sv, str) and SemVer.is_valid(sv):
        mine = SemVer.parse(SCHEMA_VERSION)
        theirs = SemVer.parse(sv)
        if theirs.major != mine.major or theirs > mine:
            diags.append(
                Diagnostic(
                    doc.path,
                    doc.span_of(("schema_version",)),
                    "unsupported-schema-version",
                    f"schema_version {sv} is not supported; this aiss reads "
                    f"{mine.major}.x up to {SCHEMA_VERSION}",
                    hint="upgrade aiss" if theirs > mine else None,
                    json_path="$.schema_version",
                )
            )
            return Checked(doc, kind, None, diags)
    if data.get("marking") == "TLP:WHITE":
        data["marking"] = "TLP:CLEAR"
        diags.append(
            Diagnostic(
                doc.path,
                doc.span_of(("marking",)),
                "tlp-white",
                "TLP:WHITE is a TLP 1.0 label; read as TLP:CLEAR",
                severity=Severity.WARNING,
                hint="write `TLP:CLEAR`",
                json_path="$.marking",
            )
        )
    if kind.kind == "ResultSubmission":  # nested markings; TLP:RED refused at intake
        from aiss.conformance.markings import normalise_markings

        diags.extend(normalise_markings(doc, data))
    try:
        with gc_paused():
            model = kind.model.model_validate(data)
    except ValidationError as exc:
        diags.extend(model_diagnostics(doc, kind.model, data, exc))
        return Checked(doc, kind, None, diags)
    validator = schemas.validator(kind.schema_name)
    if not validator.is_valid(data):
        for err in validator.iter_errors(data):
            loc = tuple(err.instance_path)
            diags.append(
                Diagnostic(
                    doc.path,
                    doc.span_of(loc),
                    "schema-mismatch",
                    f"{err.message} (JSON Schema {kind.schema_name})",
                    json_path=json_path_of(loc),
                )
            )
    return Checked(doc, kind, model, diags)
