"""`aiss build` is atomic: a build that fails, is interrupted (SIGINT) or killed (SIGKILL)
half-way leaves the previous site exactly as it was; a successful one replaces it whole."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.site_registry import build_registry

REPO = Path(__file__).resolve().parents[2]


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build(
    root: Path, site: Path, fault: str | None = None, config: Path = REPO / "mkdocs.yml"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    env.pop("AISS_FAULT_INJECTION", None)
    if fault:
        env["AISS_FAULT_INJECTION"] = fault
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "aiss",
            "build",
            "-q",
            "--root",
            str(root),
            "--site-dir",
            str(site),
            "-f",
            str(config),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        start_new_session=True,  # a SIGINT stays inside aiss's process group
    )


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    root = build_registry(tmp_path)
    site = tmp_path / "site"
    first = _build(root, site)
    assert first.returncode == 0, first.stderr
    before = _snapshot(site)
    assert "index.html" in before and len(before) > 50
    # the next build has something new to write, so a swap would show
    std = root / "AISS-TST-001" / "1.1.0" / "standard.yaml"
    std.write_text(std.read_text().replace("Minimal test standard", "Minimal test standard, v2"))
    return root, site, before


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fault", "returncode"), [("interrupt-mid-build", 130), ("kill-mid-build", -signal.SIGKILL)]
)
def test_an_interrupted_build_leaves_the_previous_site_intact(
    built: tuple[Path, Path, dict[str, str]], fault: str, returncode: int
) -> None:
    root, site, before = built
    stopped = _build(root, site, fault)
    assert stopped.returncode == returncode, stopped.stderr
    if fault == "interrupt-mid-build":
        assert stopped.stderr.strip().endswith("aiss: interrupted")
    assert _snapshot(site) == before
    staging = [p.name for p in site.parent.iterdir() if p.name.startswith(".site.")]
    assert (staging == []) is (fault == "interrupt-mid-build")  # a kill leaves its staging
    again = _build(root, site)
    assert again.returncode == 0, again.stderr
    after = _snapshot(site)
    assert after != before and "index.html" in after
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(".site.")] == []


@pytest.mark.slow
def test_a_failed_build_leaves_the_previous_site_intact(
    built: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    root, site, before = built
    docs = tmp_path / "docs-src"
    shutil.copytree(REPO / "site_src", docs)
    (docs / "broken.md").write_text("# Broken\n\n[a link to nowhere](nowhere.md)\n")
    config = tmp_path / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text().replace("docs_dir: site_src", f"docs_dir: {docs}")
    assert f"docs_dir: {docs}" in text
    config.write_text(text)
    (tmp_path / "tools").symlink_to(REPO / "tools")  # the hook named in the configuration
    failed = _build(root, site, config=config)
    assert failed.returncode == 1, failed.stderr
    assert "build failed" in failed.stderr and "is as it was" in failed.stderr
    assert _snapshot(site) == before
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(".site.")] == []
