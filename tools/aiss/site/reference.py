"""Reference pages generated from the JSON Schemas: one page per document kind, each object
type a section, each field a row with its type, whether it is required, the values it
allows, its description and an example.

The schemas are the ones `aiss schema` writes (generated from the models), passed in by the
caller; examples come from the schema's `examples`, else its `default` or only allowed value,
else a value found in the shipped registry's documents (`found`, by type and field name), so
every example shown is one the tools accept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel

from aiss import escape as esc
from aiss.site import paths
from aiss.site.blocks import div, grid, heading, join, p, page, table

Found = Mapping[str, Mapping[str, Any]]
"""Type name -> field name (as written in files) -> a value found in a real document."""

_MAX_EXAMPLE = 90


def anchor(type_name: str) -> str:
    return "type-" + re.sub(r"[^a-z0-9]+", "-", type_name.lower()).strip("-")


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_text(prop: Mapping[str, Any]) -> str:
    """The type of a property as HTML: a link to a type's section, `list of ...`, `a or b`."""
    if "$ref" in prop:
        name = _ref_name(prop["$ref"])
        return f'<a href="#{anchor(name)}">{esc.html_text(name)}</a>'
    if "anyOf" in prop or "oneOf" in prop:
        options = [type_text(x) for x in prop.get("anyOf", prop.get("oneOf", []))]
        return " or ".join(dict.fromkeys(options))
    if "const" in prop:
        return "constant"
    kind = prop.get("type")
    if kind == "array":
        items = prop.get("items")
        return "list of " + (type_text(items) if isinstance(items, dict) else "values")
    if kind == "object" and isinstance(prop.get("additionalProperties"), dict):
        return "map of " + type_text(prop["additionalProperties"])
    if isinstance(kind, list):
        return " or ".join(esc.html_text(str(k)) for k in kind)
    if kind == "string" and prop.get("format"):
        return f"string ({esc.html_text(str(prop['format']))})"
    return esc.html_text(str(kind)) if kind else "any value"


def _code(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > _MAX_EXAMPLE:
        text = text[: _MAX_EXAMPLE - 1] + "…"
    return esc.html_code(text)


def allowed_text(prop: Mapping[str, Any]) -> str:
    """The values a property allows: its enum or constant, bounds, pattern, length."""
    parts: list[str] = []
    for option in [prop, *prop.get("anyOf", []), *(prop.get("items") or {}).get("anyOf", [])]:
        if not isinstance(option, dict):
            continue
        if "enum" in option:
            parts.append("one of " + ", ".join(_code(v) for v in option["enum"]))
        if "const" in option and option is prop:
            parts.append(_code(option["const"]))
    items = prop.get("items")
    if isinstance(items, dict) and "enum" in items:
        parts.append("each one of " + ", ".join(_code(v) for v in items["enum"]))
    for option in [prop, *[x for x in prop.get("anyOf", []) if isinstance(x, dict)]]:
        bounds = [
            (key, word)
            for key, word in (
                ("minimum", "at least"),
                ("exclusiveMinimum", "above"),
                ("maximum", "at most"),
                ("exclusiveMaximum", "below"),
                ("minLength", "at least {} characters"),
                ("maxLength", "at most {} characters"),
                ("minItems", "at least {} items"),
                ("maxItems", "at most {} items"),
            )
            if key in option
        ]
        for key, word in bounds:
            value = option[key]
            parts.append(word.format(value) if "{}" in word else f"{word} {value}")
        if "pattern" in option:
            parts.append("matches " + esc.html_code(str(option["pattern"])))
    return "; ".join(dict.fromkeys(parts)) or "—"


def example_of(prop: Mapping[str, Any], found: Any = None) -> str:
    """An example value: the schema's, its default or constant, else one found in a file."""
    if prop.get("examples"):
        return _code(prop["examples"][0])
    if "const" in prop:
        return _code(prop["const"])
    if found is not None:
        return _code(found)
    if prop.get("default") not in (None, [], {}):
        return _code(prop["default"])
    enum = prop.get("enum") or (prop.get("items") or {}).get("enum")
    if enum:
        return _code(enum[0])
    return "—"


def _section(name: str, schema: Mapping[str, Any], found: Mapping[str, Any], *, level: int) -> str:
    required = set(schema.get("required", []))
    rows = []
    for field, prop in schema.get("properties", {}).items():
        rows.append(
            (
                f'<code id="{anchor(name)}-{esc.html_text(field)}">{esc.html_text(field)}</code>',
                type_text(prop),
                "required" if field in required else "optional",
                allowed_text(prop),
                esc.html_inline(str(prop.get("description", ""))) or "—",
                example_of(prop, found.get(field)),
            )
        )
    table = grid(["Field", "Type", "Required", "Allowed values", "Description", "Example"], rows)
    about = esc.html_inline(str(schema.get("description", "")))
    closed = (
        "Fields not listed here are refused."
        if schema.get("additionalProperties") is False
        else None
    )
    return join(
        heading(level, esc.text(name), anchor(name)),
        div(p(about) if about else None, p(closed) if closed else None, cls="aiss-type-about"),
        div(table, cls="aiss-reference"),
    )


def render_reference(title: str, file_name: str, schema: Mapping[str, Any], found: Found) -> str:
    """The reference page of one document kind, from its JSON Schema."""
    root = str(schema.get("title", title))
    here = paths.reference(file_name)
    schema_link = paths.rel(here, paths.schema(file_name))
    lead = (
        f"Every field of a {esc.text(title.lower())} file, generated from its JSON Schema "
        f"([`{file_name}`]({schema_link})) when the site is built. Editors use the same "
        "schema: put `# yaml-language-server: $schema=...` on the first line of a file and "
        "they complete and explain each field."
    )
    parts = [
        f"# {esc.text(title)}",
        lead,
        _section(root, schema, found.get(root, {}), level=2),
    ]
    defs = schema.get("$defs", {})
    for name in sorted(defs):
        if defs[name].get("type") == "object" and defs[name].get("properties"):
            parts.append(_section(name, defs[name], found.get(name, {}), level=2))
        else:
            sub = defs[name]
            allowed = allowed_text(sub)
            about = esc.html_inline(str(sub.get("description", "")))
            shape = f"Type: {type_text(sub)}" + (f"; allowed: {allowed}" if allowed != "—" else "")
            parts.append(
                join(heading(2, esc.text(name), anchor(name)), p(f"{about} {shape}.".strip()))
            )
    return page(*parts)


def render_index(kinds: Mapping[str, str]) -> str:
    """The reference section's first page: every document kind, with its schema."""
    here = paths.REFERENCE
    rows = [
        (
            f"[{esc.text(title)}]({paths.rel(here, paths.reference(name))})",
            f"[`{name}`]({paths.rel(here, paths.schema(name))})",
        )
        for name, title in kinds.items()
    ]
    return page(
        "# Reference",
        "One page per kind of file the registry and the tools read, listing every field. "
        "The pages are generated from the JSON Schemas, which are generated from the models "
        "the tools validate with, so the three never disagree.",
        table(["Document kind", "JSON Schema"], rows),
    )


def found_values(models: Iterable[BaseModel]) -> dict[str, dict[str, Any]]:
    """Type name -> field -> the first value set in any of `models` (and their parts), as
    written in files: real examples for the reference pages."""
    out: dict[str, dict[str, Any]] = {}

    def visit(model: BaseModel) -> None:
        mine = out.setdefault(type(model).__name__, {})
        data = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
        for name, info in type(model).model_fields.items():
            key = info.alias or name
            if key in data and key not in mine and data[key] not in (None, [], {}):
                mine[key] = data[key]
            value = getattr(model, name, None)
            for part in value if isinstance(value, list | tuple) else [value]:
                if isinstance(part, BaseModel):
                    visit(part)
            if isinstance(value, dict):
                for part in value.values():
                    if isinstance(part, BaseModel):
                        visit(part)

    for m in models:
        visit(m)
    return out
