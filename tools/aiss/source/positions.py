"""Offsets to 1-based line and column: the one place that counts lines."""

from __future__ import annotations

import bisect
from typing import overload


@overload
def line_col(text: str, offset: int) -> tuple[int, int]: ...
@overload
def line_col(text: bytes, offset: int) -> tuple[int, int]: ...


def line_col(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column) of `offset` in `text` (characters for text, bytes for bytes)."""
    if isinstance(text, bytes):
        line = text.count(b"\n", 0, offset) + 1
        return line, offset - (text.rfind(b"\n", 0, offset) + 1) + 1
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class LineIndex:
    """Line numbers of many offsets in one text, each counted from the nearest offset already
    placed (C-speed `str.count`, no per-line objects), for texts too big to index up front."""

    __slots__ = ("_marks", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._marks: list[tuple[int, int]] = [(0, 1)]
        """(offset, its 1-based line) pairs found so far, sorted."""

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._marks, (offset, 0)) - 1
        base, line = self._marks[i]
        line += self.text.count("\n", base, offset)
        bisect.insort(self._marks, (offset, line))
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1
