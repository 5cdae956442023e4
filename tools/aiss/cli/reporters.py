"""Reporters for diagnostics, chosen by name: text, json, github."""

from __future__ import annotations

import json
import os
import sys
from typing import TextIO

from aiss.catalog.codes import doc_url
from aiss.catalog.contracts import ValidateReportOut, ValidateSummaryOut, diagnostic_out
from aiss.diagnostics import Diagnostic, Severity
from aiss.settings import VERSION


def _color(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


class TextReporter:
    """`path:line:col: error[code] message`, a hint line, and a summary."""

    name = "text"

    def report(self, diags: list[Diagnostic], files: int, out: TextIO) -> None:
        color = _color(out)
        for d in diags:
            sev = d.severity.value
            if color:
                c = {"error": "31", "warning": "33", "note": "36"}[sev]
                sev = f"\x1b[1;{c}m{sev}\x1b[0m"
            out.write(f"{d.path}:{d.line}:{d.column}: {sev}[{d.code}] {d.message}\n")
            if d.hint:
                out.write(f"  hint: {d.hint}\n")
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

    def report(self, diags: list[Diagnostic], files: int, out: TextIO) -> None:
        errors = sum(1 for d in diags if d.severity is Severity.ERROR)
        doc = ValidateReportOut(
            version=VERSION,
            files=files,
            summary=ValidateSummaryOut(errors=errors, warnings=len(diags) - errors),
            diagnostics=[diagnostic_out(d) for d in diags],
        )
        out.write(json.dumps(doc.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


class GithubReporter:
    """GitHub Actions workflow commands: one annotation per diagnostic."""

    name = "github"

    def report(self, diags: list[Diagnostic], files: int, out: TextIO) -> None:
        for d in diags:
            level = {"error": "error", "warning": "warning", "note": "notice"}[d.severity.value]
            msg = d.message + (f" (hint: {d.hint})" if d.hint else "")
            props = (
                f"file={_gh_escape(d.path, prop=True)},line={max(d.line, 1)},"
                f"col={max(d.column, 1)},title={_gh_escape(d.code, prop=True)}"
            )
            out.write(f"::{level} {props}::{_gh_escape(msg)}\n")


REPORTERS = {r.name: r for r in (TextReporter(), JsonReporter(), GithubReporter())}


def report(name: str, diags: list[Diagnostic], files: int, out: TextIO | None = None) -> None:
    REPORTERS[name].report(diags, files, out or sys.stdout)
