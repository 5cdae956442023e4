"""The built site in real headless Chromium: catalog and filter, search, anchors, banners, safety."""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from aiss.compose.validate import load_registry
from aiss.models import Tlp
from aiss.registry import Entry, Registry
from tests.browser.conftest import ARTIFACTS, REPO
from tests.support.site_registry import HOSTILE_ID, UNIQUE_WORD

pytestmark = pytest.mark.browser
WORD = re.compile(r"[a-z]{8,}")


@cache
def shipped() -> Registry:
    return load_registry(REPO / "standards").the_registry()


def public() -> list[Entry]:
    return [e for e in shipped() if e.standard.marking is Tlp.CLEAR]


def unique_requirement_word() -> tuple[str, str, str]:
    """A word (and the standard and requirement holding it) found in one requirement only.

    The word must not occur anywhere else in any shipped standard file, so the search has a
    single right answer; the newest version holding the requirement is returned.
    """
    everywhere: Counter[str] = Counter()
    for e in public():
        everywhere.update(WORD.findall(e.doc.text.lower()))
    owners: dict[str, set[tuple[str, str]]] = {}
    inside: Counter[str] = Counter()
    where: dict[str, tuple[str, str, str]] = {}
    for e in public():
        for r in e.standard.requirements:
            for w in WORD.findall(r.text.lower()):
                owners.setdefault(w, set()).add((e.standard.id, r.id))
                inside[w] += 1
                where[w] = (e.standard.id, e.standard.version, r.id)
    candidates = sorted(w for w, o in owners.items() if len(o) == 1 and inside[w] == everywhere[w])
    assert candidates, "no word is unique to one requirement"
    word = candidates[0]
    return word, where[word][0] + "/" + where[word][1], where[word][2]


def test_catalog_lists_every_standard_and_the_filter_narrows_it(page: Any, site_url: str) -> None:
    ids = sorted({e.standard.id for e in public()})
    page.goto(site_url + "catalog/")
    rows = page.locator("table[data-catalog] tbody tr")
    assert rows.count() == len(ids)
    assert [rows.nth(i).locator("td").first.inner_text().strip() for i in range(len(ids))] == ids
    assert (
        page.locator("[data-catalog-count]").inner_text() == f"{len(ids)} of {len(ids)} standards"
    )

    domains = Counter(d for sid in ids for d in _current(sid).standard.risk_domains)
    domain = min(domains, key=lambda d: (domains[d], d))
    page.select_option("select[data-filter=domains]", domain)
    visible = page.locator("table[data-catalog] tbody tr:visible")
    assert 0 < visible.count() == domains[domain] < len(ids)
    assert page.locator("[data-catalog-count]").inner_text() == (
        f"{domains[domain]} of {len(ids)} standards"
    )
    page.select_option("select[data-filter=domains]", "")
    statuses = Counter(_current(sid).standard.status.value for sid in ids)
    for status, count in statuses.items():
        page.select_option("select[data-filter=status]", status)
        assert page.locator("table[data-catalog] tbody tr:visible").count() == count
    issuers = Counter(i for sid in ids for i in _current(sid).standard.issuers)
    page.select_option("select[data-filter=status]", "")
    for issuer, count in issuers.items():
        page.select_option("select[data-filter=issuers]", issuer)
        assert page.locator("table[data-catalog] tbody tr:visible").count() == count


def _current(sid: str) -> Entry:
    latest = shipped().latest(sid)
    return latest or shipped().versions(sid)[-1]


def search(page: Any, term: str) -> Any:
    """Type `term` into Material's search once its index is loaded; the result links."""
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function(
        "(document.querySelector('.md-search-result__meta') || {}).textContent"
        " === 'Type to start searching'",
        timeout=20_000,
    )
    box.press_sequentially(term)  # Material reacts to key events, not to `fill`
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=20_000)
    return results


def _settle(page: Any, expected: str) -> None:
    """Results are redrawn as each key is handled: give the whole word's results time to
    arrive (a prefix's may show first); the caller's assertion decides."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "t => [...document.querySelectorAll('.md-search-result__item a')]"
            ".some(a => (a.pathname + a.hash).endsWith(t))",
            arg=expected,
            timeout=20_000,
        )


def _targets(results: Any) -> list[str]:
    """Search result links without host and highlight query: `path#fragment`."""
    out = []
    for i in range(results.count()):
        parts = urlsplit(results.nth(i).get_attribute("href") or "")
        out.append(parts.path.lstrip("/") + ("#" + parts.fragment if parts.fragment else ""))
    return out


def test_search_finds_the_one_requirement_with_a_word(page: Any, site_url: str) -> None:
    word, where, rid = unique_requirement_word()
    page.goto(site_url)
    results = search(page, word)
    expected = f"standards/{where}/#{rid}"
    _settle(page, expected)
    assert expected in _targets(results), word


def test_requirement_anchor_lands_on_the_requirement(page: Any, site_url: str) -> None:
    entry = next(e for e in public() if len(e.standard.requirements) > 5)
    rid = entry.standard.requirements[5].id
    page.goto(f"{site_url}standards/{entry.standard.id}/{entry.standard.version}/#{rid}")
    heading = page.locator(f"h3[id='{rid}']")
    heading.wait_for()
    top = page.evaluate(f"document.getElementById('{rid}').getBoundingClientRect().top")
    assert 0 <= top < 300
    assert heading.inner_text().startswith(rid)


def test_superseded_version_banner_links_to_the_newer_one(page: Any, site_url: str) -> None:
    old = next(e for e in public() if e.standard.superseded_by)
    new_ref = old.standard.superseded_by
    assert new_ref is not None
    new_version = new_ref.split("@")[1]
    page.goto(f"{site_url}standards/{old.standard.id}/{old.standard.version}/")
    banner = page.locator(".admonition", has_text="Superseded")
    assert banner.is_visible()
    banner.locator("a").first.click()
    page.wait_for_url(re.compile(rf"/standards/{old.standard.id}/{re.escape(new_version)}/$"))
    assert new_version in page.locator("h1").inner_text()


def test_latest_leads_to_the_newest_published_version(page: Any, site_url: str) -> None:
    sid = next(e.standard.id for e in public() if e.standard.superseded_by)
    latest = shipped().latest(sid)
    assert latest is not None
    page.goto(f"{site_url}standards/{sid}/latest/")
    page.wait_for_url(re.compile(rf"/standards/{sid}/{re.escape(latest.standard.version)}/$"))


def test_screenshot_of_a_standard_page(page: Any, site_url: str) -> None:
    entry = next(e for e in public() if e.standard.superseded_by)
    page.goto(f"{site_url}standards/{entry.standard.id}/{entry.standard.version}/")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / "standard-page.png"
    page.screenshot(path=str(out), full_page=False)
    assert out.stat().st_size > 10_000


def test_hostile_standard_runs_nothing(page: Any, hostile_url: str) -> None:
    for path in (f"standards/{HOSTILE_ID}/1.0.0/", f"standards/{HOSTILE_ID}/", "catalog/", ""):
        page.goto(hostile_url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    page.goto(hostile_url)
    search(page, "include").first.click()
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_search_finds_a_requirement_in_the_small_registry(page: Any, hostile_url: str) -> None:
    page.goto(hostile_url)
    results = search(page, UNIQUE_WORD)
    _settle(page, "standards/AISS-TST-001/1.1.0/#R-03")
    assert "standards/AISS-TST-001/1.1.0/#R-03" in _targets(results)


def test_a_former_change_page_address_lands_on_the_changes_section(
    page: Any, site_url: str
) -> None:
    """`/standards/<ID>/changes/<old>..<new>/` (a page of its own once) redirects to the
    section of the standard's page, which holds the table of what changed."""
    sid = next(e.standard.id for e in public() if e.standard.supersedes)
    versions = [e.standard.version for e in public() if e.standard.id == sid]
    old, new = versions[0], versions[1]
    page.goto(f"{site_url}standards/{sid}/changes/{old}..{new}/")
    anchor = f"changes-{old}..{new}"
    page.wait_for_url(re.compile(rf"/standards/{sid}/#{re.escape(anchor)}$"))
    heading = page.locator(f"h3[id='{anchor}']")
    heading.wait_for()
    assert f"{old} → {new}" in heading.inner_text()
    rows = heading.locator("xpath=following::table[1]//tbody/tr")
    assert rows.count() >= 1
    assert "added" in rows.first.inner_text() or "changed" in rows.first.inner_text()
