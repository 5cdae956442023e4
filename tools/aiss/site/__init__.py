"""The site: registry -> Markdown pages and data files (pure), plus the thin MkDocs hook.

`Site`, `expand_nav` and `render_site` (`aiss.site.pages`) are loaded when first asked for
(PEP 562): `aiss validate` reads `aiss.site.public`, and importing the page renderers with it
cost every validate run 50 to 100 ms before its first file (paired, this machine)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiss.site.pages import Site, expand_nav, render_site

__all__ = ["Site", "expand_nav", "render_site"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("aiss.site.pages"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
