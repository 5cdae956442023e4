"""The built site's menu is bounded: a standard's pages list that standard's versions and no
other standard, no page lists the standards, and a page is the same size whether the registry
holds 3 standards or 63 (the benchmark measures 5,000; this only checks the shape); the
catalog and a framework's crosswalk are paged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aiss.site.catalog import CATALOG_ROWS
from aiss.site.crosswalk import CROSSWALK_ROWS
from tests.acceptance.test_site_build import parse, run
from tests.support.site_registry import add_bulk, build_registry

pytestmark = pytest.mark.slow
BULK = 60
NAV = re.compile(
    r'<nav class="md-nav md-nav--primary.*?<div class="md-sidebar md-sidebar--secondary"', re.S
)


def _build(tmp: Path, bulk: int) -> Path:
    root = build_registry(tmp)
    if bulk:
        add_bulk(root, bulk)
    out = tmp / "site"
    proc = run("-m", "aiss", "build", "--root", str(root), "--site-dir", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    small = _build(tmp_path_factory.mktemp("menu-small"), 0)
    large = _build(tmp_path_factory.mktemp("menu-large"), BULK)
    return small, large


def _menu(page: Path) -> str:
    found = NAV.search(page.read_text(encoding="utf-8"))
    assert found, page
    return found.group(0)


def test_a_standard_page_lists_its_own_versions_only(sites: tuple[Path, Path]) -> None:
    _, large = sites
    menu = _menu(large / "standards" / "AISS-TST-001" / "1.1.0" / "index.html")
    for version in ("1.0.0", "1.1.0", "2.0.0"):
        assert f"AISS-TST-001 {version}" in menu
    assert "AISS-TST-002" not in menu and "AISS-BULK-" not in menu
    assert "md-nav__item--active" in menu  # the Standards section, open on its pages
    links = [a.get("href", "") for tag, a in parse(large / "index.html").elements if tag == "a"]
    assert not any("AISS-" in href for href in links)  # the home page lists no standard


def test_pages_do_not_grow_with_the_registry(sites: tuple[Path, Path]) -> None:
    small, large = sites
    for rel in (
        "standards/AISS-TST-001/1.1.0/index.html",
        "standards/AISS-TST-001/index.html",
        "guides/authors/index.html",
        "diagnostics/index.html",
        "index.html",
    ):
        a, b = (small / rel).stat().st_size, (large / rel).stat().st_size
        assert abs(b - a) <= 64, (rel, a, b)  # only the counts on the home page differ
    rows = [
        (large / rel).read_text(encoding="utf-8").count("<tr data-status=")
        for rel in ("catalog/index.html", "catalog/page/2/index.html")
    ]
    assert rows == [CATALOG_ROWS, BULK + 2 - CATALOG_ROWS]  # and AISS-TST-001, -002
    mapped = [
        (large / rel).read_text(encoding="utf-8").count("<td><code>MEASURE")
        for rel in (
            "crosswalks/index.html",
            "crosswalks/nist-ai-rmf/index.html",
            "crosswalks/nist-ai-rmf/page/2/index.html",
        )
    ]
    assert mapped == [CROSSWALK_ROWS, CROSSWALK_ROWS, BULK + 4 - CROSSWALK_ROWS]
