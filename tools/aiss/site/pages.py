"""Registry -> the whole generated site: page path -> Markdown, data files, and navigation.

Pure and deterministic: the same registry always gives the same bytes (sorted, no clock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from aiss import escape as esc
from aiss.catalog.codes import CODES, CodeInfo
from aiss.models import Status
from aiss.registry import Example, Registry
from aiss.settings import SITE_URL
from aiss.site import (
    catalog,
    codes_pages,
    crosswalk,
    examples_section,
    home,
    machine,
    paths,
    reference,
    version_page,
)
from aiss.site import changes as changes_mod
from aiss.site import exercises as exercises_mod
from aiss.site.public import LeftOut, select
from aiss.site.view import SiteView, StandardView, group

NavItem: TypeAlias = str | dict[str, Any]
"""An entry of MkDocs' `nav`: a page path, or `{title: path}`, or `{title: [items]}`."""

NAV_GROUP_ABOVE = 30
"""With more standards than this, the Standards menu is grouped by the id's domain part."""


@dataclass(frozen=True)
class Site:
    """Everything the registry adds to the docs tree."""

    pages: dict[str, str]
    """Markdown pages by path (`standards/AISS-CYB-001/1.1.0/index.md`)."""
    files: dict[str, bytes]
    """Other files by path: data, downloads, schemas, `latest` redirects."""
    nav: dict[str, list[NavItem]]
    """Menu sections the `aiss:<name>` placeholders in mkdocs.yml's `nav` expand to."""
    left_out: list[LeftOut] = field(default_factory=list)
    """Versions kept off the site, and why."""


def _standard_nav(view: StandardView) -> NavItem:
    """`{ID title: [overview, versions newest first]}`.

    The overview comes first without a label, so that `navigation.indexes` makes it the
    section's own page and its title comes from its heading. Version labels repeat the id,
    because a label is also the page's title in search results and browser tabs.
    """
    items: list[NavItem] = [paths.overview(view.sid)]
    for e in reversed(view.versions):
        s = e.standard
        label = f"{view.sid} {s.version}"
        if s.status is not Status.PUBLISHED:
            label += f" ({s.status.value})"
        items.append({label: paths.version(view.sid, s.version)})
    return {esc.nav_label(f"{view.sid} {view.current.standard.title}"): items}


def group_by_domain(
    entries: Sequence[tuple[str, NavItem]], above: int = NAV_GROUP_ABOVE
) -> list[NavItem]:
    """(id, menu item) pairs -> the Standards menu; grouped by the id's domain part
    (`AISS-CYB-001` -> `CYB`) when there are more than `above`, so pages stay small."""
    if len(entries) <= above:
        return [item for _, item in entries]
    grouped: dict[str, list[NavItem]] = {}
    for sid, item in entries:
        grouped.setdefault(sid.split("-")[1], []).append(item)
    return [{domain: items} for domain, items in sorted(grouped.items())]


def render_site(
    registry: Registry,
    *,
    site_url: str = SITE_URL,
    invalid: frozenset[str] = frozenset(),
    codes: Sequence[CodeInfo] | None = None,
    code_examples: Mapping[str, codes_pages.CodeExample] | None = None,
    examples: Mapping[str, Sequence[Example]] | None = None,
    changes: changes_mod.Reports | None = None,
    schema_files: Mapping[str, str] | None = None,
    document_schemas: Mapping[str, tuple[str, Mapping[str, Any]]] | None = None,
    found: reference.Found | None = None,
    today: dt.date = dt.date.min,
    exercises: Sequence[exercises_mod.ExerciseResults] = (),
) -> Site:
    """Render every page and file for the public part of `registry`.

    `invalid` holds the display paths of files with validation errors; they are left out.
    `changes` are the diffs of consecutive public versions, `schema_files` the published
    JSON Schemas by file name (both computed by the caller, which has them already);
    `document_schemas` (file name -> (title, schema)) get a reference page each, with
    examples from `found`; `exercises` the joint exercises with their submissions' reports
    (only public summaries past their embargo are shown).
    """
    shown, left_out = select(registry, invalid)
    site = SiteView(group(shown), registry.vocabularies, site_url)
    public_exercises, left_exercises = exercises_mod.select(exercises, site, today)
    left_out = [*left_out, *left_exercises]
    uses = exercises_mod.used_in(public_exercises)
    pages: dict[str, str] = {
        paths.HOME: home.render_home(site),
        paths.CATALOG: catalog.render_catalog(site),
        paths.CROSSWALKS: crosswalk.render_crosswalks(site),
    }
    files: dict[str, bytes] = machine.data_files(site, schema_files or {})
    for view in site.standards:
        sections = changes_mod.change_sections(view, changes or {})
        pages[paths.overview(view.sid)] = catalog.render_overview(site, view, sections)
        files.update(changes_mod.redirects(site.site_url, view, sections))
        files[paths.latest(view.sid)] = catalog.render_latest(site, view).encode("utf-8")
        for entry in view.versions:
            s = entry.standard
            mine = (examples or {}).get(entry.ref, ())
            pages[paths.version(s.id, s.version)] = version_page.render_version(
                site, view, entry, mine, today, uses.get(entry.ref, ())
            )
            for ex in mine:
                why = ex.not_public(today)
                if why is None:
                    files[examples_section.download(s.id, s.version, ex.name)] = ex.raw
                    if ex.left_out:
                        left_out.append(
                            LeftOut(
                                examples_section.left_out_ref(entry.ref, ex),
                                "published without " + ", ".join(ex.left_out),
                            )
                        )
                else:
                    left_out.append(LeftOut(examples_section.left_out_ref(entry.ref, ex), why))
    code_list = list(CODES.values()) if codes is None else list(codes)
    pages[paths.DIAGNOSTICS] = codes_pages.render_index(code_list)
    diag_nav: list[NavItem] = [{"All codes": paths.DIAGNOSTICS}]
    by_group: dict[str, list[NavItem]] = {}
    for info in code_list:
        example = (code_examples or {}).get(info.code)
        pages[paths.diagnostic(info.code)] = codes_pages.render_code(info, example)
        by_group.setdefault(codes_pages.group_title(info.group), []).append(
            {info.code: paths.diagnostic(info.code)}
        )
    diag_nav += [{g: items} for g, items in by_group.items()]
    ref_nav: list[NavItem] = [{"All document kinds": paths.REFERENCE}]
    kinds = document_schemas or {}
    pages[paths.REFERENCE] = reference.render_index({n: t for n, (t, _) in kinds.items()})
    for name, (title, schema) in kinds.items():
        pages[paths.reference(name)] = reference.render_reference(title, name, schema, found or {})
        ref_nav.append({title: paths.reference(name)})
    pages[exercises_mod.INDEX] = exercises_mod.render_index(site, public_exercises)
    exercise_nav: list[NavItem] = [{"All exercises": exercises_mod.INDEX}]
    for item in public_exercises:
        page_path = exercises_mod.exercise_page(item.exercise.id)
        pages[page_path] = exercises_mod.render_exercise(site, item)
        exercise_nav.append({item.exercise.id: page_path})
    standards_nav = group_by_domain([(v.sid, _standard_nav(v)) for v in site.standards])
    nav = {
        "standards": standards_nav,
        "diagnostics": diag_nav,
        "exercises": exercise_nav,
        "reference": ref_nav,
    }
    return Site(dict(sorted(pages.items())), dict(sorted(files.items())), nav, left_out)


def expand_nav(nav: list[NavItem], sections: dict[str, list[NavItem]]) -> list[NavItem]:
    """Replace `{Title: "aiss:<name>"}` entries of a configured nav with the generated sections."""
    out: list[NavItem] = []
    for item in nav:
        if isinstance(item, dict):
            expanded: dict[str, Any] = {}
            for title, value in item.items():
                if isinstance(value, str) and value.startswith("aiss:"):
                    expanded[title] = sections.get(value[len("aiss:") :], [])
                elif isinstance(value, list):
                    expanded[title] = expand_nav(value, sections)
                else:
                    expanded[title] = value
            out.append(expanded)
        else:
            out.append(item)
    return out
