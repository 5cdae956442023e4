"""The page of one standard version, at `/standards/<ID>/<version>/`."""

from __future__ import annotations

import datetime as dt
import html
import urllib.parse
from collections.abc import Sequence

from aiss import escape as esc
from aiss.models import Status, Tlp
from aiss.models.standard import Standard
from aiss.registry import Entry, Example
from aiss.settings import REPO_URL
from aiss.site import paths, requirements, sections
from aiss.site.blocks import admonition, badge, div, facts, grid, heading, p, page, ul
from aiss.site.examples_section import render_examples
from aiss.site.labels import html_label
from aiss.site.view import SiteView, StandardView, published_date, status_date

TLP_MEANING = {
    Tlp.CLEAR: "Recipients can spread this to the world; there is no limit on disclosure.",
    Tlp.GREEN: "Limited disclosure: recipients can share this within their community.",
    Tlp.AMBER: "Limited disclosure: recipients can share this only on a need-to-know basis.",
    Tlp.AMBER_STRICT: "Limited disclosure: recipients can share this only within their organisation.",
    Tlp.RED: "For the eyes and ears of individual recipients only, no further disclosure.",
}


def marking(tlp: Tlp) -> str:
    """The TLP 2.0 label and its meaning, shown at the top and the bottom of the page."""
    return p(f"{badge('tlp', tlp.value)} {TLP_MEANING[tlp]}", cls="aiss-marking")


def _version_link(here: str, sid: str, version: str, label: str | None = None) -> str:
    href = paths.rel_url(here, paths.version(sid, version))
    return f'<a href="{esc.href(href)}">{label or version}</a>'


def _ref_link(here: str, site: SiteView, ref: str) -> str:
    """`ID@version` as a link to its page when it is on the site, else as text."""
    target = site.resolve(ref)
    shown = esc.html_text(ref.replace("@", " "))
    if target is None:
        return shown
    return _version_link(here, target.standard.id, target.standard.version, shown)


def banners(here: str, site: SiteView, view: StandardView, entry: Entry) -> list[str]:
    """Status banners: draft or proposed, deprecated, withdrawn, superseded, newer version."""
    std = entry.standard
    out: list[str] = []
    latest = view.latest
    latest_link = _version_link(here, view.sid, latest.standard.version) if latest else None
    if std.status in (Status.DRAFT, Status.PROPOSED):
        what = "a draft" if std.status is Status.DRAFT else "proposed, open for comment"
        use = f" The version in force is {latest_link}." if latest_link else ""
        out.append(
            admonition(
                "warning",
                std.status.value.capitalize(),
                f"This version is {what} and not yet in force; it may still change.{use}",
            )
        )
    if std.status is Status.DEPRECATED:
        out.append(
            admonition(
                "warning",
                "Deprecated",
                "This version is deprecated: do not start new evaluations under it.",
            )
        )
    if std.status is Status.WITHDRAWN:
        out.append(
            admonition("danger", "Withdrawn", "This version is withdrawn and must not be used.")
        )
    if std.superseded_by:
        out.append(
            admonition(
                "warning",
                "Superseded",
                f"This version is superseded by {_ref_link(here, site, std.superseded_by)}.",
            )
        )
    newer = view.newer_released(entry)
    if newer is not None and (
        not std.superseded_by or site.resolve(std.superseded_by) is not newer
    ):
        out.append(
            admonition(
                "info", "A newer version exists", f"The newest published version is {latest_link}."
            )
        )
    return out


def _people(site: SiteView, std: Standard) -> str | None:
    if not std.editors:
        return None
    return "; ".join(
        f"{esc.html_text(x.name)} ({esc.html_text(site.name('issuers', x.org))})"
        for x in std.editors
    )


def _source_links(sid: str, ver: str) -> str:
    """The version's file in the repository, and a new issue about it (ids and versions are
    validated, so they go into the addresses as they are, the title encoded)."""
    source = f"{REPO_URL}/blob/main/standards/{sid}/{ver}/standard.yaml"
    title = urllib.parse.quote(f"{sid} {ver}: ")
    issue = f"{REPO_URL}/issues/new?title={title}"
    return (
        f'<a href="{html.escape(source)}">standard.yaml in the repository</a> · '
        f'<a href="{html.escape(issue)}">comment or report a problem</a>'
    )


def _meta(here: str, site: SiteView, entry: Entry) -> str:
    std = entry.standard
    sid, ver = std.id, std.version
    published = published_date(std)
    yaml_href = paths.rel_url(here, paths.download(sid, ver, "yaml"))
    json_href = paths.rel_url(here, paths.download(sid, ver, "json"))
    downloads = (
        f'<a href="{esc.href(yaml_href)}">YAML</a> · <a href="{esc.href(json_href)}">JSON</a> · '
        f"the YAML file's sha256 {esc.html_code(entry.sha256)}"
    )
    names = [esc.html_text(site.name("issuers", i)) for i in std.issuers]
    domains = [esc.html_text(site.name("risk-domains", d)) for d in std.risk_domains]
    rows = [
        ("Status", f"{badge('status', std.status.value)} since {status_date(std).isoformat()}"),
        ("Published", published.isoformat() if published else None),
        ("Issued by", ", ".join(names)),
        ("Editors", _people(site, std)),
        ("Risk domains", ", ".join(domains)),
        ("Effective", std.effective_date.isoformat() if std.effective_date else None),
        ("Review by", std.review_by.isoformat() if std.review_by else None),
        ("Supersedes", _ref_link(here, site, std.supersedes) if std.supersedes else None),
        ("Superseded by", _ref_link(here, site, std.superseded_by) if std.superseded_by else None),
        (
            "All versions",
            f'<a href="{esc.href(paths.rel_url(here, paths.overview(sid)))}">{sid}</a>',
        ),
        ("Download", downloads),
        ("Source and feedback", _source_links(sid, ver)),
    ]
    return facts(rows)


def citation(site: SiteView, entry: Entry) -> str:
    """How to cite this version: its permanent address and the digest of its file, as a
    reference and as the `standard` block a result submission names it with."""
    std = entry.standard
    url = paths.absolute(site.site_url, paths.version(std.id, std.version))
    issuers = ", ".join(site.name("issuers", i) for i in std.issuers)
    when = published_date(std) or status_date(std)
    reference = (
        f"{issuers}. {std.id} {std.version}: {std.title}. AISS test standard, "
        f"{std.status.value} {when.isoformat()}. {url} (sha256 {entry.sha256})."
    )
    claim = f'standard:\n  id: {std.id}\n  version: "{std.version}"\n  sha256: {entry.sha256}'
    return (
        heading(2, "How to cite this version", "cite")
        + "\n\n"
        + div(
            p(
                "Cite the version, not the standard: its address never changes, and the sha256 "
                "(of the YAML file, as downloaded) names exactly the text you used."
            ),
            f'<pre class="aiss-cite"><code>{esc.html_text(reference)}</code></pre>',
            p("A result submission names it with:"),
            '<pre class="aiss-cite"><code>'
            + "\n".join(esc.html_text(line) for line in claim.split("\n"))
            + "</code></pre>",
            cls="aiss-citation",
        )
    )


def _crosswalks(here: str, site: SiteView, std: Standard) -> str | None:
    if not std.crosswalks:
        return None
    rows = [
        (
            esc.html_text(site.name("frameworks", c.framework)),
            esc.html_text(c.framework_version),
            sections.anchor(c.requirement),
            sections.codes(c.targets),
            html_label(c.relationship),
        )
        for c in std.crosswalks
    ]
    index = paths.rel_url(here, paths.CROSSWALKS)
    lead = p(
        "How this version's requirements map to external frameworks; see also the "
        f'<a href="{esc.href(index)}">crosswalk index</a>.'
    )
    table = grid(["Framework", "Framework version", "Requirement", "Items", "Relationship"], rows)
    return heading(2, "Crosswalks", "crosswalks") + "\n\n" + div(lead, table, cls="aiss-crosswalks")


def _changelog(std: Standard) -> str:
    items = []
    for c in std.changelog:
        when = f" ({c.date.isoformat()})" if c.date else " (undated)"
        changes = ul(esc.html_inline(x) for x in c.changes) if c.changes else ""
        items.append(f"<strong>{esc.html_text(c.version)}</strong>{when}{changes}")
    return heading(2, "Changelog", "changelog") + "\n\n" + div(ul(items), cls="aiss-changelog")


def used_in(here: str, uses: Sequence[tuple[str, str]]) -> str | None:
    """The "Used in exercises" section: (exercise id, public title) of each public exercise."""
    if not uses:
        return None
    links = [
        f'<a href="{paths.rel_url(here, paths.exercise(ex_id))}">{esc.html_text(ex_id)}</a>: '
        f"{esc.html_text(title)}"
        for ex_id, title in uses
    ]
    body = div(ul(links), cls="aiss-exercises")
    return heading(2, "Used in exercises", "used-in-exercises") + "\n\n" + body


def render_version(
    site: SiteView,
    view: StandardView,
    entry: Entry,
    examples: Sequence[Example] = (),
    today: dt.date = dt.date.min,
    exercises: Sequence[tuple[str, str]] = (),
) -> str:
    """Markdown of one version page; `examples` are filtered to the public ones here."""
    std = entry.standard
    here = paths.version(std.id, std.version)
    return page(
        heading(1, f"{std.id} {std.version}: {esc.title(std.title)}", "standard"),
        div(
            marking(std.marking),
            *banners(here, site, view, entry),
            _meta(here, site, entry),
            cls="aiss-header",
        ),
        heading(2, "Summary", "summary"),
        div(esc.html_prose(std.summary), cls="aiss-summary"),
        sections.scope(std),
        sections.threat_profiles(std),
        sections.definitions(std),
        sections.reference_models(std),
        sections.procedures(std),
        sections.metrics(std),
        sections.outcome_bands(std),
        requirements.render_requirements(std),
        sections.reporting(std),
        sections.references(std),
        _crosswalks(here, site, std),
        render_examples(std.id, std.version, examples, today),
        used_in(here, exercises),
        _changelog(std),
        citation(site, entry),
        div(marking(std.marking), cls="aiss-footer"),
    )
