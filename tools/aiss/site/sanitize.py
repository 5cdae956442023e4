"""A second line of defence: an allow-list HTML sanitizer (nh3) over every generated page.

`escape` already keeps contributor text inert; this pass runs on the HTML MkDocs produced from
the generated Markdown, so even a mistake there cannot put a script, an event handler or a
`javascript:` URL into the site. Hand-written pages in `site_src/` are trusted and not touched.
"""

from __future__ import annotations

from functools import cache
from typing import Any

TAGS = frozenset(
    [
        "a",
        "abbr",
        "blockquote",
        "br",
        "caption",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "kbd",
        "label",
        "li",
        "ol",
        "option",
        "p",
        "pre",
        "s",
        "select",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
ATTRIBUTES = {
    "*": {
        "class",
        "id",
        "title",
        "hidden",
        "aria-label",
        "aria-live",
        "aria-current",
        "role",
        "lang",
    },
    "a": {"href"},
    "option": {"value", "selected"},
    "label": {"for"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@cache
def _cleaner() -> Any:
    import nh3

    return nh3.Cleaner(
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        generic_attribute_prefixes={"data-"},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def clean(html: str) -> str:
    """`html` with everything outside the allow-list removed."""
    return str(_cleaner().clean(html))
