"""`aiss render/build/serve` refuse bad input with exit 2 and one clear line; render exits 1 on errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from aiss.cli.main import cli
from tests.support import cache_rows
from tests.support.site_registry import build_registry

REPO = Path(__file__).resolve().parents[2]
CONFIG = str(REPO / "mkdocs.yml")


def test_missing_configuration_is_exit_2(tmp_path: Path) -> None:
    for command in ("build", "serve"):
        result = CliRunner().invoke(cli, [command, "-f", str(tmp_path / "nope.yml")])
        assert result.exit_code == 2, result.output
        assert "no such configuration file" in result.output


def test_missing_registry_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["render", "-f", CONFIG, "--root", str(tmp_path / "none"), "--out", str(tmp_path / "o")],
    )
    assert result.exit_code == 2
    assert "no such registry folder" in result.output


def test_render_refuses_to_replace_a_foreign_folder(tmp_path: Path) -> None:
    root = build_registry(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    result = CliRunner().invoke(
        cli, ["render", "-f", CONFIG, "--root", str(root), "--out", str(tmp_path / "mine")]
    )
    assert result.exit_code == 2
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"


def test_render_writes_valid_versions_and_exits_1_on_errors(tmp_path: Path) -> None:
    root = build_registry(tmp_path)
    bad = root / "AISS-TST-002" / "1.0.0" / "standard.yaml"
    bad.write_text(bad.read_text().replace("procedure: TP-1", "procedure: TP-9"))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["render", "-f", CONFIG, "--root", str(root), "--out", str(out)]
    )
    assert result.exit_code == 1, result.output
    assert "error[unknown-procedure]" in result.output
    assert "left out AISS-TST-002@1.0.0: has validation errors" in result.output
    docs = out / "docs" / "standards"
    assert (docs / "AISS-TST-001" / "1.1.0" / "index.md").is_file()
    assert not (docs / "AISS-TST-002" / "1.0.0").exists()


def test_render_fills_the_page_cache_and_no_cache_leaves_it_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_registry(tmp_path)
    cache = tmp_path / "cache"
    monkeypatch.setenv("AISS_CACHE_DIR", str(cache))
    args = ["render", "-f", CONFIG, "--root", str(root), "--out"]
    result = CliRunner().invoke(cli, [*args, str(tmp_path / "a"), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not cache.exists()
    for out in ("b", "c"):
        result = CliRunner().invoke(cli, [*args, str(tmp_path / out)])
        assert result.exit_code == 0, result.output
    assert len(cache_rows.entries(cache, "site-pages")) == 2
    for name in ("b", "c"):
        pages = tmp_path / name / "docs" / "standards" / "AISS-TST-001" / "1.1.0" / "index.md"
        fresh = tmp_path / "a" / "docs" / "standards" / "AISS-TST-001" / "1.1.0" / "index.md"
        assert pages.read_bytes() == fresh.read_bytes()
    config = yaml.safe_load((tmp_path / "a" / "mkdocs.yml").read_text())
    assert config["not_in_nav"] == "/standards/\n/catalog/page/\n/crosswalks/*/\n"
