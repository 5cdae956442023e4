"""versions.exceptions.read_acks: the acknowledged-changes file is taken from the document
pass when the pass read it, by its name or through a link, and read again only otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiss.compose.validate import check_file
from aiss.validation.document import Checked
from aiss.versions.acks import ACK_FILE
from aiss.versions.exceptions import read_acks

ACKS = 'schema_version: "1.0.0"\nkind: AcknowledgedChanges\nacknowledged: []\n'


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # display paths are relative to the working folder
    (tmp_path / "standards").mkdir()
    (tmp_path / "standards" / ACK_FILE).write_text(ACKS, encoding="utf-8")
    return Path("standards")


def _read(root: Path, checked: list[Checked]) -> tuple[list[Path], bool]:
    again: list[Path] = []

    def check_again(path: Path) -> Checked:
        again.append(path)
        return check_file(path)

    acks, problems = read_acks(root, checked, check_again)
    assert problems == []
    return again, acks.doc is not None


def test_the_pass_s_own_reading_is_used_by_name_or_through_a_link(root: Path) -> None:
    other = root / "other.yaml"
    other.write_text("x: 1\n", encoding="utf-8")
    assert _read(root, [check_file(other), check_file(root / ACK_FILE)]) == ([], True)
    link = root / "linked.yaml"
    link.symlink_to(ACK_FILE)
    assert _read(root, [check_file(other), check_file(link)]) == ([], True)


def test_the_file_is_read_again_when_the_pass_did_not_read_it(root: Path) -> None:
    other = root / "other.yaml"
    other.write_text("x: 1\n", encoding="utf-8")
    assert _read(root, [check_file(other)]) == ([root / ACK_FILE], True)
