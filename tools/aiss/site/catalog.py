"""The catalog of every standard (filterable), each standard's overview, and `latest` redirects."""

from __future__ import annotations

import html
from collections.abc import Mapping

from aiss import escape as esc
from aiss.site import paths
from aiss.site.blocks import badge, div, grid, heading, p, page, redirect_page
from aiss.site.view import SiteView, StandardView, status_date


def _select(name: str, label: str, options: list[tuple[str, str]]) -> str:
    opts = "".join(
        f'<option value="{esc.html_text(v)}">{esc.html_text(t)}</option>' for v, t in options
    )
    return (
        f'<label>{label} <select data-filter="{name}">'
        f'<option value="">All</option>{opts}</select></label>'
    )


CATALOG_ROWS = 50
"""Standards per catalog page: every page of the site stays the same size however many
standards the registry holds; the filter (`assets/catalog.js`) searches all of them."""


def _row(site: SiteView, here: str, view: StandardView) -> str:
    std = view.current.standard
    latest = view.latest
    latest_cell = (
        f'<a href="{esc.href(paths.rel_url(here, paths.version(view.sid, latest.standard.version)))}">'
        f"{latest.standard.version}</a>"
        if latest
        else "none yet"
    )
    return (
        f'<tr data-status="{esc.attr(std.status.value)}" data-domains="{esc.attr(" ".join(std.risk_domains))}" '
        f'data-issuers="{esc.attr(" ".join(std.issuers))}">'
        f'<td class="aiss-c-id"><a href="{esc.href(paths.rel_url(here, paths.overview(view.sid)))}">{view.sid}</a></td>'
        f'<td class="aiss-c-title">{esc.html_text(std.title)}</td>'
        f'<td class="aiss-c-status">{badge("status", std.status.value)}</td>'
        f'<td class="aiss-c-latest" data-label="Latest version">{latest_cell}</td>'
        f'<td class="aiss-wide">{", ".join(esc.html_text(site.name("risk-domains", d)) for d in std.risk_domains)}</td>'
        f'<td class="aiss-wide">{", ".join(esc.html_text(site.name("issuers", i)) for i in std.issuers)}</td>'
        "</tr>"
    )


def _filters(site: SiteView) -> str:
    statuses: set[str] = set()
    domains: set[str] = set()
    issuers: set[str] = set()
    for view in site.standards:
        std = view.current.standard
        statuses.add(std.status.value)
        domains.update(std.risk_domains)
        issuers.update(std.issuers)
    return " ".join(
        [
            _select("status", "Status", [(s, s) for s in sorted(statuses)]),
            _select(
                "domains",
                "Risk domain",
                sorted(((d, site.name("risk-domains", d)) for d in domains), key=lambda x: x[1]),
            ),
            _select(
                "issuers",
                "Issuer",
                sorted(((i, site.name("issuers", i)) for i in issuers), key=lambda x: x[1]),
            ),
        ]
    )


def _pager(here: str, number: int, pages: int) -> str:
    """Links to the first, previous, nearby, next and last catalog pages (a bounded list)."""

    def link(n: int, label: str) -> str:
        if n == number:
            return f'<strong aria-current="page">{label}</strong>'
        href = esc.href(paths.rel_url(here, paths.catalog_page(n)))
        return f'<a href="{href}">{label}</a>'

    nearby = range(max(1, number - 2), min(pages, number + 2) + 1)
    parts = [link(1, "First")] if number > 1 else []
    parts += [link(number - 1, "Previous")] if number > 1 else []
    parts += [link(n, str(n)) for n in nearby]
    parts += [link(number + 1, "Next")] if number < pages else []
    parts += [link(pages, "Last")] if number < pages else []
    return (
        f'<div class="aiss-pager" role="navigation" aria-label="Catalog pages" '
        f"data-catalog-pager>Page {number} of {pages}: {' '.join(parts)}</div>"
    )


def render_catalog(site: SiteView, rows_per_page: int = CATALOG_ROWS) -> dict[str, str]:
    """Every standard with id, title, status, latest version, risk domains and issuers, in
    pages of `rows_per_page` (`/catalog/`, `/catalog/page/2/`, ...), by page path.

    Each page is complete without JavaScript; with it, the filter above the table searches
    every standard of `registry.json` (the same data) and replaces the rows with the matches.
    """
    count = len(site.standards)
    pages = max(1, -(-count // rows_per_page))
    filters = _filters(site)
    front = "---\nsearch:\n  exclude: true\nhide:\n  - navigation\n  - toc\n---"
    out: dict[str, str] = {}
    for number in range(1, pages + 1):
        here = paths.catalog_page(number)
        shown = site.standards[(number - 1) * rows_per_page : number * rows_per_page]
        rows = [_row(site, here, view) for view in shown]
        if pages == 1:
            counted = f"{count} standards"
        else:
            first = (number - 1) * rows_per_page + 1
            counted = f"Standards {first} to {first + len(shown) - 1} of {count}"
        data = (
            f'data-registry="{esc.attr(paths.rel_url(here, paths.REGISTRY_JSON))}" '
            f'data-standards="{esc.attr(paths.rel_url(here, "standards/index.md"))}" '
            f'data-total="{count}"'
        )
        grid = (
            f'<div class="aiss-catalog" {data}>\n'
            f'<form class="aiss-filters" data-catalog-filters hidden>{filters}</form>\n'
            f'<p class="aiss-count" data-catalog-count aria-live="polite">{counted}</p>\n'
            "<table data-catalog>\n<thead><tr><th>Id</th><th>Title</th><th>Status</th>"
            '<th>Latest version</th><th class="aiss-wide">Risk domains</th>'
            '<th class="aiss-wide">Issuers</th></tr></thead>\n<tbody>\n'
            + "\n".join(rows)
            + "\n</tbody>\n</table>\n"
            + (_pager(here, number, pages) + "\n" if pages > 1 else "")
            + "</div>"
        )
        lead = (
            "Every standard in the registry. Status, risk domains and issuers describe the "
            "latest published version (or the newest draft when none is published yet). The "
            f"same list is available as [registry.json]({paths.rel(here, paths.REGISTRY_JSON)})."
        )
        title = "# Catalog" if number == 1 else f"# Catalog, page {number} of {pages}"
        out[here] = page(front, title, lead, grid)
    return out


def render_overview(
    site: SiteView, view: StandardView, changes: Mapping[str, str] | None = None
) -> str:
    """`/standards/<ID>/`: what the standard is, every version with its status and date, and
    what changed between consecutive versions (`changes`: anchor -> section, newest first).
    """
    here = paths.overview(view.sid)
    std = view.current.standard
    changes = changes or {}
    older = dict(zip((e.standard.version for e in view.versions[1:]), view.versions, strict=False))
    rows = []
    for entry in reversed(view.versions):
        s = entry.standard
        href = paths.rel_url(here, paths.version(view.sid, s.version))
        row = [
            f'<a href="{esc.href(href)}">{s.version}</a>',
            badge("status", s.status.value) + (" (superseded)" if s.superseded_by else ""),
            status_date(s).isoformat(),
            esc.html_text(s.title),
        ]
        if changes:
            old = older.get(s.version)
            anchor = paths.changes_anchor(old.standard.version, s.version) if old else ""
            row.append(
                f'<a href="{esc.href("#" + anchor)}">from {old.standard.version}</a>'
                if old and anchor in changes
                else ""
            )
        rows.append(row)
    headers = ["Version", "Status", "Since", "Title"] + (["Changes"] if changes else [])
    latest = view.latest
    if latest:
        ver = latest.standard.version
        address = html.escape(paths.absolute(site.site_url, paths.latest(view.sid)))
        newest = paths.rel_url(here, paths.version(view.sid, ver))
        pointer = (
            f'The newest published version is <a href="{esc.href(newest)}">{ver}</a>. '
            f'This address always leads to it: <a href="latest/">{address}</a>'
        )
    else:
        pointer = "No version has been published yet."
    return page(
        heading(1, f"{view.sid}: {esc.title(std.title)}", "standard"),
        div(esc.html_prose(std.summary), p(pointer), cls="aiss-summary"),
        heading(2, "Versions", "versions"),
        div(grid(headers, rows), cls="aiss-versions"),
        heading(2, "Changes between versions", "changes") if changes else None,
        *changes.values(),
    )


def render_latest(site: SiteView, view: StandardView) -> str:
    """`/standards/<ID>/latest/`: static HTML redirecting to the newest published version."""
    latest = view.latest
    if latest is None:
        message = f'{view.sid} has no published version yet: see <a href="../">its versions</a>.'
        canonical = paths.absolute(site.site_url, paths.overview(view.sid))
        target = None
    else:
        ver = latest.standard.version
        target = f"../{ver}/"
        message = f'The newest published version of {view.sid} is <a href="{esc.href(target)}">{view.sid} {ver}</a>.'
        canonical = paths.absolute(site.site_url, paths.version(view.sid, ver))
    return redirect_page(f"{view.sid}: latest version", canonical, message, target)
