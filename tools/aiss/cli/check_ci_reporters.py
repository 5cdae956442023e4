"""JUnit XML and SARIF 2.1.0 reporters of `aiss check`, for CI systems and code scanning."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any, TextIO

from aiss.cli import sarif_doc
from aiss.conformance.report import ConformanceReport, RequirementVerdict, combined_marking
from aiss.escape import shown

BAD = ("fail", "not_assessed")
"""Verdicts that make a MUST fail."""
UNDECIDED = ("inconclusive", "needs_review")
"""Verdicts that leave a MUST undecided."""


def loc_text(path: str, line: int, col: int) -> str:
    return f"{path}:{line}:{col}" if line else path


def is_failure(v: RequirementVerdict) -> bool:
    """A verdict that fails the file's conformance: a MUST (or MUST NOT) not met or not
    assessed. A SHOULD or MAY not met is a deviation, never a CI failure."""
    return v.level.mandatory and v.verdict in BAD


class JunitReporter:
    """JUnit XML valid against Jenkins' `junit-10.xsd`: one testsuite per file (its overall
    status and marking as properties), one testcase per requirement; a MUST not met is a
    failure, an undecided or not applicable one is skipped, a deviation is system output."""

    name = "junit"

    def report(self, reports: list[ConformanceReport], out: TextIO) -> None:
        root = ET.Element("testsuites", name="aiss check")
        totals: Counter[str] = Counter()
        for r in reports:
            suite = ET.SubElement(root, "testsuite", name=shown(r.path))
            props = ET.SubElement(suite, "properties")
            for key, value in (
                ("overall", r.overall),
                ("reason", r.reason),
                ("standard", r.standard or ""),
                ("marking", r.marking.value),
            ):
                ET.SubElement(props, "property", name=key, value=shown(value))
            counts: Counter[str] = Counter()
            cases = r.requirements or []
            for v in cases:
                self._case(suite, r, v, counts)
            errors = [d for d in r.diagnostics if d.is_error]
            if r.overall == "invalid" or errors:
                case = ET.SubElement(
                    suite, "testcase", classname=r.standard or "intake", name="intake"
                )
                if errors:
                    err = ET.SubElement(
                        case, "error", type="invalid", message=f"{len(errors)} error(s)"
                    )
                    err.text = "\n".join(
                        shown(f"{loc_text(d.path, d.line, d.column)}: {d.code}: {d.message}")
                        for d in errors
                    )
                    counts["errors"] += 1
                counts["tests"] += 1
            suite.set("tests", str(counts["tests"]))
            for key in ("failures", "errors", "skipped"):
                suite.set(key, str(counts[key]))
            totals.update(counts)
        for key in ("tests", "failures", "errors"):
            root.set(key, str(totals[key]))
        ET.indent(root)
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode")
            + "\n"
        )

    def _case(
        self, suite: ET.Element, r: ConformanceReport, v: RequirementVerdict, counts: Counter[str]
    ) -> None:
        attrs = {
            "classname": shown(r.standard or r.path),
            "name": shown(f"{v.id} {v.level}: {v.title}"),
        }
        case = ET.SubElement(suite, "testcase", attrs)
        counts["tests"] += 1
        where = (
            loc_text(v.evidence.path, v.evidence.line, v.evidence.column) if v.evidence else r.path
        )
        text = shown(f"{where}: {v.verdict} [{v.reason}] {v.message}")
        if is_failure(v):
            ET.SubElement(case, "failure", type=v.verdict, message=v.reason).text = text
            counts["failures"] += 1
        elif v.verdict in UNDECIDED or v.verdict == "not_applicable":
            ET.SubElement(case, "skipped", message=f"{v.verdict}: {v.reason}").text = text
            counts["skipped"] += 1
        else:
            ET.SubElement(case, "system-out").text = text


def level_of(verdict: str) -> str:
    return "error" if verdict in BAD else "warning" if verdict in UNDECIDED else "note"


def annotation_level(v: RequirementVerdict) -> str:
    """error / warning / note for a verdict not passed: a MUST by its verdict, a SHOULD not
    met is a warning (a deviation), a MAY a note."""
    if v.level.mandatory:
        return level_of(v.verdict)
    return "note" if v.level == "MAY" else "warning"


class SarifReporter:
    """SARIF 2.1.0: a result per requirement not passed and per diagnostic; rules from the codes."""

    name = "sarif"

    def report(self, reports: list[ConformanceReport], out: TextIO) -> None:
        results: list[dict[str, Any]] = []
        for r in reports:
            for v in r.requirements:
                if v.verdict in ("pass", "waived", "not_applicable"):
                    continue
                e = v.evidence
                results.append(
                    {
                        "ruleId": v.reason,
                        "level": annotation_level(v),
                        "message": {"text": f"{v.id} ({v.level}) {v.verdict}: {v.message}"},
                        "locations": [
                            sarif_doc.location(e.path, e.line, e.column)
                            if e
                            else sarif_doc.location(r.path, 0, 0)
                        ],
                        "properties": {
                            "requirement": v.id,
                            "verdict": v.verdict,
                            "standard": r.standard,
                        },
                    }
                )
            results += [sarif_doc.diagnostic_result(d) for d in r.diagnostics]
        properties = {
            "marking": combined_marking(reports).value,
            "reports": [
                {"path": r.path, "overall": r.overall, "standard": r.standard} for r in reports
            ],
        }
        out.write(sarif_doc.document(results, properties))
