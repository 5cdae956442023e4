"""Page paths, site URLs and relative links."""

from __future__ import annotations

import pytest

from aiss.catalog.codes import doc_url
from aiss.site import paths


def test_stable_urls() -> None:
    base = "https://aiss.example.org/"
    assert paths.absolute(base, paths.version("AISS-CYB-001", "1.1.0")) == (
        "https://aiss.example.org/standards/AISS-CYB-001/1.1.0/"
    )
    assert paths.absolute(base, paths.latest("AISS-CYB-001")) == (
        "https://aiss.example.org/standards/AISS-CYB-001/latest/"
    )
    assert paths.absolute(base, paths.diagnostic("yaml-tab")) == doc_url("yaml-tab")
    assert paths.absolute(base, paths.HOME) == base


@pytest.mark.parametrize(
    ("src", "dst", "expected"),
    [
        ("catalog/index.md", "standards/X/index.md", "../standards/X/"),
        ("index.md", "standards/X/index.md", "standards/X/"),
        ("standards/X/index.md", "standards/X/1.0.0/index.md", "1.0.0/"),
        ("guides/authors.md", "catalog/index.md", "../../catalog/"),
        ("catalog/index.md", "registry.json", "../registry.json"),
        ("catalog/index.md", "catalog/index.md", "./"),
    ],
)
def test_rel_url(src: str, dst: str, expected: str) -> None:
    assert paths.rel_url(src, dst) == expected


def test_rel_between_sources() -> None:
    assert paths.rel("standards/X/1.0.0/index.md", "standards/X/1.1.0/index.md") == (
        "../1.1.0/index.md"
    )
    assert paths.rel("index.md", "catalog/index.md") == "catalog/index.md"
