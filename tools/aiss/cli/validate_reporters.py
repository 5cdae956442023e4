"""Reporters of `aiss validate` (and of the diagnostics other commands print): text, json,
github, sarif and junit. Paths and messages quote what files hold: text, github and junit
write them through `escape.shown` (one line, control characters as escapes)."""

from __future__ import annotations

import dataclasses
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TextIO

from aiss.catalog.codes import doc_url
from aiss.catalog.contracts import ValidateReportOut, ValidateSummaryOut, diagnostic_out
from aiss.cli import sarif_doc
from aiss.diagnostics import Diagnostic, Severity
from aiss.escape import shown
from aiss.settings import VERSION


@dataclass(frozen=True)
class Validated:
    """What a validation found, as the reporters show it."""

    diagnostics: list[Diagnostic]
    files: int
    """Files checked."""
    paths: list[str] = field(default_factory=list)
    """The files checked, as displayed (JUnit gives each a test case)."""
    restricted: Mapping[str, str] = field(default_factory=dict)
    """Display path -> `ID@version (TLP:...)` of the documents marked other than TLP:CLEAR."""

    def for_ci(self) -> list[Diagnostic]:
        """The diagnostics as CI formats print them (github, sarif, junit): on a restricted
        document the message and hint are withheld, and the document is named by id and
        version only (CI logs and annotations may be public)."""
        out = []
        for d in self.diagnostics:
            label = self.restricted.get(d.path)
            if label is None:
                out.append(d)
                continue
            message = (
                f"{d.code} in {label}: the message is withheld from CI output because the "
                "document is restricted; run `aiss validate` where the file may be read"
            )
            out.append(dataclasses.replace(d, message=message, hint=None))
        return out


def _color(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


class TextReporter:
    """`path:line:col: error[code] message`, a hint line, and a summary."""

    name = "text"

    def report(self, result: Validated, out: TextIO) -> None:
        diags, files = result.diagnostics, result.files
        color = _color(out)
        for d in diags:
            sev = d.severity.value
            if color:
                c = {"error": "31", "warning": "33", "note": "36"}[sev]
                sev = f"\x1b[1;{c}m{sev}\x1b[0m"
            out.write(f"{shown(d.path)}:{d.line}:{d.column}: {sev}[{d.code}] {shown(d.message)}\n")
            if d.hint:
                out.write(f"  hint: {shown(d.hint)}\n")
        errors = sum(1 for d in diags if d.severity is Severity.ERROR)
        warnings = len(diags) - errors
        noun = "file" if files == 1 else "files"
        if diags:
            codes = sorted({d.code for d in diags})
            out.write(f"{files} {noun} checked: {errors} error(s), {warnings} warning(s)\n")
            out.write(
                "explained at: "
                + ", ".join(doc_url(c) for c in codes[:3])
                + (" ..." if len(codes) > 3 else "")
                + "\n"
            )
        else:
            out.write(f"{files} {noun} checked: no problems\n")


class JsonReporter:
    """One JSON document; its schema is `schemas/validate-report.schema.json`."""

    name = "json"

    def report(self, result: Validated, out: TextIO) -> None:
        diags, files = result.diagnostics, result.files
        errors = sum(1 for d in diags if d.severity is Severity.ERROR)
        doc = ValidateReportOut(
            version=VERSION,
            files=files,
            summary=ValidateSummaryOut(errors=errors, warnings=len(diags) - errors),
            diagnostics=[diagnostic_out(d) for d in diags],
        )
        out.write(json.dumps(doc.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = shown(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


class GithubReporter:
    """GitHub Actions workflow commands: one annotation per diagnostic."""

    name = "github"

    def report(self, result: Validated, out: TextIO) -> None:
        for d in result.for_ci():
            level = {"error": "error", "warning": "warning", "note": "notice"}[d.severity.value]
            msg = d.message + (f" (hint: {d.hint})" if d.hint else "")
            props = (
                f"file={_gh_escape(d.path, prop=True)},line={max(d.line, 1)},"
                f"col={max(d.column, 1)},title={_gh_escape(d.code, prop=True)}"
            )
            out.write(f"::{level} {props}::{_gh_escape(msg)}\n")


class SarifReporter:
    """SARIF 2.1.0: a result per diagnostic; rules from the code catalog."""

    name = "sarif"

    def report(self, result: Validated, out: TextIO) -> None:
        results = [sarif_doc.diagnostic_result(d) for d in result.for_ci()]
        out.write(sarif_doc.document(results, {"files": result.files}))


class JunitReporter:
    """JUnit XML: one test case per file checked, failed when the file has an error; its
    warnings are kept as the case's output."""

    name = "junit"

    def report(self, result: Validated, out: TextIO) -> None:
        by_path: dict[str, list[Diagnostic]] = {p: [] for p in result.paths}
        for d in result.for_ci():
            by_path.setdefault(d.path, []).append(d)
        failed = sum(1 for ds in by_path.values() if any(d.is_error for d in ds))
        counts = {"tests": str(len(by_path)), "failures": str(failed), "errors": "0"}
        root = ET.Element("testsuites", {"name": "aiss validate", **counts})
        suite = ET.SubElement(
            root, "testsuite", {"name": "aiss validate", **counts, "skipped": "0"}
        )
        for path, diags in by_path.items():
            case = ET.SubElement(suite, "testcase", classname="aiss validate", name=shown(path))
            text = "\n".join(
                shown(f"{d.location.text()}: {d.severity.value}[{d.code}] {d.message}")
                for d in diags
            )
            errors = [d for d in diags if d.is_error]
            if errors:
                message = f"{len(errors)} error(s): " + ", ".join(sorted({d.code for d in errors}))
                ET.SubElement(case, "failure", type="error", message=message).text = text
            elif diags:
                ET.SubElement(case, "system-out").text = text
        ET.indent(root)
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode")
            + "\n"
        )
