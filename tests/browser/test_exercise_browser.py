"""A joint exercise's public page in headless Chromium: reached from the standard version it
used, it shows the public summary and the verdicts, and its requirement links land on the
requirement."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, build_site
from tests.support.joint import EX_ID, PUBLIC_FINDING, PUBLIC_TITLE, SECRET_TITLE, build_joint
from tests.support.served import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def joint_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("browser-joint")
    j = build_joint(tmp)
    with serve(build_site(j.root, tmp / "site")) as url:
        yield url


def test_from_the_version_page_to_the_exercise_and_back(page: Any, joint_url: str) -> None:
    page.goto(f"{joint_url}standards/AISS-JNT-001/1.0.0/")
    page.locator("#used-in-exercises").wait_for()
    page.locator(f"a:has-text('{EX_ID}')").first.click()
    page.locator("h1#exercise").wait_for()
    assert PUBLIC_TITLE in page.locator("h1#exercise").inner_text()
    body = page.locator("article").inner_text()
    assert PUBLIC_FINDING in body and SECRET_TITLE not in body
    rows = page.locator("#verdicts ~ div table tbody tr, #verdicts + * tbody tr")
    assert rows.count() >= 3
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "exercise.png"), full_page=True)
    page.locator("a:has-text('AISS-JNT-001@1.0.0 R-03')").click()
    heading = page.locator("h3[id='R-03']")
    heading.wait_for()
    top = page.evaluate("document.getElementById('R-03').getBoundingClientRect().top")
    assert 0 <= top < 300
