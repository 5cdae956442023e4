"""The code catalog: every diagnostic and verdict-reason code aiss emits, with what it means and
how to fix it, read from the data file `codes.yaml` beside this module (one entry per code)."""

from __future__ import annotations

from dataclasses import dataclass

from aiss.loading import read_package_file
from aiss.settings import SITE_URL
from aiss.source import parse_yaml


@dataclass(frozen=True)
class CodeInfo:
    """One stable diagnostic code and its documentation."""

    code: str
    group: str
    title: str
    explanation: str
    fix: str
    example: str | None = None
    """A small file that gets this code (YAML); the site shows what the tools print for it."""


class CatalogError(Exception):
    """`codes.yaml` is not what aiss ships: a packaging fault, never the user's."""


def _load() -> tuple[dict[str, str], dict[str, CodeInfo]]:
    name = "aiss/catalog/codes.yaml"
    doc = parse_yaml(name, read_package_file("aiss.catalog", "codes.yaml"))
    if not isinstance(doc.data, dict) or doc.diagnostics:
        raise CatalogError(f"{name} does not load: {doc.diagnostics[:1]}")
    groups = {str(k): str(v) for k, v in doc.data["groups"].items()}
    codes: dict[str, CodeInfo] = {}
    for entry in doc.data["codes"]:
        code, group, title, explanation, fix = (
            str(entry[k]) for k in ("code", "group", "title", "explanation", "fix")
        )
        example = str(entry["example"]) if entry.get("example") else None
        info = CodeInfo(code, group, title, explanation, fix, example=example)
        if info.code in codes or info.group not in groups:
            raise CatalogError(f"{name}: {info.code} is listed twice or has an unknown group")
        codes[info.code] = info
    return groups, codes


GROUPS, CODES = _load()
"""Group -> its title, in the order the site lists them; code -> its documentation."""


def doc_url(code: str) -> str:
    """The site page that explains `code`."""
    return f"{SITE_URL}diagnostics/{code}/"
