"""The site: registry -> Markdown pages and data files (pure), plus the thin MkDocs hook."""

from aiss.site.pages import Site, expand_nav, render_site

__all__ = ["Site", "expand_nav", "render_site"]
