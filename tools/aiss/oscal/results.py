"""Conformance reports -> OSCAL assessment results: one result per checked submission, an
observation and a finding per requirement (satisfied when the verdict is pass, not applicable
or waived; not satisfied otherwise, the verdict and its reason kept as the status reason and
as props), and the overall verdict and marking as props."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiss.conformance.report import ConformanceReport, combined_marking
from aiss.models.verdicts import Verdict
from aiss.oscal import NS, OSCAL_VERSION
from aiss.oscal.catalog import oscal_uuid

SATISFIED = {Verdict.PASS, Verdict.NOT_APPLICABLE, Verdict.WAIVED}
METHOD = {"attestation": "EXAMINE", "evidence_present": "EXAMINE", "fields_present": "EXAMINE"}
"""OSCAL observation methods by check type; every other check is a TEST."""


def _token(value: str) -> str:
    return value.replace(":", "-").replace("+", "-").replace(" ", "_")


def _result(report: ConformanceReport, when: str, key: str) -> dict[str, Any]:
    observations: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    for v in report.requirements:
        obs_uuid = oscal_uuid(key, "obs", v.id)
        where = f" ({v.evidence.path}:{v.evidence.line}:{v.evidence.column})" if v.evidence else ""
        observations.append(
            {
                "uuid": obs_uuid,
                "title": f"{v.id}: {v.verdict.value}",
                "description": f"{v.message}{where}",
                "props": [{"name": "reason", "ns": NS, "value": v.reason}],
                "methods": [METHOD.get(v.check, "TEST")],
                "collected": when,
            }
        )
        findings.append(
            {
                "uuid": oscal_uuid(key, "finding", v.id),
                "title": f"{v.id} {v.level.value}: {v.title}",
                "description": v.message,
                "props": [
                    {"name": "verdict", "ns": NS, "value": v.verdict.value},
                    {"name": "level", "ns": NS, "value": _token(v.level.value)},
                ],
                "target": {
                    "type": "objective-id",
                    "target-id": v.id,
                    "status": {
                        "state": "satisfied" if v.verdict in SATISFIED else "not-satisfied",
                        "reason": v.verdict.value,
                    },
                },
                "related-observations": [{"observation-uuid": obs_uuid}],
            }
        )
    result: dict[str, Any] = {
        "uuid": oscal_uuid(key, "result"),
        "title": f"aiss check of {report.path} against {report.standard or 'no standard'}",
        "description": f"Overall {report.overall.value} ({report.reason}).",
        "start": when,
        "props": [
            {"name": "overall", "ns": NS, "value": report.overall.value},
            {"name": "marking", "ns": NS, "value": _token(report.marking.value)},
        ],
        "reviewed-controls": {
            "control-selections": [
                {"include-controls": [{"control-id": v.id} for v in report.requirements]}
                if report.requirements
                else {"include-all": {}}
            ]
        },
    }
    if observations:
        result["observations"] = observations
    if findings:
        result["findings"] = findings
    return result


def assessment_results(
    reports: Sequence[tuple[ConformanceReport, str]], *, when: str, plan_href: str, version: str
) -> dict[str, Any]:
    """The OSCAL assessment results of `reports` ((report, sha256 of its submission)), checked
    at `when` (an OSCAL date-time); `plan_href` stands in for the assessment plan (the standard
    version's page)."""
    key = ",".join(sha for _, sha in reports)
    marking = combined_marking([r for r, _ in reports])
    return {
        "assessment-results": {
            "uuid": oscal_uuid("ar", key, when),
            "metadata": {
                "title": "aiss conformance check",
                "last-modified": when,
                "version": version,
                "oscal-version": OSCAL_VERSION,
                "props": [{"name": "marking", "ns": NS, "value": _token(marking.value)}],
                "remarks": f"Marking of this document: {marking.value}.",
            },
            "import-ap": {"href": plan_href},
            "results": [_result(r, when, f"{sha}:{when}") for r, sha in reports],
        }
    }
