"""What changed between consecutive versions: sections of the standard's overview page.

The diff reports come in as a parameter (`aiss validate` computed them; the composition layer
hands them on); this module only renders them, with `aiss.versions.render.render_markdown`
and contributor text escaped by `aiss.escape`.

Each pair once had a page of its own at `standards/<ID>/changes/<old>..<new>/`; those
addresses stay, as static redirects to the section (a redirect is a file, not a page: it
costs the build nothing).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from aiss import escape
from aiss import escape as esc
from aiss.site import paths
from aiss.site.blocks import div, p, redirect_page
from aiss.site.view import StandardView
from aiss.versions.change import DiffReport
from aiss.versions.render import render_markdown

Reports = Mapping[tuple[str, str], DiffReport]
"""(old ref, new ref) -> the diff of two consecutive public versions."""

VERSIONING_PAGE = "../../versioning.md"
"""The rule table, relative to the overview page at `standards/<ID>/index.md`."""


def changes_section(report: DiffReport) -> str:
    """What changed between two versions, as a section of the standard's overview page: a
    heading with a stable anchor, links to both versions, the verdict and the table, each
    change with its old and new text. The
    section is kept out of search (its rows repeat requirement titles that the version pages
    hold). Versions match the SemVer pattern (validated), so they go into links unescaped.
    """
    old, new = report.old_version, report.new_version
    anchor = paths.changes_anchor(old, new)
    title = f"### {old} → {new} {{#{esc.anchor(anchor)} data-search-exclude}}"
    intro = (
        f"From [{old}]({old}/index.md) to [{new}]({new}/index.md),"
        f" each change classified by the [versioning rules]({VERSIONING_PAGE}#the-rule-table)."
    )
    return render_markdown(
        report,
        heading=f"{title}\n\n{intro}",
        rule_url=lambda rule: f"{VERSIONING_PAGE}#{rule}",
        escape=escape.text,
    ) + before_after(report)


def _value(value: object) -> str:
    """An old or new value as HTML: text as written (paragraphs kept), anything else as
    compact JSON in code font."""
    if isinstance(value, str):
        return escape.html_prose(value)
    return (
        "<p>"
        + escape.html_code(json.dumps(value, ensure_ascii=False, separators=(", ", ": ")))
        + "</p>"
    )


def before_after(report: DiffReport) -> str:
    """The old and the new text of every change that has one, side by side (stacked on a
    phone), after the table of changes."""
    blocks = []
    for c in report.changes:
        if c.before is None and c.after is None:
            continue
        sides = []
        for label, version, value in (
            ("Before", report.old_version, c.before),
            ("After", report.new_version, c.after),
        ):
            body = _value(value) if value is not None else "<p>(none)</p>"
            sides.append(
                f'<div class="aiss-side"><p class="aiss-side-label">{label} ({version})</p>\n{body}\n</div>'
            )
        blocks.append(
            f'<div class="aiss-change">\n<p><strong>{escape.html_text(c.message)}</strong> '
            f'<span class="aiss-rule">{escape.html_text(c.rule_id)}</span></p>\n'
            f'<div class="aiss-before-after">\n' + "\n".join(sides) + "\n</div>\n</div>"
        )
    if not blocks:
        return ""
    return "\n" + div(
        p("What each change replaced, and with what:"), *blocks, cls="aiss-changes-text"
    )


def change_sections(view: StandardView, reports: Reports) -> dict[str, str]:
    """Anchor -> Markdown section for each pair of consecutive public versions, newest first."""
    out: dict[str, str] = {}
    pairs = list(zip(view.versions, view.versions[1:], strict=False))
    for old, new in reversed(pairs):
        report = reports.get((old.ref, new.ref))
        if report is None:
            continue
        anchor = paths.changes_anchor(old.standard.version, new.standard.version)
        out[anchor] = changes_section(report).rstrip("\n")
    return out


def redirects(site_url: str, view: StandardView, anchors: dict[str, str]) -> dict[str, bytes]:
    """The former change pages' addresses -> static HTML leading to the section."""
    out: dict[str, bytes] = {}
    for old, new in zip(view.versions, view.versions[1:], strict=False):
        a, b = old.standard.version, new.standard.version
        anchor = paths.changes_anchor(a, b)
        if anchor not in anchors:
            continue
        target = f"../../#{anchor}"
        canonical = paths.absolute(site_url, paths.overview(view.sid)) + f"#{anchor}"
        message = f'See <a href="{esc.href(target)}">what changed from {a} to {b}</a>.'
        title = f"{view.sid}: what changed from {a} to {b}"
        page = redirect_page(title, canonical, message, target)
        out[paths.changes_redirect(view.sid, a, b)] = page.encode()
    return out
