"""Reporters for `aiss compare`, chosen by name: text, json (`schemas/compare-report.schema.json`)
and markdown. Every format states the marking of the output (the most restrictive input's)."""

from __future__ import annotations

import json
from typing import TextIO

from aiss.catalog.contracts import (
    CompareMetricOut,
    ComparePairOut,
    CompareReportOut,
    CompareValueOut,
)
from aiss.escape import cell_code as code
from aiss.escape import text as md_text
from aiss.escape import write_line as _line


def _from(source: str) -> str:
    """Where a setting's value comes from, as a reader takes it."""
    return "its log" if source == "log" else "stated"


def _n(x: float | None) -> str:
    return "-" if x is None else f"{x:.4g}"


def _value(v: CompareValueOut) -> str:
    iv = f" [{_n(v.lower)}, {_n(v.upper)}]" if v.lower is not None else " (no interval)"
    size = f", {v.n_items} items x {v.n_epochs or 1}" if v.n_items is not None else ""
    stated = ", submitted, not verified" if v.source == "submitted" else ""
    return f"{_n(v.value)}{iv}{size}{stated}"


def _ids(ids: list[str], limit: int = 8) -> str:
    shown = " ".join(ids[:limit])
    return f" ({shown}{' …' if len(ids) > limit else ''})" if ids else ""


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "…"


def _metric_line(m: CompareMetricOut) -> str:
    return f"{m.metric}: {m.verdict.upper().replace('_', ' ')} — A {_value(m.a)}; B {_value(m.b)}"


class TextReporter:
    """A block per pair: verdict, metrics and their difference, overlap, settings, requirements."""

    name = "text"

    def report(self, result: CompareReportOut, out: TextIO) -> None:
        for i, s in enumerate(result.submissions):
            orgs = ", ".join(s.orgs) or "-"
            _line(out, f"[{i + 1}] {s.path}: {s.standard}, {s.model}, by {orgs}, {s.marking}")
        for p in result.pairs:
            out.write("\n")
            _line(out, f"{p.a} vs {p.b}: {'consistent' if p.consistent else 'INCONSISTENT'}")
            for note in p.notes:
                _line(out, f"  note: {note}")
            for m in p.metrics:
                _line(out, f"  {_metric_line(m)}")
                _line(out, f"    {m.reason}")
                d = m.difference
                if d is not None and d.method == "paired_t":
                    _line(out, f"    on the shared items: A {_n(d.a_value)}, B {_n(d.b_value)}")
            for ov in p.overlap:
                _line(
                    out,
                    f"  items ({ov.run_a} / {ov.run_b}): {ov.shared} shared, {len(ov.only_a)} "
                    f"only in A{_ids(ov.only_a)}, {len(ov.only_b)} only in B{_ids(ov.only_b)}",
                )
            if p.settings:
                _line(out, "  pins and settings that differ:")
                for st in p.settings:
                    _line(
                        out,
                        f"    {st.field}: A {_short(st.a)} ({_from(st.a_from)}) | "
                        f"B {_short(st.b)} ({_from(st.b_from)})",
                    )
            else:
                _line(out, "  pins and settings: the same")
            disagree = [r for r in p.requirements if not r.agree]
            verdicts = ", ".join(f"{r.id} {r.a or '-'}/{r.b or '-'}" for r in p.requirements)
            _line(out, f"  requirements (A/B): {verdicts or 'none'}")
            if disagree:
                _line(out, f"  they disagree on: {', '.join(r.id for r in disagree)}")
        total = len(result.pairs)
        bad = sum(1 for p in result.pairs if not p.consistent)
        out.write("\n")
        _line(out, f"{total} pair(s) compared: {total - bad} consistent, {bad} inconsistent")
        _line(out, f"marking of this output: {result.marking}")


class JsonReporter:
    """One JSON document (`schemas/compare-report.schema.json`)."""

    name = "json"

    def report(self, result: CompareReportOut, out: TextIO) -> None:
        out.write(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")


def _cell(text: str) -> str:
    """Contributor text in a table cell: literal Markdown (`escape.text`), no pipe or line."""
    return md_text(text)


class MarkdownReporter:
    """Markdown tables, e.g. for a joint report's annex or a CI job summary."""

    name = "markdown"

    def report(self, result: CompareReportOut, out: TextIO) -> None:
        out.write(f"**{result.marking}**\n\n# aiss compare\n\n")
        out.write("| # | Submission | Standard | Model | Organisations |\n|---|---|---|---|---|\n")
        for i, s in enumerate(result.submissions):
            out.write(
                f"| {i + 1} | {code(s.path)} | {s.standard} | {code(s.model or '-')} "
                f"| {_cell(', '.join(s.orgs))} |\n"
            )
        for p in _pairs(result):
            self._pair(p, out)
        out.write(f"\n**{result.marking}**\n")

    def _pair(self, p: ComparePairOut, out: TextIO) -> None:
        verdict = "consistent" if p.consistent else "**inconsistent**"
        out.write(f"\n## {code(p.a)} vs {code(p.b)}: {verdict}\n\n")
        for note in p.notes:
            out.write(f"> {_cell(note)}\n\n")
        if p.metrics:
            out.write(
                "| Metric | A | B | A − B | Interval | Method | Verdict |\n"
                "|---|---|---|---|---|---|---|\n"
            )
            for m in p.metrics:
                d = m.difference
                diff = _n(d.value) if d else "-"
                iv = f"[{_n(d.lower)}, {_n(d.upper)}] ({d.level:.0%})" if d else "-"
                method = (
                    f"{d.method}" + (f", {d.n_items} shared items" if d and d.n_items else "")
                    if d
                    else "-"
                )
                out.write(
                    f"| {m.metric} | {_value(m.a)} | {_value(m.b)} | {diff} | {iv} | {method} "
                    f"| {m.verdict} |\n"
                )
        for ov in p.overlap:
            out.write(
                f"\nItems: {ov.shared} shared, {len(ov.only_a)} only in A, "
                f"{len(ov.only_b)} only in B.\n"
            )
        if p.settings:
            out.write("\n| Setting | A | B |\n|---|---|---|\n")
            for s in p.settings:
                a = f"{code(_short(s.a))} ({_from(s.a_from)})"
                b = f"{code(_short(s.b))} ({_from(s.b_from)})"
                out.write(f"| {code(s.field)} | {a} | {b} |\n")
        if p.requirements:
            out.write("\n| Requirement | Level | A | B | Agree |\n|---|---|---|---|---|\n")
            for r in p.requirements:
                out.write(
                    f"| {r.id} | {r.level} | {r.a or '-'} | {r.b or '-'} | "
                    f"{'yes' if r.agree else '**no**'} |\n"
                )


def _pairs(result: CompareReportOut) -> list[ComparePairOut]:
    return list(result.pairs)
