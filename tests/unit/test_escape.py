"""Contributor text stays text: `aiss.escape` through the site's own Markdown pipeline."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiss import escape as esc

EXTENSIONS = ["attr_list", "admonition", "tables", "toc", "pymdownx.superfences"]
"""The extensions mkdocs.yml enables."""

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x]: javascript:alert(1)\n\n[x]",
    "text {: onclick=alert(1) }",
    '--8<-- "/etc/passwd"',
    "{{ config }} {% include 'x' %}",
    "<!-- comment --> [TOC]",
    "!!! danger\n    boom",
    "```\ncode\n```",
    "| a | b |\n|---|---|\n| c | d |",
    "# heading\n\n---\n\n1. one\n2. two",
]

HOSTILE = st.text(
    alphabet=st.sampled_from(list("<>&\"'`*_{}[]()#+-=!|~^\\:/.%;@ \n\tabcjsrptx19")),
    max_size=60,
)


class _Tree(HTMLParser):
    """Tags, attributes and text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _render(source: str) -> _Tree:
    md = markdown.Markdown(extensions=EXTENSIONS)
    tree = _Tree()
    tree.feed(md.convert(source))
    return tree


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_text_renders_as_exactly_the_text(value: str) -> None:
    tree = _render(esc.text(value))
    squashed = " ".join(value.split())
    assert {t for t, _ in tree.tags} <= {"p"}
    assert "".join(tree.text).strip() == squashed


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_prose_makes_only_paragraphs_lists_code_and_safe_links(value: str) -> None:
    tree = _render(esc.prose(value))
    for tag, attrs in tree.tags:
        assert tag in {"p", "ul", "li", "code", "a"}
        for name, val in attrs:
            assert tag == "a" and name == "href", (tag, name)
            assert val is not None
            assert val.split(":", 1)[0].lower() in {"http", "https", "mailto"}


def _parse(fragment: str) -> _Tree:
    tree = _Tree()
    tree.feed(fragment)
    return tree


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_html_text_is_exactly_the_text(value: str) -> None:
    tree = _parse(esc.html_text(value))
    assert tree.tags == []
    assert "".join(tree.text) == " ".join(value.split())


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_html_prose_makes_only_paragraphs_lists_code_and_safe_links(value: str) -> None:
    out = esc.html_prose(value)
    assert "{" not in out and "}" not in out
    for tag, attrs in _parse(out).tags:
        assert tag in {"p", "ul", "li", "code", "a"}
        for name, val in attrs:
            assert tag == "a" and name == "href", (tag, name)
            assert val is not None
            assert val.split(":", 1)[0].lower() in {"http", "https", "mailto"}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_stay_text(payload: str) -> None:
    for render in (esc.text, esc.prose, esc.inline, esc.title):
        tree = _render(render(payload))
        assert {t for t, _ in tree.tags} <= {"p", "ul", "li", "code"}, render.__name__
        assert not any(attrs for _, attrs in tree.tags)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_stay_text_in_html(payload: str) -> None:
    for render in (esc.html_text, esc.html_inline, esc.html_prose):
        tree = _parse(render(payload))
        assert {t for t, _ in tree.tags} <= {"p", "ul", "li", "code"}, render.__name__
        assert not any(attrs for _, attrs in tree.tags)


def test_html_prose_keeps_paragraphs_lists_code_and_links() -> None:
    source = "One `a<b>` line\nwraps.\n\n- item https://example.org/x_(y).\n- two"
    assert esc.html_prose(source) == (
        "<p>One <code>a&lt;b&gt;</code> line wraps.</p>\n<ul><li>item "
        '<a href="https://example.org/x_%28y%29">https://example.org/x_(y)</a>.</li>'
        "<li>two</li></ul>"
    )


def test_prose_keeps_paragraphs_lists_code_and_links() -> None:
    source = "One `a<b>` line\nwraps.\n\n- item https://example.org/x_(y).\n- two\n\nmailto:a@b.org"
    out = esc.prose(source)
    assert out == (
        "One `a<b>` line wraps.\n\n- item <https://example.org/x_%28y%29>.\n- two\n\n<mailto:a@b.org>"
    )
    tree = _render(out)
    assert [t for t, _ in tree.tags] == ["p", "code", "ul", "li", "a", "li", "p", "a"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("HTTP://example.org/(x)", "HTTP://example.org/%28x%29"),
        ("mailto:a@b.org", "mailto:a@b.org"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<b>", None),
        ("vbscript:x", None),
        ("//example.org/x", None),
        ("https://example.org/\x00", None),
        ("", None),
    ],
)
def test_safe_url_allows_only_http_https_mailto(url: str, expected: str | None) -> None:
    assert esc.safe_url(url) == expected


def test_link_falls_back_to_its_label() -> None:
    assert esc.link("label", "javascript:alert(1)") == "label"
    assert esc.link("label", "https://x.org/") == "[label](https://x.org/)"
    assert esc.link("label", None) == "label"


def test_title_uses_look_alikes_for_angle_brackets() -> None:
    out = esc.title("</title><script>x</script> & {{ y }}")
    assert "<" not in out and "&#60;" not in out
    assert html.unescape(out) == "‹/title›‹script›x‹/script› & {{ y }}"


def test_nav_label_and_html_text_escape_markup() -> None:
    assert esc.nav_label('R&D <b> "x"') == "R&amp;D &lt;b&gt; &quot;x&quot;"
    assert esc.html_text("{{ x }} <i>") == "&#123;&#123; x &#125;&#125; &lt;i&gt;"


def test_code_span_with_backticks_becomes_text() -> None:
    assert esc.code("a`b") == "a&#96;b"
    assert esc.code("x_y") == "`x_y`"


def test_href_url_encodes_and_attribute_escapes() -> None:
    assert esc.href("../a/b-1.0.0/x.yaml#frag") == "../a/b-1.0.0/x.yaml#frag"
    hostile = esc.href('examples/x" onmouseover="alert(1)" y.yaml')
    assert '"' not in hostile and " " not in hostile
    assert hostile == "examples/x%22%20onmouseover=%22alert%28%29%22%20y.yaml".replace(
        "%28%29", "(1)"
    )
    assert esc.href("a&b'c<d>") == "a&amp;b&#x27;c%3Cd%3E"


def test_attr_and_anchor() -> None:
    assert esc.attr('a "b" {c}') == "a &quot;b&quot; &#123;c&#125;"
    assert esc.anchor("changes-1.0.0..1.1.0") == "changes-1.0.0..1.1.0"
    assert esc.anchor('ref-X" onclick=y}') == "ref-X--onclick-y-"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_shown_is_one_line_without_control_characters(value: str) -> None:
    out = esc.shown(value)
    assert "\n" not in out and "\r" not in out
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in out)
    assert not any(0xD800 <= ord(c) <= 0xDFFF or c in "\u2028\u2029\u202e" for c in out)
    if value.isprintable():
        assert out == value


def test_shown_writes_escapes_a_reader_can_tell() -> None:
    assert esc.shown("a\x1b[2J\n::error::x\u202e") == "a\\x1b[2J\\n::error::x\\u202e"
    assert esc.shown("tab\there") == "tab\\there"


@pytest.mark.parametrize("value", ["a|b", "x` ![p](https://e.example/p.png) `y"])
def test_cell_code_cannot_end_its_cell_or_span(value: str) -> None:
    cell = esc.cell_code(value)
    assert "|" not in cell and "`" not in cell
    assert _render(f"| h |\n|---|\n| {cell} |").tags == [
        ("table", []),
        ("thead", []),
        ("tr", []),
        ("th", []),
        ("tbody", []),
        ("tr", []),
        ("td", []),
    ]
