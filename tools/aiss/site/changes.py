"""What changed between consecutive versions: sections of the standard's overview page.

The content is `aiss.diff.changes_section`'s; without it (an aiss without `aiss.diff`) the
overview shows no changes. The diff module builds its Markdown from `aiss.escape`, like
every other page, because changelog and requirement texts are contributor text.

Each pair once had a page of its own at `standards/<ID>/changes/<old>..<new>/`; those
addresses stay, as static redirects to the section (a redirect is a file, not a page: it
costs the build nothing).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from aiss.models import Standard
from aiss.site import paths
from aiss.site.blocks import redirect_page
from aiss.site.view import StandardView

ChangesRenderer = Callable[[Standard, Standard], str]


def renderer() -> ChangesRenderer | None:
    """`aiss.diff.changes_section` when available."""
    try:
        module = importlib.import_module("aiss.diff")
    except ImportError:
        return None
    found = getattr(module, "changes_section", None)
    return found if callable(found) else None


def change_sections(view: StandardView, render: ChangesRenderer | None) -> dict[str, str]:
    """Anchor -> Markdown section for each pair of consecutive public versions, newest first."""
    if render is None:
        return {}
    out: dict[str, str] = {}
    pairs = list(zip(view.versions, view.versions[1:], strict=False))
    for old, new in reversed(pairs):
        anchor = paths.changes_anchor(old.standard.version, new.standard.version)
        out[anchor] = render(old.standard, new.standard).rstrip("\n")
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
        message = f'See <a href="{target}">what changed from {a} to {b}</a>.'
        title = f"{view.sid}: what changed from {a} to {b}"
        page = redirect_page(title, canonical, message, target)
        out[paths.changes_redirect(view.sid, a, b)] = page.encode()
    return out
