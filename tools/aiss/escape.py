"""The one place where contributor text becomes Markdown or HTML: it stays text.

Titles, summaries and requirement texts come from pull requests, so nothing in them may turn
into markup. Two flavours, one rule set:

* **HTML** (`html_*`), for the bodies of generated pages, which are raw HTML blocks: every
  `&`, `<`, `>`, quote and brace is escaped, and the only structure is what this module builds
  itself: paragraphs, bullet lists, code spans, and links whose scheme is http, https or mailto.
* **Markdown** (`text`, `code`, `title`, `inline`, `prose`), for headings and the few Markdown
  pages: every character that Markdown, an enabled extension (attr_list `{...}`, tables `|`) or
  HTML could act on is written as a numeric character reference, which the browser shows as the
  character and Markdown leaves alone.

Include syntax (`--8<--`) and template syntax (`{{ }}`, `{% %}`) lose their `<` and `{` on the
way in both flavours, so no include or template engine could ever see them.

Every value that reaches an attribute goes through `attr` (HTML-escaped, quotes included);
a link target through `href` (URL-encoded, then `attr`); an element id or heading anchor
through `anchor` (only `[A-Za-z0-9._:-]` survive). Ids and versions are validated patterns,
so for them these change nothing: they are the second line of defence.

Text for a terminal, a CI log or XML (the reporters' text, github and junit formats) goes
through `shown`: one line with every control character written as an escape, so no terminal
escape sequence, workflow command (`::error ...` at the start of a line) or broken XML can
come of a file name or a value a message quotes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import TextIO
from urllib.parse import quote, urlsplit

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""The only URL schemes a link may have; anything else is shown as text."""

_ALWAYS = frozenset("\\`*_{}[]<>&|#!~^")
"""Characters encoded wherever they are: each starts or ends some inline syntax."""
_AT_START = frozenset("+-=>")
"""Characters encoded when they open a fragment (list, heading, quote, fence and table syntax)."""
_LEADING_LIST = re.compile(r"^(\d+)([.)])(?=\s|$)")

_URL = re.compile(r"(?:https?://|mailto:)[^\s<>\"'`\\|{}\[\]^]+", re.IGNORECASE)
_CODE = re.compile(r"`([^`\n]+)`")
_TRAILING = ".,;:!?"
_LIST_ITEM = re.compile(r"^\s*[-*]\s+(.*)$")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_URL_UNSAFE = {c: f"%{ord(c):02X}" for c in " \"'<>\\^`{|}[]()"}
_LOOKALIKE = str.maketrans({"<": "‹", ">": "›"})


_UNSHOWN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)
"""What `shown` writes as an escape: C0 and C1 control characters and DEL (newline, tab and
escape included), the bidirectional controls, the line and paragraph separators, lone
surrogates and the two non-characters XML 1.0 forbids."""


def _escaped(m: re.Match[str]) -> str:
    n = ord(m[0])
    return {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}.get(n) or (
        f"\\x{n:02x}" if n <= 0xFF else f"\\u{n:04x}"
    )


def shown(value: str) -> str:
    """`value` as one line of plain text for a terminal, a CI log or an XML document: each
    character `_UNSHOWN` names written as a Python-style escape (`\\n`, `\\x1b`, `\\u202e`)."""
    return value if _UNSHOWN.search(value) is None else _UNSHOWN.sub(_escaped, value)


def write_line(out: TextIO, value: str) -> None:
    """Write `value` to `out` as one line: `shown`, then a newline."""
    out.write(shown(value) + "\n")


def _ref(ch: str) -> str:
    return f"&#{ord(ch)};"


def _squash(value: str) -> str:
    return " ".join(value.split())


def safe_url(url: str) -> str | None:
    """`url` ready for a link target, or None when its scheme is not http, https or mailto."""
    url = url.strip()
    if not url or any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in LINK_SCHEMES:
        return None
    return "".join(_URL_UNSAFE.get(c, c) for c in url)


def _url_end(candidate: str) -> str:
    while candidate and (
        candidate[-1] in _TRAILING
        or (candidate[-1] == ")" and candidate.count(")") > candidate.count("("))
    ):
        candidate = candidate[:-1]
    return candidate


def _tokens(flat: str) -> Iterator[tuple[str, str]]:
    """Split one line of text into ("text" | "code" | "url", value) pieces."""
    pos = 0
    while pos < len(flat):
        cm = _CODE.search(flat, pos)
        um = _URL.search(flat, pos)
        if um is not None and (cm is None or um.start() < cm.start()):
            url = _url_end(um[0])
            yield "text", flat[pos : um.start()]
            yield ("url" if safe_url(url) else "text"), url
            pos = um.start() + len(url)
        elif cm is not None:
            yield "text", flat[pos : cm.start()]
            yield "code", cm[1]
            pos = cm.end()
        else:
            yield "text", flat[pos:]
            return


def _blocks(value: str) -> Iterator[tuple[str, list[str]]]:
    """Blank-line separated blocks: ("list", items) when every line starts with `- ` or `* `,
    else ("p", [the lines joined])."""
    for raw in _BLANK_LINES.split(value.strip()):
        lines = [ln for ln in raw.splitlines() if ln.strip()]
        if not lines:
            continue
        items = [_LIST_ITEM.match(ln) for ln in lines]
        if all(items):
            yield "list", [m[1] for m in items if m]
        else:
            yield "p", [" ".join(lines)]


# ------------------------------------------------------------------------------------- HTML


def _h(value: str) -> str:
    return html.escape(value, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def html_text(value: str) -> str:
    """Escaped text for element content or attribute values (newlines become spaces)."""
    return _h(_squash(value))


def attr(value: str) -> str:
    """A value for an HTML attribute in double quotes (`data-*`, `title`, `id`, `class`)."""
    return _h(value)


_HREF_SAFE = "/:@!$&'()*+,;=-._~%?#"
"""What `href` leaves as it is: the URL syntax of a link aiss builds itself."""


def href(url: str) -> str:
    """A link target aiss built (a relative path, an anchor): every character outside URL
    syntax percent-encoded (quotes, spaces, `<`, `>`, non-ASCII), then attribute-escaped."""
    return attr(quote(url, safe=_HREF_SAFE))


_NOT_ANCHOR = re.compile(r"[^A-Za-z0-9._:-]")


def anchor(value: str) -> str:
    """An element id or URL fragment: characters outside `[A-Za-z0-9._:-]` become `-`."""
    return _NOT_ANCHOR.sub("-", value)


def html_code(value: str) -> str:
    return f"<code>{html_text(value)}</code>"


def html_link(label_html: str, url: str | None) -> str:
    """`<a>` around already-safe `label_html`; just the label when `url` is not allowed."""
    target = safe_url(url) if url else None
    return f'<a href="{html.escape(target, quote=True)}">{label_html}</a>' if target else label_html


def html_inline(value: str) -> str:
    """Escaped text in which `code spans` and http(s)/mailto URLs become code and links."""
    out = []
    for kind, piece in _tokens(_squash(value)):
        if kind == "code":
            out.append(html_code(piece))
        elif kind == "url":
            out.append(html_link(html_text(piece), piece))
        else:
            out.append(_h(piece))
    return "".join(out)


def html_prose(value: str) -> str:
    """A contributor's paragraphs as HTML: `<p>` per block, `<ul>` for `- ` lines."""
    out = []
    for kind, lines in _blocks(value):
        if kind == "list":
            out.append("<ul>" + "".join(f"<li>{html_inline(x)}</li>" for x in lines) + "</ul>")
        else:
            out.append(f"<p>{html_inline(lines[0])}</p>")
    return "\n".join(out)


# --------------------------------------------------------------------------------- Markdown


def _encode(flat: str, *, opens_line: bool) -> str:
    out = [_ref(c) if c in _ALWAYS else c for c in flat]
    if opens_line and out:
        if flat[0] in _AT_START:
            out[0] = _ref(flat[0])
        m = _LEADING_LIST.match(flat)
        if m:
            out[len(m[1])] = _ref(m[2])
    return "".join(out)


def text(value: str) -> str:
    """Inline Markdown that displays `value` literally (newlines become spaces, other control
    characters escapes, as `shown` writes them)."""
    return _encode(shown(_squash(value)), opens_line=True)


def code(value: str) -> str:
    """A Markdown code span showing `value` literally (a value with backticks becomes text)."""
    flat = shown(_squash(value))
    if not flat or "`" in flat:
        return text(flat)
    return f"`{flat}`"


def cell_code(value: str) -> str:
    """`code` for a pipe table's cell: a value with a `|` (which ends a cell even inside a
    code span) becomes text, as one with a backtick does."""
    return text(value) if "|" in value else code(value)


def title(value: str) -> str:
    """Text for a page's `# heading`, which becomes the page title in `<title>`.

    Themes print titles through Jinja's `striptags`, which decodes character references once,
    so an encoded `<` would come back as a real one inside `<title>`. `<` and `>` therefore
    become the look-alikes ‹ and ›; the rest is encoded like `text`.
    """
    return text(_squash(value).translate(_LOOKALIKE))


def nav_label(value: str) -> str:
    """A navigation label: MkDocs passes labels to the theme unparsed and unescaped."""
    return html.escape(_squash(value), quote=True)


def link(label_markdown: str, url: str | None) -> str:
    """A Markdown link around already-safe `label_markdown`; just the label if `url` is unsafe."""
    target = safe_url(url) if url else None
    return f"[{label_markdown}]({target})" if target else label_markdown


def inline(value: str) -> str:
    """Inline Markdown like `text`, but `code spans` and http(s)/mailto URLs become code and links."""
    out = []
    for kind, piece in _tokens(_squash(value)):
        if kind == "code":
            out.append(code(piece))
        elif kind == "url":
            out.append(f"<{safe_url(piece)}>")
        else:
            out.append(_encode(piece, opens_line=not out))
    return "".join(out)


def prose(value: str) -> str:
    """Block Markdown for a contributor's paragraphs (same blocks as `html_prose`)."""
    out = []
    for kind, lines in _blocks(value):
        if kind == "list":
            out.append("\n".join(f"- {inline(x)}" for x in lines))
        else:
            out.append(inline(lines[0]))
    return "\n\n".join(out)
