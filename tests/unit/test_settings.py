"""settings: the published site's address is one setting, AISS_SITE_URL, read by the CLI's
diagnostic links and (through mkdocs.yml's `!ENV`) by the site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _aiss(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != "AISS_SITE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "aiss", *args],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_diagnostic_links_follow_the_configured_site(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: Vocabulary\nname: x\nname: y\n", encoding="utf-8")
    moved = _aiss({"AISS_SITE_URL": "https://standards.example.net/aiss"}, "validate", str(bad))
    assert moved.returncode == 1
    assert "explained at: https://standards.example.net/aiss/diagnostics/duplicate-key/" in (
        moved.stdout
    )
    default = _aiss({}, "validate", str(bad))
    assert "explained at: https://aiss.example.org/diagnostics/duplicate-key/" in default.stdout


def test_mkdocs_reads_the_same_setting() -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_url: !ENV [AISS_SITE_URL, "https://aiss.example.org/"]' in config
