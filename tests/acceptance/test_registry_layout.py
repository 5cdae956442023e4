"""The registry is found or refused, never guessed: a registry whose vocabularies are gone is
still checked (frozen versions included) and says what is missing; folders linking out of it
are reported, not skipped in silence."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from aiss.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "registry"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "standards", tmp_path / "standards")
    return tmp_path / "standards"


def test_deleting_the_vocabularies_does_not_switch_the_freeze_off(root: Path) -> None:
    shutil.rmtree(root / "vocabularies")
    cbrn = root / "AISS-CBRN-001" / "1.0.0" / "standard.yaml"
    text = cbrn.read_text(encoding="utf-8")
    assert "min_items: 108" in text
    cbrn.write_text(text.replace("min_items: 108", "min_items: 1", 1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "standards"])
    assert result.exit_code == 1
    out = result.output
    assert "standards/AISS-CBRN-001/1.0.0/standard.yaml" in out
    assert "error[frozen-version-modified] AISS-CBRN-001@1.0.0 is published and frozen" in out
    assert "standards/vocabularies:0:0: error[missing-vocabulary]" in out
    assert "hint: the registry folder used is standards: restore standards/vocabularies/" in out
    assert "not a registry" not in out


def test_a_folder_without_vocabularies_reports_unknown_issuers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "mine"
    shutil.copytree(FIXTURE / "AISS-TST-001", folder / "AISS-TST-001")
    std = folder / "AISS-TST-001" / "1.0.0" / "standard.yaml"
    std.write_text(std.read_text().replace("[test-institute]", "[nobody-we-know]"))
    result = CliRunner().invoke(cli, ["validate", "mine"])
    assert result.exit_code == 1, result.output
    assert "error[missing-vocabulary] the registry has no issuers vocabulary to check" in (
        result.output
    )
    assert "add mine/vocabularies/issuers.yaml (the registry folder used)" in result.output


def test_a_version_folder_linking_out_is_reported(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "1.2.0"
    shutil.copytree(root / "AISS-RPT-001" / "1.1.0", outside)
    (root / "AISS-RPT-001" / "1.2.0").symlink_to(outside, target_is_directory=True)
    result = CliRunner().invoke(cli, ["validate", "standards"])
    assert result.exit_code == 1
    assert (
        "standards/AISS-RPT-001/1.2.0:0:0: error[link-outside-registry] "
        "standards/AISS-RPT-001/1.2.0 is a link to a folder outside the registry"
    ) in result.output


def test_an_example_linking_out_is_not_read(root: Path, tmp_path: Path) -> None:
    examples = root / "AISS-CYB-001" / "1.0.0" / "examples"
    secret = tmp_path / "secret.yaml"
    shutil.copy(next(iter(sorted(examples.glob("*.yaml")))), secret)
    (examples / "linked.yaml").symlink_to(secret)
    result = CliRunner().invoke(cli, ["validate", "standards"])
    assert result.exit_code == 1
    assert "standards/AISS-CYB-001/1.0.0/examples/linked.yaml" in result.output
    assert "error[unreadable-file]" in result.output


def test_a_file_linking_inside_the_registry_is_refused(root: Path) -> None:
    """A link that stays in the registry is read (and found once), but refused: what it
    leads to could change while it stays the same."""
    examples = root / "AISS-CYB-001" / "1.0.0" / "examples"
    (examples / "again.yaml").symlink_to("conformant.yaml")
    (root / "vocabularies" / "issuers.yaml").rename(root / "issuers.txt")
    (root / "vocabularies" / "issuers.yaml").symlink_to(Path("..", "issuers.txt"))
    result = CliRunner().invoke(cli, ["validate", "standards"])
    assert result.exit_code == 1, result.output
    for shown in ("AISS-CYB-001/1.0.0/examples/again.yaml", "vocabularies/issuers.yaml"):
        assert (
            f"standards/{shown}:0:0: error[linked-file] standards/{shown} is a symbolic link"
            in (result.output)
        )
    assert result.output.count("error[") == 2, result.output


def test_names_the_layout_reads_that_are_no_files_are_reported_not_skipped(root: Path) -> None:
    # a published version whose standard.yaml became a link to nothing (its file moved away),
    # and a fifo among another version's examples (a blocking read of it waits for ever)
    version = root / "AISS-RPT-001" / "1.1.0"
    (version / "standard.yaml").rename(root.parent / "moved.yaml")
    (version / "standard.yaml").symlink_to(root.parent / "gone.yaml")
    os.mkfifo(root / "AISS-CYB-001" / "1.0.0" / "examples" / "pipe.yaml")
    result = CliRunner().invoke(cli, ["validate", "standards"])
    assert result.exit_code == 1, result.output
    out = result.output
    assert (
        "standards/AISS-RPT-001/1.1.0/standard.yaml:0:0: error[not-a-file] "
        "standards/AISS-RPT-001/1.1.0/standard.yaml is not a regular file (a link that leads "
        "to nothing); it is not read"
    ) in out
    assert (
        "standards/AISS-CYB-001/1.0.0/examples/pipe.yaml:0:0: error[not-a-file] "
        "standards/AISS-CYB-001/1.0.0/examples/pipe.yaml is not a regular file (a fifo, socket "
        "or device)"
    ) in out
    assert "Traceback" not in out
