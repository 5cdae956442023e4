"""The crosswalk index: for each external framework, which requirements map to which of its items."""

from __future__ import annotations

import re

from aiss import escape as esc
from aiss.site import paths
from aiss.site.blocks import heading, page, table
from aiss.site.view import SiteView

_NUMBERS = re.compile(r"(\d+)")


def _natural(value: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for framework items: `MEASURE 2.10` after `MEASURE 2.9`."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in _NUMBERS.split(value) if p)


def render_crosswalks(site: SiteView) -> str:
    """One section per framework, from the latest published version of each standard."""
    here = paths.CROSSWALKS
    rows_by_fw: dict[str, list[tuple[tuple[tuple[int, int | str], ...], list[str]]]] = {}
    for view in site.standards:
        entry = view.latest
        if entry is None:
            continue
        std = entry.standard
        target = paths.version(std.id, std.version)
        titles = {r.id: r.title for r in std.requirements}
        for c in std.crosswalks:
            for item in c.targets:
                link = f"[{std.id} {std.version} {c.requirement}]({paths.rel(here, target)}#{c.requirement})"
                row = [
                    esc.code(item),
                    link,
                    esc.text(titles.get(c.requirement, "")),
                    esc.code(c.relationship),
                    esc.text(c.framework_version),
                ]
                rows_by_fw.setdefault(c.framework, []).append((_natural(item), row))
    vocab = site.vocabularies.get("frameworks")
    order = [t.code for t in vocab.terms] if vocab else []
    order += sorted(set(rows_by_fw) - set(order))
    parts: list[str | None] = [
        "# Crosswalks",
        "For each external framework, the requirements of the latest published version of every "
        "standard that map to its items. A crosswalk names the framework version it maps to, "
        "because item numbering differs between versions.",
    ]
    headers = ["Framework item", "Requirement", "Title", "Relationship", "Framework version"]
    for code in order:
        term = next((t for t in vocab.terms if t.code == code), None) if vocab else None
        name = term.name if term else code
        rows = [r for _, r in sorted(rows_by_fw.get(code, []), key=lambda x: (x[0], x[1][1]))]
        about = esc.inline(term.description) if term and term.description else None
        source = esc.link("Framework home page", term.url) if term and term.url else None
        body = table(headers, rows) if rows else "No requirement maps to this framework yet."
        parts += [heading(2, esc.title(name), f"fw-{code}"), about, source, body]
    return page(*parts)
