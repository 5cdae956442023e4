"""Joint exercises on the public site: one page per exercise whose public summary is marked
TLP:CLEAR and whose embargo is over, at `/exercises/<EX-ID>/`, and an index at `/exercises/`.

A page shows only what the public summary releases and what aiss derived from the registry:
the summary's own title, text and headline findings; the model (developer and provider id);
the standard versions (each must be on the site itself); the organisations and their roles;
and, per submission, each requirement's verdict and each metric's band as `aiss check` gives
them. The record's working title, notes, access window and snapshot, and everything in the
submissions themselves (texts, samples, logs), never appear.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from aiss import escape as esc
from aiss.conformance.report import ConformanceReport
from aiss.models.common import Tlp
from aiss.models.exercise import Exercise
from aiss.site import paths
from aiss.site.blocks import badge, div, facts, grid, heading, p, page, ul
from aiss.site.public import LeftOut
from aiss.site.version_page import marking
from aiss.site.view import SiteView

INDEX = paths.EXERCISES
exercise_page = paths.exercise


@dataclass(frozen=True)
class ExerciseResults:
    """An exercise with the conformance report of each unchanged submission, by organisation."""

    exercise: Exercise
    reports: Sequence[tuple[str, ConformanceReport]]


def select(
    items: Sequence[ExerciseResults], site: SiteView, today: dt.date
) -> tuple[list[ExerciseResults], list[LeftOut]]:
    """The exercises the public site may show, and those left out (and why)."""
    shown: list[ExerciseResults] = []
    left: list[LeftOut] = []
    for item in sorted(items, key=lambda i: i.exercise.id):
        ex = item.exercise
        hidden = [s.ref for s in ex.standards if site.resolve(s.ref) is None]
        if not ex.published_on(today):
            left.append(LeftOut(ex.id, "no TLP:CLEAR public summary past its embargo"))
        elif hidden:
            left.append(LeftOut(ex.id, f"uses {', '.join(hidden)}, which is not on the site"))
        else:
            shown.append(item)
    return shown, left


def used_in(items: Sequence[ExerciseResults]) -> dict[str, list[tuple[str, str]]]:
    """Standard ref -> (exercise id, public title) of the shown exercises that use it."""
    out: dict[str, list[tuple[str, str]]] = {}
    for item in items:
        summary = item.exercise.public_summary
        assert summary is not None
        for s in item.exercise.standards:
            out.setdefault(s.ref, []).append((item.exercise.id, summary.title))
    return out


def _verdicts(here: str, site: SiteView, item: ExerciseResults) -> str:
    orgs = [org for org, _ in item.reports]
    reqs: dict[tuple[str, str], dict[str, str]] = {}
    titles: dict[tuple[str, str], tuple[str, str]] = {}
    for org, report in item.reports:
        if report.marking is Tlp.RED or report.standard is None:
            continue
        for v in report.requirements:
            key = (report.standard, v.id)
            reqs.setdefault(key, {})[org] = v.verdict.value
            titles[key] = (str(v.level), v.title)
    rows = []
    for (ref, rid), by_org in reqs.items():
        entry = site.resolve(ref)
        link = esc.html_text(f"{ref} {rid}")
        if entry is not None:
            href = paths.rel_url(here, paths.version(entry.standard.id, entry.standard.version))
            link = f'<a href="{href}#{esc.html_text(rid)}">{link}</a>'
        level, title = titles[(ref, rid)]
        rows.append(
            (
                link,
                esc.html_text(title),
                esc.html_text(level),
                *(badge("verdict", by_org[o]) if o in by_org else "-" for o in orgs),
            )
        )
    heads = [
        "Requirement",
        "Title",
        "Level",
        *(esc.html_text(site.name("issuers", o)) for o in orgs),
    ]
    return heading(2, "Verdicts", "verdicts") + "\n\n" + grid(heads, rows)


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.4g}"


FIGURES = {True: "recomputed by the check", False: "submitted, not verified"}
"""Whether a public metric's figures were recomputed from per-sample scores or read from a
verified log, or are only what the submission states (a reader weighs them apart)."""


def _findings(item: ExerciseResults, site: SiteView) -> str | None:
    rows = []
    for org, report in item.reports:
        for f in report.findings:
            iv = f"[{_num(f.lower)}, {_num(f.upper)}]" if f.lower is not None else "-"
            rows.append(
                (
                    esc.html_text(site.name("issuers", org)),
                    esc.html_code(f.metric),
                    esc.html_text(f.band or "none"),
                    esc.html_text(_num(f.value)),
                    esc.html_text(iv),
                    esc.html_text(FIGURES[f.verified] if f.value is not None else "-"),
                )
            )
    if not rows:
        return None
    table = grid(["Organisation", "Metric", "Band", "Value", "Interval", "Figures"], rows)
    return heading(2, "Metrics", "metrics") + "\n\n" + table


def render_exercise(site: SiteView, item: ExerciseResults) -> str:
    """The public page of one exercise."""
    ex = item.exercise
    summary = ex.public_summary
    assert summary is not None and summary.marking is Tlp.CLEAR
    here = exercise_page(ex.id)
    mut = ex.model_under_test
    standards = []
    for s in ex.standards:
        entry = site.resolve(s.ref)
        assert entry is not None
        href = paths.rel_url(here, paths.version(entry.standard.id, entry.standard.version))
        standards.append(f'<a href="{href}">{esc.html_text(s.ref.replace("@", " "))}</a>')
    orgs = [
        f"{esc.html_text(site.name('issuers', o.org))} ({esc.html_text(o.role)})"
        for o in ex.organisations
    ]
    rows = [
        ("Exercise", esc.html_code(ex.id)),
        ("Status", badge("status", ex.status)),
        ("Model", esc.html_code(mut.model.provider_id)),
        ("Developer", esc.html_text(mut.developer) if mut.developer else None),
        ("Standards", ", ".join(standards)),
        ("Organisations", "; ".join(orgs)),
        ("Reference models", ", ".join(esc.html_code(m) for m in ex.reference_models) or None),
    ]
    findings = (
        heading(2, "Headline findings", "findings")
        + "\n\n"
        + div(ul(esc.html_inline(f) for f in summary.findings), cls="aiss-findings")
        if summary.findings
        else None
    )
    return page(
        heading(1, f"{ex.id}: {esc.title(summary.title)}", "exercise"),
        div(marking(Tlp.CLEAR), facts(rows), cls="aiss-header"),
        heading(2, "Summary", "summary"),
        div(esc.html_prose(summary.text), cls="aiss-summary"),
        findings,
        _verdicts(here, site, item),
        _findings(item, site),
        div(marking(Tlp.CLEAR), cls="aiss-footer"),
    )


def render_index(site: SiteView, items: Sequence[ExerciseResults]) -> str:
    """`/exercises/`: every public exercise summary."""
    rows = []
    for item in items:
        ex = item.exercise
        assert ex.public_summary is not None
        href = paths.rel_url(INDEX, exercise_page(ex.id))
        rows.append(
            (
                f'<a href="{href}">{esc.html_text(ex.id)}</a>',
                esc.html_text(ex.public_summary.title),
                esc.html_code(ex.model_under_test.model.provider_id),
                ", ".join(esc.html_text(s.ref.replace("@", " ")) for s in ex.standards),
            )
        )
    body = (
        grid(["Exercise", "Title", "Model", "Standards"], rows)
        if rows
        else p("No joint exercise has published a summary yet.")
    )
    lead = p(
        "Joint testing exercises between institutes: the same model version tested under the "
        "registry's standards, each organisation's results checked, and a public summary once "
        "its marking and embargo allow. Restricted detail is never shown here."
    )
    return page(heading(1, "Joint exercises", "exercises"), lead, body)
