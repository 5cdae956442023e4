"""The catalog's client-side filter in real headless Chromium, on a registry large enough to
be paged: without JavaScript every standard is still listed (page by page) and readable; with
it, typing filters every standard of registry.json, not only the page's; a hostile title is
shown as text; and the filtered catalog has no WCAG 2.1 A/AA violation (axe-core)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from aiss.site.catalog import CATALOG_ROWS
from tests.browser.conftest import build_site
from tests.browser.test_site_standards_body import AXE, WCAG
from tests.support.served import serve
from tests.support.site_registry import (
    BULK_WORD,
    HOSTILE_ID,
    PAYLOADS,
    add_bulk,
    add_hostile,
    build_registry,
)

pytestmark = pytest.mark.browser
BULK = CATALOG_ROWS + 10
"""More standards than a catalog page holds: the last ones are on page 2."""
SHOWN = ["AISS-HOST-001", "AISS-TST-001", "AISS-TST-002"]
"""The other public standards of the test registry (AISS-TST-003 is TLP:AMBER)."""


@pytest.fixture(scope="module")
def paged_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("browser-paged")
    root = build_registry(tmp)
    add_hostile(root)
    add_bulk(root, BULK)
    with serve(build_site(root, tmp / "site")) as url:
        yield url


def _ids(page: Any) -> list[str]:
    cells = page.locator("table[data-catalog] tbody tr:visible td.aiss-c-id")
    return [cells.nth(i).inner_text().strip() for i in range(cells.count())]


def _type(page: Any, text: str) -> None:
    page.fill("input[data-filter-text]", text)
    page.wait_for_selector(".aiss-catalog[data-catalog-loaded]", state="attached")


def test_without_javascript_every_standard_is_listed_page_by_page(
    browser: Any, paged_url: str
) -> None:
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    try:
        page.goto(paged_url + "catalog/")
        assert page.locator("form[data-catalog-filters]").is_hidden()
        first = _ids(page)
        assert len(first) == CATALOG_ROWS
        pager = page.locator("[data-catalog-pager]")
        assert pager.is_visible() and "Page 1 of 2" in pager.inner_text()
        pager.locator("a", has_text="Next").click()
        page.wait_for_url("**/catalog/page/2/")
        second = _ids(page)
        total = BULK + len(SHOWN)
        assert sorted(first + second) == first + second and len(first + second) == total
        assert set(SHOWN) <= set(first + second)
        row = page.locator("table[data-catalog] tbody tr", has_text=HOSTILE_ID)
        link = row.locator("a").first
        assert link.get_attribute("href") == f"../../../standards/{HOSTILE_ID}/"
        assert PAYLOADS["script"] in row.locator("td.aiss-c-title").inner_text()
        assert page.locator("table[data-catalog] script, table[data-catalog] img").count() == 0
    finally:
        ctx.close()


def test_typing_filters_every_standard_of_the_registry(page: Any, paged_url: str) -> None:
    page.goto(paged_url + "catalog/")
    total = BULK + len(SHOWN)
    assert page.locator("[data-catalog-count]").inner_text() == (
        f"Standards 1 to {CATALOG_ROWS} of {total}"
    )
    assert page.locator("form[data-catalog-filters]").is_visible()
    # the one standard whose title has the word is on page 2; the filter finds it from page 1
    _type(page, BULK_WORD.upper()[:7])
    assert _ids(page) == [f"AISS-BULK-{BULK - 1:03d}"]
    assert page.locator("[data-catalog-count]").inner_text() == f"1 of {total} standards"
    assert page.locator("[data-catalog-pager]").is_hidden()
    page.locator("table[data-catalog] tbody a", has_text=f"AISS-BULK-{BULK - 1:03d}").click()
    page.wait_for_url(f"**/standards/AISS-BULK-{BULK - 1:03d}/")
    page.go_back()
    # words narrow together, in any order, on ids and titles
    _type(page, "1 standard bulk")
    assert _ids(page) == [f"AISS-BULK-{n:03d}" for n in range(BULK) if "1" in str(n)]
    _type(page, "tst")
    assert _ids(page) == ["AISS-TST-001", "AISS-TST-002"]
    page.select_option("select[data-filter=status]", "deprecated")
    assert _ids(page) == ["AISS-TST-002"]
    page.select_option("select[data-filter=status]", "")
    _type(page, "")
    assert page.locator("[data-catalog-pager]").is_visible()
    assert len(_ids(page)) == CATALOG_ROWS
    # the matches of every page at once
    _type(page, "bulk")
    assert page.locator("[data-catalog-count]").inner_text() == f"{BULK} of {total} standards"
    assert len(_ids(page)) == BULK


def test_a_hostile_title_from_registry_json_stays_text(page: Any, paged_url: str) -> None:
    page.goto(paged_url + "catalog/")
    _type(page, "host")
    assert _ids(page) == [HOSTILE_ID]
    title = page.locator("table[data-catalog] tbody tr:visible td.aiss-c-title").inner_text()
    assert PAYLOADS["script"] in title and "{{ 7*7 }}" in title
    assert page.locator("table[data-catalog] script, table[data-catalog] img").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    link = page.locator("table[data-catalog] tbody a").first
    assert link.get_attribute("href") == f"../standards/{HOSTILE_ID}/"


def test_the_filtered_catalog_has_no_wcag_violation(page: Any, paged_url: str) -> None:
    if not AXE.is_file():
        pytest.fail(f"{AXE} missing: tools/test.sh installs axe-core with npm")
    page.goto(paged_url + "catalog/")
    _type(page, "bulk")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]
    assert found == []
    assert len(result["passes"]) > 10
