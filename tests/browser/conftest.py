"""Built sites served on localhost and a headless Chromium (Debian's, never a downloaded one)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.served import serve
from tests.support.site_registry import add_hostile, build_registry

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("AISS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def build_site(root: Path, out: Path) -> Path:
    """`aiss build` of the registry at `root` into `out`: the real command, strict."""
    proc = subprocess.run(
        [sys.executable, "-m", "aiss", "build", "--root", str(root), "--site-dir", str(out), "-q"],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped registry, built once and served."""
    out = build_site(REPO / "standards", tmp_path_factory.mktemp("browser") / "site")
    with serve(out) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test registry plus the hostile standard, built once and served."""
    tmp = tmp_path_factory.mktemp("browser-hostile")
    root = build_registry(tmp)
    add_hostile(root)
    with serve(build_site(root, tmp / "site")) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright; the tests fail (not skip) without it."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (tools/test.sh does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that fails the test on any dialog (alert, confirm, prompt)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    try:
        yield tab
    finally:
        context.close()
    assert dialogs == [], f"a dialog opened: {dialogs}"
