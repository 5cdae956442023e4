"""Reporters for `aiss check`, chosen by name: text, json, junit, sarif, github, markdown.

JUnit and SARIF live in `check_ci_reporters`.

Every format states the marking of the output: the most restrictive marking of its inputs.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, TextIO

from aiss.catalog.codes import doc_url
from aiss.cli.check_ci_reporters import (
    BAD,
    UNDECIDED,
    annotation_level,
    loc_text,
)
from aiss.conformance.report import ConformanceReport, check_document, combined_marking
from aiss.escape import cell_code as code
from aiss.escape import shown
from aiss.escape import text as md_text
from aiss.escape import write_line as _line
from aiss.models.verdicts import Overall


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.4g}"


def _band_text(f: Any) -> str:
    bound = {"upper": "upper bound", "lower": "lower bound", "point": "point estimate"}[
        f.decision_bound
    ]
    iv = f"[{_num(f.lower)}, {_num(f.upper)}]" if f.lower is not None else "no interval"
    where = f"{f.status}" + (f", spans {', '.join(f.candidates)}" if f.candidates else "")
    unverified = (
        "; figures only submitted, not verified" if not f.verified and f.value is not None else ""
    )
    return f"{f.metric}: band {f.band or '-'} ({where}; {bound} {_num(f.decided_on)}; value {_num(f.value)} {iv}{unverified})"


class TextReporter:
    """Ruff-like lines: `path:line:col: R-01 MUST fail[reason] message`, per file, then a summary."""

    name = "text"

    def report(self, reports: list[ConformanceReport], out: TextIO) -> None:
        for r in reports:
            std = f"{r.standard} ({r.standard_status})" if r.standard else "no standard"
            _line(out, f"{r.path}: {r.overall} [{r.reason}] against {std}, {r.marking.value}")
            if r.coverage:
                c = r.coverage
                _line(
                    out,
                    f"  coverage: {c.must_satisfied}/{c.must_total} MUST requirements satisfied ({c.ratio:.0%})",
                )
            for v in r.requirements:
                where = (
                    loc_text(v.evidence.path, v.evidence.line, v.evidence.column)
                    if v.evidence
                    else r.path
                )
                _line(out, f"  {where}: {v.id} {v.level} {v.verdict}[{v.reason}] {v.message}")
            if r.findings:
                _line(out, "  findings (reported apart from conformance):")
                for f in r.findings:
                    _line(out, f"    {_band_text(f)}")
            for row in r.recomputed:
                if row.submitted_value is None:
                    agree = "not submitted"
                elif row.value_agrees and row.bounds_agree is not False:
                    agree = "agrees with the submission"
                else:
                    agree = "DISAGREES with the submission"
                if row.refuted:
                    agree += "; but its log refutes the records: nothing rests on them"
                _line(
                    out,
                    f"  recomputed {row.metric} from run {row.run}: {row.value:.6g} "
                    f"[{_num(row.lower)}, {_num(row.upper)}] {row.method or ''}; {agree}",
                )
            for d in r.diagnostics:
                _line(
                    out,
                    f"  {loc_text(d.path, d.line, d.column)}: {d.severity.value}[{d.code}] {d.message}",
                )
                if d.hint:
                    _line(out, f"    hint: {d.hint}")
        counts = Counter(r.overall for r in reports)
        summary = ", ".join(f"{counts[s]} {s}" for s in Overall if counts[s])
        _line(out, f"{len(reports)} file(s) checked: {summary or 'none'}")
        _line(out, f"marking of this output: {combined_marking(reports).value}")


def as_document(reports: list[ConformanceReport]) -> dict[str, Any]:
    """The JSON output; its schema is `schemas/check-report.schema.json`."""
    return check_document(reports)


class JsonReporter:
    """One JSON document (`schemas/check-report.schema.json`)."""

    name = "json"

    def report(self, reports: list[ConformanceReport], out: TextIO) -> None:
        out.write(json.dumps(as_document(reports), indent=2, ensure_ascii=False) + "\n")


def _gh(text: str, *, prop: bool = False) -> str:
    text = shown(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


class GithubReporter:
    """GitHub Actions workflow commands: annotations for verdicts not passed and diagnostics."""

    name = "github"

    def report(self, reports: list[ConformanceReport], out: TextIO) -> None:
        for r in reports:
            for v in r.requirements:
                if v.verdict not in BAD + UNDECIDED:
                    continue
                e = v.evidence
                path, line, col = (e.path, e.line, e.column) if e else (r.path, 1, 1)
                props = f"file={_gh(path, prop=True)},line={max(line, 1)},col={max(col, 1)},title={_gh(f'{v.id} {v.verdict}', prop=True)}"
                out.write(
                    f"::{annotation_level(v).replace('note', 'notice')} {props}::{_gh(f'[{v.reason}] {v.message}')}\n"
                )
            for d in r.diagnostics:
                level = {"error": "error", "warning": "warning", "note": "notice"}[d.severity.value]
                props = f"file={_gh(d.path, prop=True)},line={max(d.line, 1)},col={max(d.column, 1)},title={_gh(d.code, prop=True)}"
                out.write(f"::{level} {props}::{_gh(d.message)}\n")
            level = "notice" if r.conformant else "error"
            out.write(
                f"::{level} file={_gh(r.path, prop=True)},title={_gh('aiss check', prop=True)}::{_gh(f'{r.overall} ({r.reason}), {r.marking.value}')}\n"
            )


def _cell(text: str) -> str:
    """Contributor text in a table cell: literal Markdown (`escape.text`), no pipe or line."""
    return md_text(text)


_ICON = {
    "pass": "✅",
    "fail": "❌",
    "not_assessed": "❌",
    "inconclusive": "⚠️",
    "needs_review": "👀",
    "waived": "➖",
    "not_applicable": "➖",
}


class MarkdownReporter:
    """Markdown for a CI job summary (`>> $GITHUB_STEP_SUMMARY`)."""

    name = "markdown"

    def report(self, reports: list[ConformanceReport], out: TextIO) -> None:
        marking = combined_marking(reports).value
        out.write(f"**{marking}**\n\n# aiss check\n\n")
        out.write(
            "| File | Standard | Verdict | MUST coverage | Marking |\n|---|---|---|---|---|\n"
        )
        for r in reports:
            cov = f"{r.coverage.must_satisfied}/{r.coverage.must_total}" if r.coverage else "-"
            out.write(
                f"| {code(r.path)} | {r.standard or '-'} | **{r.overall}** | {cov} | {r.marking.value} |\n"
            )
        for r in reports:
            out.write(f"\n## {code(r.path)}: {r.overall}\n\n")
            if r.requirements:
                out.write(
                    "| Requirement | Level | Verdict | Reason | Detail |\n|---|---|---|---|---|\n"
                )
                for v in r.requirements:
                    out.write(
                        f"| {v.id} {_cell(v.title)} | {v.level} | {_ICON.get(v.verdict, '')} {v.verdict} "
                        f"| [`{v.reason}`]({doc_url(v.reason)}) | {_cell(v.message)} |\n"
                    )
            if r.findings:
                out.write(
                    "\n**Findings** (reported apart from conformance)\n\n| Metric | Band | Decided on | Value | Interval |\n|---|---|---|---|---|\n"
                )
                for f in r.findings:
                    iv = f"[{_num(f.lower)}, {_num(f.upper)}]" if f.lower is not None else "-"
                    out.write(
                        f"| {f.metric} | {f.band or '-'} ({f.status}{'' if f.verified or f.value is None else ', unverified'}) | {f.decision_bound} {_num(f.decided_on)} | {_num(f.value)} | {iv} |\n"
                    )
            if r.diagnostics:
                out.write("\n| Where | Severity | Code | Message |\n|---|---|---|---|\n")
                for d in r.diagnostics:
                    out.write(
                        f"| {code(loc_text(d.path, d.line, d.column))} | {d.severity.value} | `{d.code}` | {_cell(d.message)} |\n"
                    )
        out.write(f"\n**{marking}**\n")
