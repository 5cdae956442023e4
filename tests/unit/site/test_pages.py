"""The pure renderer against golden files: every kind of page and data file, and the menu.

Rewrite the goldens with `pytest tests/unit/site/test_pages.py --update-goldens` and review the
diff like code.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from aiss.catalog.codes import CodeInfo
from aiss.compose.site import render
from aiss.compose.validate import load_registry
from aiss.site import Site, expand_nav, render_site
from aiss.site.crosswalk import render_crosswalks
from aiss.site.pages import NavItem, in_menu
from aiss.site.public import select
from aiss.site.view import SiteView, group
from tests.goldens import check_golden
from tests.support.site_registry import build_registry

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "site"
CODES = [
    CodeInfo(
        "yaml-tab",
        "yaml",
        "Tab used for indentation",
        "YAML does not allow tabs.",
        "Indent with spaces.",
    ),
    CodeInfo(
        "unknown-field", "schema", "Unknown field", "The key is not a field.", "Rename the key."
    ),
]
"""A fixed list, so the goldens do not change whenever a code is added to `aiss.catalog.codes`."""

GOLDEN_FILES = [
    "index.md",
    "catalog/index.md",
    "crosswalks/index.md",
    "diagnostics/index.md",
    "diagnostics/yaml-tab/index.md",
    "standards/AISS-TST-001/index.md",
    "standards/AISS-TST-001/1.0.0/index.md",
    "standards/AISS-TST-001/1.1.0/index.md",
    "standards/AISS-TST-001/2.0.0/index.md",
    "standards/AISS-TST-001/latest/index.html",
    "standards/AISS-TST-001/changes/1.0.0..1.1.0/index.html",
    "standards/AISS-TST-002/index.md",
    "standards/AISS-TST-002/1.0.0/index.md",
    "standards/AISS-TST-002/latest/index.html",
    "registry.json",
    "requirements.csv",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = build_registry(tmp_path_factory.mktemp("site"))
    return render(load_registry(root), codes=CODES, today=dt.date.min)


def _output(site: Site, path: str) -> str:
    if path in site.pages:
        return site.pages[path]
    return site.files[path].decode("utf-8")


@pytest.mark.parametrize("path", GOLDEN_FILES)
def test_page_matches_golden(site: Site, path: str, update_goldens: bool) -> None:
    check_golden(update_goldens, f"site/{path}", _output(site, path))


def test_menu_and_file_list_match_golden(site: Site, update_goldens: bool) -> None:
    listing = {
        "pages": list(site.pages),
        "files": [p for p in site.files if not p.startswith("schemas/")],
        "nav": site.nav,
        "menus": {
            sid: {"title": m.title, "overview": m.overview, "versions": dict(m.versions)}
            for sid, m in site.menus.items()
        },
        "left_out": [[x.ref, x.reason] for x in site.left_out],
    }
    check_golden(update_goldens, "site/site.json", json.dumps(listing, indent=2) + "\n")


def test_every_kind_of_page_has_a_golden(site: Site) -> None:
    kinds = {
        "home": "index.md",
        "catalog": "catalog/index.md",
        "crosswalks": "crosswalks/index.md",
        "diagnostics index": "diagnostics/index.md",
        "diagnostic": "diagnostics/yaml-tab/index.md",
        "overview": "standards/AISS-TST-001/index.md",
        "version": "standards/AISS-TST-001/1.1.0/index.md",
        "latest redirect": "standards/AISS-TST-001/latest/index.html",
        "former change page redirect": "standards/AISS-TST-001/changes/1.0.0..1.1.0/index.html",
        "registry.json": "registry.json",
        "requirements.csv": "requirements.csv",
    }
    assert set(kinds.values()) <= set(GOLDEN_FILES)
    assert set(GOLDEN_FILES) <= set(site.pages) | set(site.files)


def test_rendering_is_deterministic(tmp_path: Path, site: Site) -> None:
    root = build_registry(tmp_path)
    again = render(load_registry(root), codes=CODES, today=dt.date.min)
    assert again.pages == site.pages
    assert again.files == site.files


def test_restricted_and_invalid_versions_stay_off_the_site(site: Site, tmp_path: Path) -> None:
    assert [x.ref for x in site.left_out] == ["AISS-TST-003@1.0.0"]
    assert not any("AISS-TST-003" in p for p in [*site.pages, *site.files])
    assert all("AISS-TST-003" not in text for text in site.pages.values())
    root = build_registry(tmp_path)
    registry = load_registry(root).the_registry()
    broken = registry.get("AISS-TST-002", "1.0.0")
    assert broken is not None
    pruned = render_site(registry, codes=CODES, invalid=frozenset({broken.doc.path}))
    assert ("AISS-TST-002@1.0.0", "has validation errors") in {
        (x.ref, x.reason) for x in pruned.left_out
    }
    assert "standards/AISS-TST-002/1.0.0/index.md" not in pruned.pages


def test_expand_nav_fills_placeholders_only() -> None:
    nav: list[NavItem] = [
        {"Home": "index.md"},
        {"Standards": "aiss:standards"},
        {"Guides": [{"A": "a.md"}, {"More": "aiss:missing"}]},
        "plain.md",
    ]
    out = expand_nav(nav, {"standards": [{"S": "s.md"}]})
    assert out == [
        {"Home": "index.md"},
        {"Standards": [{"S": "s.md"}]},
        {"Guides": [{"A": "a.md"}, {"More": []}]},
        "plain.md",
    ]


def test_the_standards_menu_is_the_catalog_and_each_standard_has_its_own(site: Site) -> None:
    assert site.nav["standards"] == ["catalog/index.md"]
    menu = site.menus["AISS-TST-001"]
    assert menu.overview == "standards/AISS-TST-001/index.md"
    assert [label for label, _ in menu.versions] == [
        "AISS-TST-001 2.0.0 (draft)",
        "AISS-TST-001 1.1.0",
        "AISS-TST-001 1.0.0",
    ]
    assert all(not in_menu(p) for m in site.menus.values() for p in m.pages)
    assert in_menu("catalog/index.md") and in_menu("diagnostics/index.md")


def test_a_framework_with_more_rows_than_a_page_gets_pages_of_its_own(tmp_path: Path) -> None:
    registry = load_registry(build_registry(tmp_path)).the_registry()
    site = SiteView(group(select(registry, frozenset())[0]), registry.vocabularies)
    pages = render_crosswalks(site, rows_per_page=3)
    rmf = "crosswalks/nist-ai-rmf/"
    assert sorted(pages) == ["crosswalks/index.md", rmf + "index.md", rmf + "page/2/index.md"]
    index = pages["crosswalks/index.md"]
    assert "The first 3 of 4 requirements mapped to it" in index
    assert "(nist-ai-rmf/index.md)" in index and index.count("| `MEASURE") == 3
    second = pages[rmf + "page/2/index.md"]
    assert second.count("| `MEASURE") == 1
    assert "(../../../../standards/AISS-TST-001/1.1.0/index.md#R-02)" in second
    assert "[First](../../index.md)" in second and "**2**" in second
    assert all(not in_menu(p) for p in pages if p != "crosswalks/index.md")
    assert in_menu("crosswalks/index.md")
    assert list(render_crosswalks(site)) == ["crosswalks/index.md"]  # 50 rows a page
