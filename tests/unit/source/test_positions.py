"""Offsets to line and column, in text and in bytes, one at a time or many in one text."""

from __future__ import annotations

import random

from aiss.source.positions import LineIndex, line_col


def test_line_and_column_are_one_based() -> None:
    text = "ab\ncd\n\nef"
    assert line_col(text, 0) == (1, 1)
    assert line_col(text, 4) == (2, 2)
    assert line_col(text, 7) == (4, 1)
    assert line_col(text.encode(), 4) == (2, 2)
    assert line_col("é\nx".encode(), 3) == (2, 1)  # bytes count bytes


def test_the_index_agrees_with_the_plain_count_in_any_order() -> None:
    rng = random.Random(7)
    text = "".join(rng.choice("ab\n") for _ in range(2000))
    index = LineIndex(text)
    offsets = [rng.randrange(len(text)) for _ in range(300)]
    assert [index.line_col(o) for o in offsets] == [line_col(text, o) for o in offsets]
