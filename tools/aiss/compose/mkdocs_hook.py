"""The MkDocs hook named in mkdocs.yml (`hooks:`): its event handlers add the registry's pages
to a build.

`on_config` loads and validates the registry and renders the site; `on_files` adds every page
and data file as a virtual file (nothing generated is written into `site_src/`);
`on_page_content` sanitizes the HTML of generated pages. The registry folder is `standards/`
next to `mkdocs.yml`, unless `aiss build/serve --root` chose another with `use_registry`.

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
from mkdocs.structure.files import File

from aiss.compose.site import render
from aiss.compose.validate import Validation, load_registry
from aiss.settings import SITE_URL
from aiss.site.pages import Site, expand_nav
from aiss.site.sanitize import clean

__all__ = ["on_config", "on_files", "on_page_content", "on_post_page", "use_registry"]

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


STATE = _State()


@contextmanager
def use_registry(root: Path | None, preloaded: Validation | None = None) -> Iterator[None]:
    """Build from `root` (and, optionally, a registry already loaded from it) inside the block."""
    saved = (STATE.root, STATE.preloaded)
    STATE.root, STATE.preloaded = root, preloaded
    try:
        yield
    finally:
        STATE.root, STATE.preloaded = saved


def registry_root(config: Any) -> Path:
    if STATE.root is not None:
        return STATE.root
    return Path(config.config_file_path or ".").resolve().parent / "standards"


def on_config(config: Any) -> Any:
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
    site = render(
        result,
        site_url=config.site_url or SITE_URL,
        today=dt.date.today(),  # the clock is read here, at the edge
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
    for path, markdown in site.pages.items():
        _add(files, File.generated(config, path, content=markdown))
    for path, data in site.files.items():
        _add(files, File.generated(config, path, content=data))
    return files


def _add(files: Any, file: Any) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        log.warning("aiss: %s in site_src is replaced by the generated page", file.src_uri)
        files.remove(existing)
    files.append(file)


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
