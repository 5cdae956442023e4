"""A `DiffReport` as text, Markdown (pull requests and the site's "what changed" pages) or JSON.

Pass the two files' `SourceDocument`s to show where each change is; without them the output has
no line numbers (the site's pages are built that way). All output is deterministic.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aiss import escape as esc
from aiss.catalog.contracts import ChangeOut, DiffOut, DiffReportOut, LocationOut
from aiss.settings import SITE_URL
from aiss.source import SourceDocument
from aiss.versions.change import Change, DiffReport
from aiss.versions.rules import Bump


@dataclass(frozen=True)
class Pair:
    """A report with the documents of its two files (either may be None)."""

    report: DiffReport
    old_doc: SourceDocument | None = None
    new_doc: SourceDocument | None = None


def locate(
    change: Change, old_doc: SourceDocument | None, new_doc: SourceDocument | None
) -> tuple[LocationOut | None, LocationOut | None]:
    """Old and new location of a change, where the documents are known."""

    def at(doc: SourceDocument | None, loc: tuple[str | int, ...] | None) -> LocationOut | None:
        if doc is None or loc is None:
            return None
        where = doc.location(loc)
        return LocationOut(
            path=where.path, line=where.line, column=where.column, json_path=where.json_path
        )

    return at(old_doc, change.old_loc), at(new_doc, change.new_loc)


def where(change: Change, old_doc: SourceDocument | None, new_doc: SourceDocument | None) -> str:
    """`path:line` of the change, in the new file when it is there, else in the old one."""
    old, new = locate(change, old_doc, new_doc)
    loc = new or old
    return f"{loc.path}:{loc.line}" if loc else ""


def verdict(report: DiffReport) -> str:
    """`declared MINOR, requires MAJOR because: ...`, or `declared MINOR, requires MINOR`."""
    declared = str(report.declared) if report.declared else "no increase"
    if report.required:
        required = str(report.required)
    else:
        required = "nothing (" + (
            "every change is acknowledged)" if report.changes else "no changes)"
        )
    return (
        f"declared {declared} ({report.old_version} -> {report.new_version}), requires {required}"
    )


def summary_counts(report: DiffReport) -> str:
    n = len(report.changes)
    counts = ", ".join(
        f"{sum(1 for c in report.changes if c.bump is b)} {b}" for b in sorted(Bump, reverse=True)
    )
    return f"{n} change{'s' if n != 1 else ''}: {counts}"


def render_text(pairs: Sequence[Pair]) -> str:
    """`path:line:col: BUMP[rule] message` per change, then the verdict."""
    if not pairs:
        return "No standard versions changed.\n"
    out: list[str] = []
    for p in pairs:
        r = p.report
        out.append(f"{r.standard_id} {r.old_version} -> {r.new_version}: {summary_counts(r)}")
        for c in r.changes:
            old, new = locate(c, p.old_doc, p.new_doc)
            loc = new or old
            prefix = f"{loc.path}:{loc.line}:{loc.column}: " if loc else "  "
            ack = f" (acknowledged: {c.acknowledged})" if c.acknowledged else ""
            out.append(f"{prefix}{c.bump}[{c.rule_id}] {c.message}{ack}")
        out.append(verdict(r) + (": ok" if r.ok else ": the version number is too small"))
        out.append("")
    return "\n".join(out)


def md_escape(text: str) -> str:
    """Text that renders literally in Markdown (no HTML, links or emphasis): `aiss.escape.text`,
    the one place where contributor text becomes Markdown."""
    return esc.text(text)


def default_rule_url(rule_id: str) -> str:
    return f"{SITE_URL}versioning/#{rule_id}"


def render_markdown(
    report: DiffReport,
    *,
    old_doc: SourceDocument | None = None,
    new_doc: SourceDocument | None = None,
    heading: str | None = None,
    rule_url: Callable[[str], str] = default_rule_url,
    escape: Callable[[str], str] = md_escape,
) -> str:
    """One pair as Markdown: a heading, the verdict and a table of changes.

    Made to be posted on a pull request and to be the body of the site's "what changed" page.
    Every piece of text taken from a standard goes through `escape` (the site passes
    `aiss.escape.text`). With documents, a column gives each change's line.
    """
    r = report
    title = heading or f"### {r.standard_id} {r.old_version} → {r.new_version}"
    lines = [title, ""]
    if not r.changes:
        lines += ["No changes.", ""]
        return "\n".join(lines)
    status = (
        "the version number fits the changes" if r.ok else "**the version number is too small**"
    )
    declared = f"**{r.declared}**" if r.declared else "no increase"
    lines.append(f"{summary_counts(r)}. Declared {declared}, requires **{r.required}**: {status}.")
    if not r.ok:
        lines += ["", "Requires more because:", ""]
        lines += [f"- {escape(c.message)}" for c in r.reasons()]
    lines.append("")
    show_line = new_doc is not None or old_doc is not None
    head = "| Bump | Change | Rule |" + (" Line |" if show_line else "")
    lines += [head, "| --- | --- | --- |" + (" --- |" if show_line else "")]
    for c in r.changes:
        msg = escape(c.message)
        if c.acknowledged:
            msg += f" (acknowledged: {escape(c.acknowledged)})"
        row = f"| {c.bump} | {msg} | [`{c.rule_id}`]({rule_url(c.rule_id)}) |"
        if show_line:
            old, new = locate(c, old_doc, new_doc)
            row += f" {new.line if new else (f'{old.line} (old)' if old else '')} |"
        lines.append(row)
    lines.append("")
    return "\n".join(lines)


def render_markdown_all(pairs: Sequence[Pair]) -> str:
    if not pairs:
        return "No standard versions changed.\n"
    return "\n".join(render_markdown(p.report, old_doc=p.old_doc, new_doc=p.new_doc) for p in pairs)


def to_out(pair: Pair) -> DiffOut:
    r = pair.report
    changes = []
    for c in r.changes:
        old, new = locate(c, pair.old_doc, pair.new_doc)
        changes.append(
            ChangeOut(
                rule=c.rule_id,
                kind=c.kind,
                bump=c.bump.name,
                target=c.target_id,
                message=c.message,
                old_location=old,
                new_location=new,
                before=c.before,
                after=c.after,
                acknowledged=c.acknowledged,
            )
        )
    return DiffOut(
        standard=r.standard_id,
        old=r.old_version,
        new=r.new_version,
        declared=r.declared.name if r.declared else None,
        required=r.required.name if r.required else None,
        ok=r.ok,
        changes=changes,
    )


def render_json(pairs: Sequence[Pair]) -> str:
    """One JSON document; its schema is `schemas/diff-report.schema.json`."""
    doc = DiffReportOut(diffs=[to_out(p) for p in pairs])
    return json.dumps(doc.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
