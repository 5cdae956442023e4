"""pydantic's validation errors as diagnostics an author can act on: each at the line:col of
the offending node (a missing key at its parent mapping, an unknown key at the key itself,
with a did-you-mean hint), in plain words, at most `MAX_MODEL_DIAGNOSTICS` per document."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Union

from pydantic import BaseModel, ValidationError
from yaml.nodes import ScalarNode

from aiss.diagnostics import Diagnostic, Severity, json_path_of
from aiss.source import SourceDocument

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


def did_you_mean(name: str, options: list[str]) -> str | None:
    match = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return f"did you mean `{match[0]}`?" if match else None


def model_diagnostics(
    doc: SourceDocument, model: type[BaseModel], data: Any, exc: ValidationError
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
                doc.diagnostic(
                    (),
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
    doc: SourceDocument, model: type[BaseModel], data: Any, loc: Loc, errs: list[Any]
) -> Diagnostic:
    kinds = {e["type"] for e in errs}
    first = errs[0]
    if "extra_forbidden" in kinds:
        parent = _model_at(model, loc[:-1], data)
        fields = sorted(parent.model_fields) if parent else []
        return doc.diagnostic(
            loc,
            "unknown-field",
            f"unknown field {loc[-1]!r}",
            hint=did_you_mean(str(loc[-1]), fields)
            or (f"allowed here: {', '.join(fields)}" if fields else None),
            key=True,
        )
    if "missing" in kinds or "union_tag_not_found" in kinds:
        name = loc[-1] if "missing" in kinds else "type"
        where = loc[:-1] if "missing" in kinds else loc
        # the location of a missing key is the mapping that should hold it
        return doc.diagnostic(
            loc,
            "missing-field",
            f"the required field {name!r} is missing"
            + (f" in {json_path_of(where)}" if where else ""),
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
        return doc.diagnostic(
            loc,
            "version-not-string",
            f"`{loc[-1]}: {text}` is read as the number {value!r}, not a version",
            hint=f'quote it as a full version, e.g. `{loc[-1]}: "{_suggest(text)}"`',
        )
    if kinds & _INVALID_VALUE or all(k.endswith(("_parsing", "_error")) for k in kinds):
        msg = first["msg"]
        if "union_tag_invalid" in kinds:
            msg = f"unknown check type {value!r}: {first['msg'].split('expected tags ')[-1]}"
        return doc.diagnostic(loc, "invalid-value", f"{msg} (got {_show(value)})")
    expected = " or ".join(sorted({_expected(e) for e in errs}))
    return doc.diagnostic(
        loc, "wrong-type", f"expected {expected}, got {type_name(value)} {_show(value)}"
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


def type_name(value: Any) -> str:
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
