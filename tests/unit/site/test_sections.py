"""`aiss.site.sections`: the numbers of a standard appear on its page exactly as written."""

from __future__ import annotations

import math

import pytest

from aiss.site.sections import num


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.1234567, "0.1234567"),  # a band bound, not rounded to six digits
        (0.95, "0.95"),
        (0.0, "0"),
        (1234567.0, "1,234,567"),
        (2_000_000, "2,000,000"),
        (1e-07, "1e-07"),
        (None, "—"),
    ],
)
def test_a_number_is_shown_as_written(value: float | None, shown: str) -> None:
    assert num(value) == shown


def test_what_the_page_shows_reads_back_as_the_same_number() -> None:
    for value in (0.1, 1 / 3, 0.30000000000000004, 12.5, 1e-12):
        assert math.isclose(float(num(value).replace(",", "")), value, rel_tol=0, abs_tol=0)
