"""The place for "what changed" pages between consecutive versions; their content is `aiss.diff`'s.

While `aiss.diff` is not installed, or offers no `changes_markdown(old, new) -> str`, no change
pages exist and the overview shows no "changes" column. The diff module must build its Markdown
from `aiss.site.escape`, like every other page, because changelog and requirement texts are
contributor text.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from aiss.models import Standard
from aiss.site import paths
from aiss.site.view import StandardView

ChangesRenderer = Callable[[Standard, Standard], str]

NO_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"
"""Front matter keeping change pages out of the search index: their rows repeat requirement
titles that the version pages already hold, and indexing them costs build time."""


def renderer() -> ChangesRenderer | None:
    """`aiss.diff.changes_markdown` when available."""
    try:
        module = importlib.import_module("aiss.diff")
    except ImportError:
        return None
    found = getattr(module, "changes_markdown", None)
    return found if callable(found) else None


def change_pages(view: StandardView, render: ChangesRenderer | None) -> dict[str, str]:
    """Page path -> Markdown for each pair of consecutive public versions."""
    if render is None:
        return {}
    out: dict[str, str] = {}
    for old, new in zip(view.versions, view.versions[1:], strict=False):
        page = paths.changes(view.sid, old.standard.version, new.standard.version)
        out[page] = NO_SEARCH + render(old.standard, new.standard)
    return out
