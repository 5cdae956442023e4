"""The crosswalk index: for each external framework, which requirements map to which of its items.

The index shows at most `CROSSWALK_ROWS` rows a framework; a framework with more gets pages
of its own (`/crosswalks/<framework>/`, `/crosswalks/<framework>/page/2/`, ...), so that no
page grows with the registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aiss import escape as esc
from aiss.site import paths
from aiss.site.blocks import heading, page, table
from aiss.site.view import SiteView

_NUMBERS = re.compile(r"(\d+)")
CROSSWALK_ROWS = 50
"""Rows of one framework on a page (the index shows the first ones)."""
HEADERS = ["Framework item", "Requirement", "Title", "Relationship", "Framework version"]


def _natural(value: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for framework items: `MEASURE 2.10` after `MEASURE 2.9`."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in _NUMBERS.split(value) if p)


@dataclass(frozen=True)
class _Row:
    item: str
    sid: str
    version: str
    requirement: str
    title: str
    relationship: str
    framework_version: str

    def cells(self, here: str) -> list[str]:
        target = paths.version(self.sid, self.version)
        link = (
            f"[{self.sid} {self.version} {self.requirement}]"
            f"({paths.rel(here, target)}#{self.requirement})"
        )
        return [
            esc.code(self.item),
            link,
            esc.text(self.title),
            esc.code(self.relationship),
            esc.text(self.framework_version),
        ]


def _rows(site: SiteView) -> dict[str, list[_Row]]:
    """Framework code -> its rows, by framework item (naturally) then requirement."""
    by_fw: dict[str, list[tuple[tuple[tuple[int, int | str], ...], str, _Row]]] = {}
    for view in site.standards:
        entry = view.latest
        if entry is None:
            continue
        std = entry.standard
        titles = {r.id: r.title for r in std.requirements}
        for c in std.crosswalks:
            for item in c.targets:
                row = _Row(
                    item,
                    std.id,
                    std.version,
                    c.requirement,
                    titles.get(c.requirement, ""),
                    c.relationship,
                    c.framework_version,
                )
                order = f"[{std.id} {std.version} {c.requirement}]"
                by_fw.setdefault(c.framework, []).append((_natural(item), order, row))
    return {fw: [r for *_, r in sorted(rows, key=lambda x: x[:2])] for fw, rows in by_fw.items()}


def _pager(here: str, code: str, number: int, pages: int) -> str:
    def link(n: int, label: str) -> str:
        if n == number:
            return f"**{label}**"
        return f"[{label}]({paths.rel(here, paths.crosswalk_page(code, n))})"

    nearby = range(max(1, number - 2), min(pages, number + 2) + 1)
    parts = [link(1, "First"), link(number - 1, "Previous")] if number > 1 else []
    parts += [link(n, str(n)) for n in nearby]
    parts += [link(number + 1, "Next"), link(pages, "Last")] if number < pages else []
    return f"Page {number} of {pages}: " + " ".join(parts)


def render_crosswalks(site: SiteView, rows_per_page: int = CROSSWALK_ROWS) -> dict[str, str]:
    """The index and, for each framework with more rows than a page holds, its own pages;
    from the latest published version of each standard. Page path -> Markdown."""
    here = paths.CROSSWALKS
    rows_by_fw = _rows(site)
    vocab = site.vocabularies.get("frameworks")
    order = [t.code for t in vocab.terms] if vocab else []
    order += sorted(set(rows_by_fw) - set(order))
    parts: list[str | None] = [
        "# Crosswalks",
        "For each external framework, the requirements of the latest published version of every "
        "standard that map to its items. A crosswalk names the framework version it maps to, "
        "because item numbering differs between versions.",
    ]
    out: dict[str, str] = {}
    for code in order:
        term = next((t for t in vocab.terms if t.code == code), None) if vocab else None
        name = term.name if term else code
        rows = rows_by_fw.get(code, [])
        about = esc.inline(term.description) if term and term.description else None
        source = esc.link("Framework home page", term.url) if term and term.url else None
        if not rows:
            body = "No requirement maps to this framework yet."
        else:
            body = table(HEADERS, [r.cells(here) for r in rows[:rows_per_page]])
        more = None
        if len(rows) > rows_per_page:
            first = paths.rel(here, paths.crosswalk_page(code, 1))
            more = (
                f"The first {rows_per_page} of {len(rows)} requirements mapped to it; "
                f"[all of them, page by page]({first})."
            )
            pages = -(-len(rows) // rows_per_page)
            for number in range(1, pages + 1):
                at = paths.crosswalk_page(code, number)
                shown = rows[(number - 1) * rows_per_page : number * rows_per_page]
                out[at] = page(
                    f"# Crosswalk to {esc.title(name)}, page {number} of {pages}",
                    f"Requirements of the latest published versions mapped to its items; "
                    f"see [all frameworks]({paths.rel(at, here)}).",
                    table(HEADERS, [r.cells(at) for r in shown]),
                    _pager(at, code, number, pages),
                )
        parts += [heading(2, esc.title(name), f"fw-{code}"), about, source, more, body]
    out[here] = page(*parts)
    return out
