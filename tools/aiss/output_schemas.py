"""Hand-written JSON Schemas of the tools' own machine-readable output formats."""

from __future__ import annotations

from typing import Any

from aiss.conformance.report_schema import check_report_schema

DIAGNOSTIC: dict[str, Any] = {
    "type": "object",
    "required": ["path", "line", "column", "severity", "code", "message", "json_path"],
    "additionalProperties": False,
    "properties": {
        "path": {"type": "string", "description": "File the problem is in, as given or found."},
        "line": {
            "type": "integer",
            "minimum": 0,
            "description": "1-based line; 0 for the whole file.",
        },
        "column": {
            "type": "integer",
            "minimum": 0,
            "description": "1-based column; 0 for the whole file.",
        },
        "severity": {"enum": ["error", "warning", "note"]},
        "code": {
            "type": "string",
            "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
            "description": "Stable kebab-case code; documented at <site>/diagnostics/<code>/.",
        },
        "message": {"type": "string"},
        "json_path": {
            "type": "string",
            "description": "Path of the value in the document, `$.a[0].b`.",
        },
        "hint": {"type": "string", "description": "What to do about it, when known."},
    },
}

VALIDATE_REPORT: dict[str, Any] = {
    "title": "aiss validate report",
    "description": "Output of `aiss validate --format json`.",
    "type": "object",
    "required": ["tool", "version", "files", "summary", "diagnostics"],
    "additionalProperties": False,
    "properties": {
        "tool": {"const": "aiss"},
        "version": {"type": "string"},
        "files": {"type": "integer", "minimum": 0, "description": "Files checked."},
        "summary": {
            "type": "object",
            "required": ["errors", "warnings"],
            "additionalProperties": False,
            "properties": {
                "errors": {"type": "integer", "minimum": 0},
                "warnings": {"type": "integer", "minimum": 0},
            },
        },
        "diagnostics": {"type": "array", "items": {"$ref": "#/$defs/Diagnostic"}},
    },
    "$defs": {"Diagnostic": DIAGNOSTIC},
}


EXTRA_SCHEMAS: dict[str, dict[str, Any]] = {
    "validate-report.schema.json": VALIDATE_REPORT,
    "check-report.schema.json": check_report_schema(DIAGNOSTIC),
}
"""Hand-written schemas of output formats, by file name."""
