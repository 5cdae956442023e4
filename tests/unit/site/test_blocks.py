"""site.blocks: badges show a value exactly as the command line prints it."""

from __future__ import annotations

import pytest

from aiss.site.blocks import badge


def test_a_badge_shows_the_cli_term() -> None:
    assert badge("verdict", "non_conformant") == (
        '<span class="aiss-verdict aiss-verdict-non-conformant">non_conformant</span>'
    )
    with pytest.raises(ValueError, match="not a badge value"):
        badge("status", "<b>")
