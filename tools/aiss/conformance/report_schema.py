"""The hand-written JSON Schema of `aiss check --format json` (`schemas/check-report.schema.json`)."""

from __future__ import annotations

from typing import Any

from aiss.models.verdicts import Overall, Verdict

VERDICTS = [v.value for v in Verdict]
OVERALL = [o.value for o in Overall]

_TLP = {"enum": ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]}
_CODE = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
_NUM = {"type": ["number", "null"]}
_STR = {"type": ["string", "null"]}


def _obj(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "required": sorted(required),
        "additionalProperties": False,
        "properties": {**required, **(optional or {})},
    }


WHERE = _obj(
    {
        "path": {"type": "string"},
        "line": {"type": "integer", "minimum": 0, "description": "1-based; 0 for the whole file."},
        "column": {"type": "integer", "minimum": 0},
        "json_path": {"type": "string"},
    }
)

REQUIREMENT = _obj(
    {
        "id": {"type": "string", "pattern": "^R-[0-9]{2,3}$"},
        "level": {"enum": ["MUST", "MUST_NOT", "SHOULD", "SHOULD_NOT", "MAY"]},
        "title": {"type": "string"},
        "check": {"type": "string", "description": "The requirement's check type."},
        "verdict": {"enum": list(VERDICTS)},
        "reason": {
            **_CODE,
            "description": "Stable reason code; documented at <site>/diagnostics/<code>/.",
        },
        "message": {"type": "string"},
        "evidence": {"anyOf": [{"$ref": "#/$defs/Where"}, {"type": "null"}]},
    }
)

FINDING = _obj(
    {
        "metric": {"type": "string"},
        "band": _STR,
        "status": {
            "enum": [
                "determined",
                "straddles",
                "inconclusive",
                "no_interval",
                "not_reported",
                "run_not_successful",
            ]
        },
        "decision_bound": {"enum": ["upper", "lower", "point"]},
        "decided_on": _NUM,
        "value": _NUM,
        "lower": _NUM,
        "upper": _NUM,
        "level": _NUM,
        "method": _STR,
        "interval_source": {"enum": ["submitted", "hull", "recomputed", "counts", "exact", "none"]},
        "candidates": {"type": "array", "items": {"type": "string"}},
        "illustrative": {"type": "boolean"},
        "references": {
            "type": "array",
            "items": _obj(
                {
                    "model": {"type": "string"},
                    "value": _NUM,
                    "lower": _NUM,
                    "upper": _NUM,
                    "delta": _NUM,
                }
            ),
        },
    }
)

RECOMPUTED = _obj(
    {
        "metric": {"type": "string"},
        "run": {"type": "string"},
        "model": _STR,
        "submitted_value": _NUM,
        "value": {"type": "number"},
        "submitted_lower": _NUM,
        "submitted_upper": _NUM,
        "lower": _NUM,
        "upper": _NUM,
        "method": _STR,
        "level": _NUM,
        "n_items": {"type": "integer", "minimum": 0},
        "n_epochs": {"type": "integer", "minimum": 0},
        "n_scored": {"type": "integer", "minimum": 0},
        "value_agrees": {"type": "boolean"},
        "bounds_agree": {"type": ["boolean", "null"]},
        "note": {"type": "string"},
    }
)

REPORT = _obj(
    {
        "path": {"type": "string"},
        "standard": {**_STR, "description": "`ID@version` claimed; null when unreadable."},
        "standard_status": _STR,
        "submission_id": _STR,
        "marking": {**_TLP, "description": "Most restrictive marking of the inputs."},
        "embargo_until": _STR,
        "overall": {"enum": list(OVERALL)},
        "reason": _CODE,
        "expected_verdict": {"anyOf": [{"enum": list(OVERALL)}, {"type": "null"}]},
        "coverage": {
            "anyOf": [
                _obj(
                    {
                        "must_total": {"type": "integer", "minimum": 0},
                        "must_satisfied": {"type": "integer", "minimum": 0},
                        "ratio": {"type": "number", "minimum": 0, "maximum": 1},
                    }
                ),
                {"type": "null"},
            ]
        },
        "requirements": {"type": "array", "items": {"$ref": "#/$defs/Requirement"}},
        "failing": {
            "type": "array",
            "items": _obj({"id": {"type": "string"}, "reason": _CODE}),
        },
        "findings": {"type": "array", "items": {"$ref": "#/$defs/Finding"}},
        "recomputed": {"type": "array", "items": {"$ref": "#/$defs/Recomputed"}},
        "diagnostics": {"type": "array", "items": {"$ref": "#/$defs/Diagnostic"}},
    }
)


def check_report_schema(diagnostic: dict[str, Any]) -> dict[str, Any]:
    """The schema, with the diagnostic object shared with the validate report."""
    summary = {name: {"type": "integer", "minimum": 0} for name in OVERALL}
    return {
        "title": "aiss check report",
        "description": "Output of `aiss check --format json`: one conformance report per file.",
        **_obj(
            {
                "tool": {"const": "aiss"},
                "version": {"type": "string"},
                "marking": {**_TLP, "description": "Most restrictive marking of all reports."},
                "tolerances": _obj(
                    {
                        "value": {"type": "number", "description": "Point estimates: absolute."},
                        "bound": {"type": "number", "description": "Interval bounds: absolute."},
                    }
                ),
                "summary": _obj({"files": {"type": "integer", "minimum": 0}, **summary}),
                "reports": {"type": "array", "items": {"$ref": "#/$defs/Report"}},
            }
        ),
        "$defs": {
            "Report": REPORT,
            "Requirement": REQUIREMENT,
            "Where": WHERE,
            "Finding": FINDING,
            "Recomputed": RECOMPUTED,
            "Diagnostic": diagnostic,
        },
    }
