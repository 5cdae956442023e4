"""Building blocks for generated pages: Markdown headings around raw HTML bodies.

Headings stay Markdown, so that the table of contents, permalinks and search sections work in
any builder; bodies are raw HTML blocks, which Markdown passes through untouched (and which
cost a fraction of the Markdown they replace). Every argument is already safe: contributor
text reaches these functions only through `aiss.escape`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from aiss import escape as esc

_BADGE_VALUE = re.compile(r"[A-Za-z0-9:+_.-]{1,40}")

BCP14 = (
    'The key words "MUST", "MUST NOT", "REQUIRED", "SHALL", "SHALL NOT", "SHOULD", '
    '"SHOULD NOT", "RECOMMENDED", "NOT RECOMMENDED", "MAY", and "OPTIONAL" in this document '
    "are to be interpreted as described in BCP 14 "
    "([RFC 2119](https://www.rfc-editor.org/rfc/rfc2119), "
    "[RFC 8174](https://www.rfc-editor.org/rfc/rfc8174)) when, and only when, they appear in "
    "all capitals, as shown here."
)
"""The BCP 14 boilerplate (RFC 8174, section 2), as Markdown."""


def heading(level: int, markdown: str, anchor: str) -> str:
    """A Markdown heading with a fixed id, so its URL fragment never depends on the text."""
    return f"{'#' * level} {markdown} {{#{esc.anchor(anchor)}}}"


def join(*parts: str | None) -> str:
    """Blocks separated by blank lines; empty parts dropped."""
    return "\n\n".join(p for p in parts if p)


def page(*parts: str | None) -> str:
    """A whole page: blocks separated by blank lines, one final newline."""
    return join(*parts) + "\n"


def badge(kind: str, value: str) -> str:
    """An inline label styled by `site_src/assets/aiss.css`; `value` is an enum value, not text.
    It shows the value exactly as the command line prints it (`non_conformant`), so that the
    site and the tools use one term."""
    if not _BADGE_VALUE.fullmatch(value):
        raise ValueError(f"not a badge value: {value!r}")
    css = re.sub(r"[^a-z0-9]+", "-", value.lower())
    return f'<span class="aiss-{kind} aiss-{kind}-{css}">{value}</span>'


# ------------------------------------------------------------------ Markdown (small pages)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown pipe table; cells must not contain raw `|` or newlines (escape.text ensures it)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(c or " " for c in row) + " |" for row in rows]
    return "\n".join(lines)


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {i}" for i in items)


# ------------------------------------------------------------------------ HTML (bodies)


def p(body: str, cls: str | None = None) -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<p{attr}>{body}</p>"


def div(*parts: str | None, cls: str) -> str:
    """A raw HTML block: opens at the start of a line and holds no blank line."""
    inner = "\n".join(x for x in parts if x)
    return f'<div class="{cls}">\n{inner}\n</div>'


def ul(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def grid(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """An HTML table with a header row."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def facts(rows: Iterable[tuple[str, str | None]]) -> str:
    """A two-column table of labelled values; rows whose value is None are skipped."""
    body = "\n".join(
        f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows if v is not None
    )
    return f"<table>\n<tbody>\n{body}\n</tbody>\n</table>"


def admonition(kind: str, label: str, body: str) -> str:
    """The HTML of a Material admonition (what `!!! kind "label"` would produce)."""
    return (
        f'<div class="admonition {kind}">\n<p class="admonition-title">{label}</p>\n'
        f"<p>{body}</p>\n</div>"
    )


def redirect_page(title: str, canonical: str, message: str, target: str | None) -> str:
    """A static HTML page for an address that leads elsewhere (`latest/`, former change pages):
    canonical link, no indexing, and an immediate refresh to `target` when there is one.
    `title` and `message` are HTML built from validated ids and versions only."""
    refresh = f'<meta http-equiv="refresh" content="0; url={esc.href(target)}">\n' if target else ""
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<link rel="canonical" href="{esc.href(canonical)}">\n'
        '<meta name="robots" content="noindex">\n'
        f"{refresh}"
        "</head>\n<body>\n"
        f"<p>{message}</p>\n"
        "</body>\n</html>\n"
    )
