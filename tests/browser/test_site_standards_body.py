"""What a standards body's site needs, in real Chromium: no WCAG 2.1 A/AA violation (axe-core)
on the main kinds of page, no horizontal overflow from 360 to 1400 px, the catalog's phone
layout, the footer's licences and links, the citation block, the changes' old and new text,
the reference pages; and screenshots (tests/artifacts/) to look at."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, REPO

pytestmark = pytest.mark.browser

AXE = REPO / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "",
    "catalog": "catalog/",
    "version": "standards/AISS-CYB-001/1.1.0/",
    "overview": "standards/AISS-CYB-001/",
    "diagnostic": "diagnostics/yaml-tab/",
    "guide": "guides/evaluators/",
    "reference": "reference/standard/",
    "api": "api/",
}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _context(browser: Any, width: int) -> Any:
    return browser.new_context(viewport={"width": width, "height": 900})


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_wcag_2_1_a_or_aa_violation(browser: Any, site_url: str, name: str) -> None:
    if not AXE.is_file():
        pytest.fail(f"{AXE} missing: tools/test.sh installs axe-core with npm")
    ctx = _context(browser, 1280)
    page = ctx.new_page()
    try:
        page.goto(site_url + PAGES[name])
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
        )
    finally:
        ctx.close()
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]
    assert found == []
    assert len(result["passes"]) > 10  # axe really ran its rules


@pytest.mark.parametrize("width", [360, 390, 1400])
def test_no_page_overflows_sideways(browser: Any, site_url: str, width: int) -> None:
    ctx = _context(browser, width)
    page = ctx.new_page()
    wide = {}
    try:
        for name, rel in PAGES.items():
            page.goto(site_url + rel)
            extra = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if extra > 0:
                wide[name] = extra
    finally:
        ctx.close()
    assert wide == {}


def test_the_catalog_on_a_phone_shows_id_title_status_and_latest(
    browser: Any, site_url: str
) -> None:
    ctx = _context(browser, 390)
    page = ctx.new_page()
    try:
        page.goto(site_url + "catalog/")
        row = page.locator("table[data-catalog] tbody tr").first
        for cell in ("aiss-c-id", "aiss-c-title", "aiss-c-status", "aiss-c-latest"):
            box = row.locator(f"td.{cell}").bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, cell
        assert row.locator("td.aiss-wide").first.is_hidden()
        assert "Latest version" in page.evaluate(
            "getComputedStyle(document.querySelector('td.aiss-c-latest'), '::before').content"
        )
        page.screenshot(path=str(ARTIFACTS / "catalog-390.png"), full_page=True)
    finally:
        ctx.close()
    ctx = _context(browser, 1400)
    page = ctx.new_page()
    try:
        page.goto(site_url + "catalog/")
        table = page.locator("table[data-catalog]").bounding_box()
        assert table is not None and table["width"] > 1000  # the page's width, not a column
        page.screenshot(path=str(ARTIFACTS / "catalog-1400.png"), full_page=True)
    finally:
        ctx.close()


def test_footer_citation_and_changes(browser: Any, site_url: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (1400, 390):
        ctx = _context(browser, width)
        page = ctx.new_page()
        try:
            page.goto(site_url)
            footer = page.locator("footer").inner_text()
            for words in ("CC BY 4.0", "Apache-2.0", "Source", "Feedback", "©"):
                assert words in footer
            assert "Made with" not in footer
            page.screenshot(path=str(ARTIFACTS / f"home-{width}.png"), full_page=True)

            page.goto(site_url + "standards/AISS-CYB-001/1.1.0/")
            cite = page.locator("#cite ~ div.aiss-citation").inner_text()
            assert "https://aiss.example.org/standards/AISS-CYB-001/1.1.0/" in cite
            assert 'version: "1.1.0"' in cite and "sha256: " in cite
            page.screenshot(path=str(ARTIFACTS / f"version-{width}.png"))

            page.goto(site_url + "standards/AISS-CYB-001/#changes-1.0.0..1.1.0")
            change = page.locator(".aiss-change").first
            assert "Before (1.0.0)" in change.inner_text()
            assert "After (1.1.0)" in change.inner_text()
            page.locator(".aiss-changes-text").first.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"changes-{width}.png"))
        finally:
            ctx.close()


def test_reference_page_lists_every_field_of_a_standard(page: Any, site_url: str) -> None:
    from aiss.catalog import schemas

    page.goto(site_url + "reference/standard/")
    schema = schemas.generate("standard.schema.json")
    for field in schema["properties"]:
        assert page.locator(f"#type-standard-{field}").count() == 1, field
    row = page.locator("#type-standard-id").locator("xpath=ancestor::tr")
    assert "AISS-CYB-001" in row.inner_text() and "required" in row.inner_text()


def test_a_version_page_on_a_phone_keeps_every_fact_on_screen(browser: Any, site_url: str) -> None:
    ctx = _context(browser, 390)
    page = ctx.new_page()
    try:
        page.goto(site_url + "standards/AISS-CYB-001/1.1.0/")
        right = page.evaluate(
            "Math.max(...[...document.querySelectorAll('.aiss-header th[scope=row] + td')]"
            ".map(td => td.getBoundingClientRect().right))"
        )
    finally:
        ctx.close()
    assert 0 < right <= 390
