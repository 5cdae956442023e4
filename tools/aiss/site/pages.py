"""Registry -> the whole generated site: page path -> Markdown, data files, and navigation.

Pure and deterministic: the same registry always gives the same bytes (sorted, no clock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import orjson

from aiss import escape as esc
from aiss.catalog.codes import CODES, CodeInfo
from aiss.models import Status
from aiss.registry import Example, Registry
from aiss.settings import SITE_URL
from aiss.site import cache as cache_mod
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
from aiss.site.cache import RenderCache
from aiss.site.public import LeftOut, select
from aiss.site.view import SiteView, StandardView, group

NavItem: TypeAlias = str | dict[str, Any]
"""An entry of MkDocs' `nav`: a page path, or `{title: path}`, or `{title: [items]}`."""


@dataclass(frozen=True)
class Menu:
    """The menu of one standard, shown only on its own pages: the overview, then its
    versions newest first. Keeping it off every other page keeps each page's size the same
    whatever the size of the registry; the catalog is the index of all standards."""

    title: str
    """The menu label: id and title, escaped for MkDocs (which passes labels on unescaped)."""
    overview: str
    """The overview's page path; it is the menu's own page (its title from its heading)."""
    versions: tuple[tuple[str, str], ...]
    """(label, page path) of each version, newest first. A label repeats the id, because it
    is also the page's title in search results and browser tabs."""

    @property
    def pages(self) -> tuple[str, ...]:
        return (self.overview, *(path for _, path in self.versions))


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
    menus: dict[str, Menu] = field(default_factory=dict)
    """Each standard's own menu by id; the `standards` section of `nav` holds the catalog
    only, and the build shows a standard's menu under it on that standard's pages."""


def standard_menu(view: StandardView) -> Menu:
    """The menu of one standard: its overview, then its versions newest first."""
    versions = []
    for e in reversed(view.versions):
        s = e.standard
        label = f"{view.sid} {s.version}"
        if s.status is not Status.PUBLISHED:
            label += f" ({s.status.value})"
        versions.append((label, paths.version(view.sid, s.version)))
    title = esc.nav_label(f"{view.sid} {view.current.standard.title}")
    return Menu(title, paths.overview(view.sid), tuple(versions))


def in_menu(path: str) -> bool:
    """Whether a generated page is in the site-wide menu (`nav`); the others (standards,
    further catalog and crosswalk pages) are reached through the indexes and their own menus."""
    return path in paths.IN_MENU or not path.startswith(paths.OFF_MENU)


Uses: TypeAlias = Mapping[str, Sequence[tuple[str, str]]]
"""Version ref -> the joint exercises that used it (id, title), as the version page lists them."""


def _render_standard(
    site: SiteView,
    view: StandardView,
    sections: Mapping[str, str],
    examples: Mapping[str, Sequence[Example]],
    today: dt.date,
    uses: Uses,
) -> dict[str, str]:
    """The pages of one standard: its overview and a page per version."""
    own = {paths.overview(view.sid): catalog.render_overview(site, view, sections)}
    for entry in view.versions:
        s = entry.standard
        own[paths.version(s.id, s.version)] = version_page.render_version(
            site, view, entry, examples[entry.ref], today, uses.get(entry.ref, ())
        )
    return own


def _context(site: SiteView) -> str:
    """The part of every standard's cache key that the whole site shares: the renderer's
    code, the site's address and the vocabularies (whose names the pages show)."""
    vocabularies = orjson.dumps(
        {name: v.model_dump(mode="json") for name, v in sorted(site.vocabularies.items())}
    )
    return cache_mod.key("site-pages 1", cache_mod.code_digest(), site.site_url, vocabularies)


def _standard_key(
    context: str,
    view: StandardView,
    sections: Mapping[str, str],
    examples: Mapping[str, Sequence[Example]],
    today: dt.date,
    uses: Uses,
) -> str:
    """Everything a standard's pages are rendered from besides the other standards' versions
    they look up (those are checked on each hit): each version's file, what its page shows
    of its examples (shown or not today) and of the exercises that used it, and the changes
    between versions."""
    parts: list[str | bytes] = [context, view.sid]
    for entry in view.versions:
        mine = examples[entry.ref]
        parts += [entry.ref, entry.sha256, str(len(mine))]
        for ex in mine:
            shown = "shown" if ex.public(today) else "hidden"
            parts += [ex.name, ex.expected_verdict or "", ex.description or "", shown]
        parts.append(orjson.dumps([list(u) for u in uses.get(entry.ref, ())]))
    parts.append(orjson.dumps(list(sections.items())))
    return cache_mod.key(*parts)


def _sha256_of(site: SiteView) -> Callable[[str], str | None]:
    def lookup(ref: str) -> str | None:
        found = site.resolve(ref)
        return found.sha256 if found else None

    return lookup


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
    cache: RenderCache | None = None,
) -> Site:
    """Render every page and file for the public part of `registry`.

    `invalid` holds the display paths of files with validation errors; they are left out.
    `changes` are the diffs of consecutive public versions, `schema_files` the published
    JSON Schemas by file name (both computed by the caller, which has them already);
    `document_schemas` (file name -> (title, schema)) get a reference page each, with
    examples from `found`; `exercises` the joint exercises with their submissions' reports
    (only public summaries past their embargo are shown). With a `cache`, each standard
    whose pages were rendered before from the same inputs gets them from it.
    """
    shown, left_out = select(registry, invalid)
    site = SiteView(group(shown), registry.vocabularies, site_url)
    public_exercises, left_exercises = exercises_mod.select(exercises, site, today)
    left_out = [*left_out, *left_exercises]
    uses = exercises_mod.used_in(public_exercises)
    pages: dict[str, str] = {
        paths.HOME: home.render_home(site),
        **catalog.render_catalog(site),
        **crosswalk.render_crosswalks(site),
    }
    files: dict[str, bytes] = machine.data_files(site, schema_files or {})
    context = _context(site) if cache is not None and cache.enabled else ""
    for view in site.standards:
        sections = changes_mod.change_sections(view, changes or {})
        files.update(changes_mod.redirects(site.site_url, view, sections))
        files[paths.latest(view.sid)] = catalog.render_latest(site, view).encode("utf-8")
        mine = {e.ref: (examples or {}).get(e.ref, ()) for e in view.versions}
        digest = _standard_key(context, view, sections, mine, today, uses) if context else ""
        reused = cache.get(digest, _sha256_of(site)) if cache is not None and digest else None
        if reused is None:
            recording = site.recording()
            own = _render_standard(recording, view, sections, mine, today, uses)
            if cache is not None and digest:
                cache.put(digest, recording.reads or {}, own)
        else:
            own = reused
        pages.update(own)
        for entry in view.versions:
            s = entry.standard
            for ex in mine[entry.ref]:
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
    if cache is not None:
        cache.flush()
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
    nav: dict[str, list[NavItem]] = {
        "standards": [paths.CATALOG],
        "diagnostics": diag_nav,
        "exercises": exercise_nav,
        "reference": ref_nav,
    }
    menus = {view.sid: standard_menu(view) for view in site.standards}
    return Site(dict(sorted(pages.items())), dict(sorted(files.items())), nav, left_out, menus)


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
