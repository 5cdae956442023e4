"""SARIF 2.1.0 documents for code scanning: results, with their rules taken from the code
catalog. Shared by `aiss validate --format sarif` and `aiss check --format sarif`."""

from __future__ import annotations

import json
from typing import Any

from aiss.catalog.codes import CODES, doc_url
from aiss.diagnostics import Diagnostic
from aiss.settings import SITE_URL, VERSION

LEVELS = {"error": "error", "warning": "warning", "note": "note"}
"""Diagnostic severity -> SARIF result level."""


def location(path: str, line: int, col: int) -> dict[str, Any]:
    """A physical location; the whole file when `line` is 0."""
    physical: dict[str, Any] = {"artifactLocation": {"uri": path}}
    if line >= 1:
        physical["region"] = {"startLine": line, "startColumn": max(col, 1)}
    return {"physicalLocation": physical}


def diagnostic_result(d: Diagnostic) -> dict[str, Any]:
    """One diagnostic as a SARIF result."""
    return {
        "ruleId": d.code,
        "level": LEVELS[d.severity.value],
        "message": {"text": d.message + (f" (hint: {d.hint})" if d.hint else "")},
        "locations": [location(d.path, d.line, d.column)],
    }


def rule_name(code: str) -> str:
    """A rule's `name`: the code in PascalCase (`unknown-field` -> `UnknownField`), distinct
    from its `id` as SARIF1001 asks and as SARIF2012 wants it written."""
    return "".join(part[:1].upper() + part[1:] for part in code.split("-"))


def _rule(code: str) -> dict[str, Any]:
    info = CODES.get(code)
    return {
        "id": code,
        "name": rule_name(code),
        "shortDescription": {"text": info.title if info else code},
        "fullDescription": {"text": info.explanation if info else code},
        "helpUri": doc_url(code),
    }


def document(results: list[dict[str, Any]], properties: dict[str, Any] | None = None) -> str:
    """The SARIF text of one run of aiss with `results`; a rule for every `ruleId` used."""
    used = sorted({x["ruleId"] for x in results})
    index = {code: i for i, code in enumerate(used)}
    for x in results:
        x["ruleIndex"] = index[x["ruleId"]]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "aiss",
                "version": VERSION,
                "informationUri": SITE_URL,
                "rules": [_rule(code) for code in used],
            }
        },
        "results": results,
    }
    if properties is not None:
        run["properties"] = properties
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
