"""An example file named to break out of an attribute (`x" onmouseover="..." y.yaml`) is inert in
headless Chromium, in the tree `aiss render` writes built by plain MkDocs and in `aiss build`:
the name is refused (`unsafe-file-name`), never published, and every link the pages do have
is hovered and clicked without running anything."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import REPO
from tests.support.served import serve
from tests.support.site_registry import build_registry

pytestmark = pytest.mark.browser
HOSTILE = 'x" onmouseover="window.__pwned=9" y'
EXAMPLE = """\
schema_version: "1.0.0"
kind: ResultSubmission
standard: {id: AISS-TST-001, version: "1.0.0"}
marking: {tlp: "TLP:CLEAR"}
example:
  expected_verdict: non_conformant
  description: a submission with no runs
"""
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}


def _registry(tmp: Path) -> Path:
    root = build_registry(tmp)
    examples = root / "AISS-TST-001" / "1.0.0" / "examples"
    examples.mkdir(exist_ok=True)
    (examples / f"{HOSTILE}.yaml").write_text(EXAMPLE, encoding="utf-8")
    (examples / "plain.yaml").write_text(EXAMPLE, encoding="utf-8")
    return root


def _run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300
    )


def _rendered_and_built(tmp: Path, root: Path) -> Path:
    out = tmp / "rendered"
    rendered = _run("aiss", "render", "--root", str(root), "--out", str(out))
    assert rendered.returncode == 1, rendered.stderr  # written, without the refused example
    assert "unsafe-file-name" in rendered.stderr
    built = _run("mkdocs", "build", "-f", str(out / "mkdocs.yml"), "-d", str(tmp / "plain"), "-q")
    assert built.returncode == 0, built.stderr
    return tmp / "plain"


def _aiss_built(tmp: Path, root: Path) -> Path:
    site = tmp / "built"
    built = _run("aiss", "build", "--root", str(root), "--site-dir", str(site), "-q")
    assert built.returncode == 1, built.stderr  # built, and the refused example reported
    assert "unsafe-file-name" in built.stderr
    return site


def _hover_every_link(page: Any, url: str) -> int:
    page.goto(url)
    links = page.locator("article a[href]")
    for i in range(links.count()):
        link = links.nth(i)
        if link.is_visible():
            link.hover()
    return int(links.count())


@pytest.mark.parametrize("how", ["render + plain mkdocs", "aiss build"])
def test_a_hostile_example_name_runs_nothing(how: str, page: Any, tmp_path: Path) -> None:
    root = _registry(tmp_path)
    site = (_rendered_and_built if how.startswith("render") else _aiss_built)(tmp_path, root)
    version = site / "standards" / "AISS-TST-001" / "1.0.0"
    html = (version / "index.html").read_text(encoding="utf-8")
    assert "plain.yaml" in html and "onmouseover" not in html
    assert not any("onmouseover" in p.name for p in site.rglob("*"))
    with serve(site) as base:
        assert _hover_every_link(page, base + "standards/AISS-TST-001/1.0.0/") > 3
        page.locator("a", has_text="plain.yaml").first.hover()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        # the refused example is counted, never named
        assert "more example(s) are restricted" in page.locator("article").inner_text()
    shutil.rmtree(site)
