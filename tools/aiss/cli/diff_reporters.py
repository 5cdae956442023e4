"""Reporters of `aiss diff`: text, json and markdown (made to be posted on a pull request)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from aiss.versions.render import Pair, render_json, render_markdown_all, render_text


class TextReporter:
    """`path:line:col: BUMP[rule] message` per change, then the verdict."""

    name = "text"

    def report(self, result: Sequence[Pair], out: TextIO) -> None:
        out.write(render_text(result))


class JsonReporter:
    """One JSON document (`schemas/diff-report.schema.json`)."""

    name = "json"

    def report(self, result: Sequence[Pair], out: TextIO) -> None:
        out.write(render_json(result))


class MarkdownReporter:
    """A section per pair, for a pull request comment."""

    name = "markdown"

    def report(self, result: Sequence[Pair], out: TextIO) -> None:
        out.write(render_markdown_all(result))
