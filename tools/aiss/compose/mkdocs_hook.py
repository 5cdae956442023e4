"""The MkDocs hook named in mkdocs.yml (`hooks:`): its event handlers add the registry's pages
to a build.

`on_config` loads and validates the registry and renders the site; `on_files` adds every page
and data file as a virtual file (nothing generated is written into `site_src/`);
`on_nav` gives each standard's pages a menu of that standard's versions only (under the
section that holds the catalog), so that a page's size does not grow with the registry;
`on_page_context` shows that menu on those pages; `on_page_content` sanitizes the HTML of
generated pages. The registry folder is `standards/` next to `mkdocs.yml`, unless
`aiss build/serve --root` chose another with `use_registry`.

Fault injection for the interrupted-build tests: with `AISS_FAULT_INJECTION` set to
`interrupt-mid-build` (SIGINT, as Ctrl-C sends it) or `kill-mid-build` (SIGKILL), the process
signals itself once `FAULT_AFTER_PAGES` pages have been written.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from aiss.compose.site import render
from aiss.compose.validate import Validation, load_registry
from aiss.errors import UsageError
from aiss.settings import SITE_URL
from aiss.site import paths
from aiss.site.cache import Cache, RenderCache
from aiss.site.pages import Site, expand_nav, in_menu
from aiss.site.sanitize import clean

__all__ = [
    "on_config",
    "on_files",
    "on_nav",
    "on_page_content",
    "on_page_context",
    "on_post_page",
    "use_registry",
]

log = logging.getLogger("mkdocs.plugins.aiss")
"""A child of MkDocs' logger: its warnings fail `mkdocs build --strict`."""


@dataclass
class _State:
    root: Path | None = None
    """Registry folder chosen by the aiss CLI; None means `standards/` beside mkdocs.yml."""
    preloaded: Validation | None = None
    """A registry the CLI already loaded and whose diagnostics it already reported."""
    site: Site | None = None
    """The site rendered by the last `on_config`."""
    cache: bool = True
    """Whether unchanged standards' pages come from the rendered-Markdown cache
    (`aiss.site.cache`); `aiss build --no-cache` turns it off."""
    menus: dict[str, Navigation] | None = None
    """Page path -> the navigation shown on it, for the pages of each standard (`on_nav`)."""


STATE = _State()


@contextmanager
def use_registry(
    root: Path | None, preloaded: Validation | None = None, *, cache: bool = True
) -> Iterator[None]:
    """Build from `root` (and, optionally, a registry already loaded from it) inside the
    block; `cache=False` renders every page afresh."""
    saved = (STATE.root, STATE.preloaded, STATE.cache)
    STATE.root, STATE.preloaded, STATE.cache = root, preloaded, cache
    try:
        yield
    finally:
        STATE.root, STATE.preloaded, STATE.cache = saved


def registry_root(config: Any) -> Path:
    if STATE.root is not None:
        return STATE.root
    return Path(config.config_file_path or ".").resolve().parent / "standards"


def on_config(config: Any) -> Any:
    try:
        return _on_config(config)
    except UsageError as exc:  # a file changed while it was read: said as mkdocs says its own
        raise PluginError(f"aiss: {exc}") from None


def _on_config(config: Any) -> Any:
    root = registry_root(config)
    if not root.is_dir():
        raise PluginError(f"aiss: no registry folder at {root}")
    if STATE.preloaded is not None:
        result = STATE.preloaded
        level = logging.INFO
    else:
        result = load_registry(root)
        level = logging.WARNING
    errors = [d for d in result.diagnostics if d.is_error]
    for d in errors:
        log.log(level, "%s:%d:%d: error[%s] %s", d.path, d.line, d.column, d.code, d.message)
    store = Cache.default(STATE.cache)
    site = render(
        result,
        site_url=config.site_url or SITE_URL,
        today=dt.date.today(),  # the clock is read here, at the edge
        cache=RenderCache(store),
    )
    if store.enabled:
        log.info(
            "aiss: %d standards' pages from the cache in %s, %d rendered (%d entries rejected)",
            store.hits,
            store.root,
            store.misses,
            store.rejected,
        )
    for left in site.left_out:
        log.info("aiss: %s left off the site: %s", left.ref, left.reason)
    log.info("aiss: %d pages and %d files from %s", len(site.pages), len(site.files), root)
    if config.nav:
        config.nav = expand_nav(config.nav, site.nav)
    if str(root) not in config.watch:
        config.watch.append(str(root))
    STATE.site = site
    return config


def on_files(files: Any, config: Any) -> Any:
    site = STATE.site
    assert site is not None, "on_config did not run"
    off = InclusionLevel.NOT_IN_NAV
    for path, markdown in site.pages.items():
        inclusion = InclusionLevel.UNDEFINED if in_menu(path) else off
        _add(files, File.generated(config, path, content=markdown, inclusion=inclusion))
    for path, data in site.files.items():
        _add(files, File.generated(config, path, content=data))
    return files


def _add(files: Any, file: Any) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        log.warning("aiss: %s in site_src is replaced by the generated page", file.src_uri)
        files.remove(existing)
    files.append(file)


def _catalog_section(items: list[Any]) -> Section | None:
    """The section whose own entries include the catalog page, if any."""
    for item in items:
        if isinstance(item, Section):
            if any(isinstance(c, Page) and c.file.src_uri == paths.CATALOG for c in item.children):
                return item
            found = _catalog_section(item.children)
            if found is not None:
                return found
    return None


def _with(nav: Navigation, holder: Section | None, added: Section) -> Navigation:
    """`nav` with `added` as the last entry of `holder` (or of the top level): copies of
    `holder` and of the sections above it, so that the site's own nav stays as it was and
    `added` becomes active, with them, when one of its pages is shown."""
    if holder is None:
        return Navigation([*nav.items, added], nav.pages)
    child: Section = added
    copy: Section | None = None
    old: Section | None = holder
    children = [*holder.children, added]
    while old is not None:
        copy = Section(old.title, children)
        child.parent = copy
        parent = old.parent
        if parent is None:
            break
        children = [copy if c is old else c for c in parent.children]
        child, old = copy, parent
    assert copy is not None and old is not None
    return Navigation([copy if item is old else item for item in nav.items], nav.pages)


def on_nav(nav: Navigation, config: Any, files: Any) -> Navigation:
    """Give each standard's pages a navigation of their own: the site's menu with, after the
    catalog, that standard's section (overview, versions) and no other standard's."""
    site = STATE.site
    STATE.menus = {}
    if site is None:
        return nav
    holder = _catalog_section(nav.items)
    for menu in site.menus.values():
        pages: list[Page] = []
        for label, path in ((None, menu.overview), *menu.versions):
            file = files.get_file_from_path(path)
            if file is None or file.page is None:
                continue
            if label is not None:
                file.page.title = label
            pages.append(file.page)
        if not pages:
            continue
        section = Section(menu.title, list(pages))
        for page in pages:
            page.parent = section
        shown = _with(nav, holder, section)
        for page in pages:
            STATE.menus[page.file.src_uri] = shown
    return nav


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    menus = STATE.menus or {}
    mine = menus.get(page.file.src_uri)
    if mine is not None:
        context["nav"] = mine
    return context


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    site = STATE.site
    if site is not None and page.file.generated_by and page.file.src_uri in site.pages:
        return clean(html)
    return html


FAULT_AFTER_PAGES = 12
_FAULTS = {"interrupt-mid-build": signal.SIGINT, "kill-mid-build": signal.SIGKILL}
_PAGES = [0]


def on_post_page(output: str, page: Any, config: Any) -> str:
    fault = _FAULTS.get(os.environ.get("AISS_FAULT_INJECTION", ""))
    if fault is not None:
        _PAGES[0] += 1
        if _PAGES[0] == FAULT_AFTER_PAGES:
            os.kill(os.getpid(), fault)
    return output
