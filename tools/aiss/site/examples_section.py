"""The "Examples" section of a version page: its test vectors, public ones only.

Only examples whose every part is TLP:CLEAR, past any embargo and valid are listed and
offered for download; the others are counted, never named (`Example.not_public`). Names
reach an `href` URL-encoded and attribute-escaped (`escape.href`), although validation
already refuses names that are not plain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from aiss import escape as esc
from aiss.registry import Example
from aiss.site import paths
from aiss.site.blocks import badge, div, grid, heading, p


def download(sid: str, ver: str, name: str) -> str:
    """Where a public example is served: beside the version page."""
    return f"standards/{sid}/{ver}/examples/{name}.yaml"


def public_examples(examples: Sequence[Example], today: dt.date) -> list[Example]:
    return [e for e in examples if e.public(today)]


def left_out_ref(ref: str, example: Example) -> str:
    """How the build names an example it left out: by the version and a plain file name
    (a name that is not plain is not repeated)."""
    name = example.name if example.withheld is None or "file name" not in example.withheld else "?"
    return f"{ref} example {name}"


def render_examples(sid: str, ver: str, examples: Sequence[Example], today: dt.date) -> str:
    """The section; empty when the version has no examples at all."""
    if not examples:
        return ""
    here = paths.version(sid, ver)
    shown = public_examples(examples, today)
    rows = [
        (
            f'<a href="{esc.href(paths.rel_url(here, download(sid, ver, e.name)))}">'
            f"{esc.html_text(e.name)}.yaml</a>",
            badge("verdict", e.expected_verdict or "undeclared"),
            esc.html_inline(e.description or ""),
        )
        for e in shown
    ]
    lead = p(
        "Example result submissions for this version and the overall verdict each must get "
        "from <code>aiss check</code>; <code>aiss validate</code> fails when one changes."
    )
    hidden = len(examples) - len(shown)
    note = (
        p(
            f"{hidden} more example(s) are restricted (a part marked other than TLP:CLEAR, "
            "under embargo, or not valid) and not shown."
        )
        if hidden
        else ""
    )
    table = grid(["Example", "Expected verdict", "What it shows"], rows) if rows else ""
    return heading(2, "Examples", "examples") + "\n\n" + div(lead, table, note, cls="aiss-examples")
