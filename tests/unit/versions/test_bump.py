"""versions.bump / roundtrip / store: the new file keeps every comment; writes are all or nothing."""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from aiss.cli.main import cli
from aiss.models import Standard
from aiss.source import parse_yaml
from aiss.versions import store
from aiss.versions.bump import BumpRefused, bumped_text, plan_auto, plan_bump, renumbered_text
from aiss.versions.change import DiffReport
from aiss.versions.roundtrip import Document
from aiss.versions.rules import Bump
from tests.goldens import check_golden

REPO = Path(__file__).resolve().parents[3]
FIXTURE = REPO / "tests" / "fixtures" / "registry"
SHIPPED = sorted((REPO / "standards").glob("*/*/standard.yaml"))
CYB = REPO / "standards" / "AISS-CYB-001" / "1.1.0" / "standard.yaml"
DAY = dt.date(2026, 9, 1)


def _comments(text: str) -> list[str]:
    """Every comment in a YAML text (full-line and end-of-line), in order."""
    return [m.group(0).strip() for m in re.finditer(r"(?:^|\s)#[^\n]*", text)]


def _model(text: str) -> Standard:
    return Standard.model_validate(parse_yaml("f", text.encode()).data)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    "path", SHIPPED, ids=[f"{p.parent.parent.name}@{p.parent.name}" for p in SHIPPED]
)
def test_round_trip_gives_back_the_same_bytes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert Document(text).text() == text


@functools.cache
def _bumped_cyb() -> str:
    return bumped_text(
        CYB.read_text(encoding="utf-8"),
        new_version="1.2.0",
        supersedes="AISS-CYB-001@1.1.0",
        today=DAY,
    )


def test_bump_of_the_shipped_standard_matches_the_golden_file(
    update_goldens: bool,
) -> None:
    check_golden(update_goldens, "bump/AISS-CYB-001-1.2.0.yaml", _bumped_cyb())


def test_bump_keeps_every_comment_and_changes_only_the_bookkeeping() -> None:
    old_text = CYB.read_text(encoding="utf-8")
    new_text = _bumped_cyb()
    added = [c for c in _comments(new_text) if c not in _comments(old_text)]
    assert [c for c in _comments(new_text) if c not in added] == _comments(old_text)
    assert len(added) == 1 and "TODO" in added[0]
    old, new = _model(old_text), _model(new_text)
    assert (new.version, new.status.value, new.supersedes) == (
        "1.2.0",
        "draft",
        "AISS-CYB-001@1.1.0",
    )
    assert [(e.status.value, e.date) for e in new.status_history] == [("draft", DAY)]
    assert new.superseded_by is None
    assert (new.changelog[0].version, new.changelog[0].changes) == ("1.2.0", [])
    assert new.changelog[1:] == old.changelog
    assert new.requirements == old.requirements and new.summary == old.summary


def test_bump_of_the_test_fixture_matches_the_golden_file(
    update_goldens: bool,
) -> None:
    source = (FIXTURE / "AISS-TST-001" / "1.0.0" / "standard.yaml").read_text(encoding="utf-8")
    check_golden(
        update_goldens,
        "bump/AISS-TST-001-2.0.0.yaml",
        bumped_text(source, new_version="2.0.0", supersedes="AISS-TST-001@1.0.0", today=DAY),
    )


def test_renumbering_a_draft_changes_its_version_and_its_changelog_entry() -> None:
    source = (FIXTURE / "AISS-TST-001" / "1.0.0" / "standard.yaml").read_text(encoding="utf-8")
    text = bumped_text(source, new_version="1.1.0", supersedes="AISS-TST-001@1.0.0", today=DAY)
    moved = _model(renumbered_text(text, "2.0.0"))
    assert moved.version == "2.0.0" and moved.changelog[0].version == "2.0.0"
    assert moved.changelog[1].version == "1.0.0"


def _std(version: str, status: str) -> Standard:
    data = parse_yaml("f", (FIXTURE / "AISS-TST-001/1.0.0/standard.yaml").read_bytes()).data
    data.update(
        version=version, status=status, status_history=[{"status": status, "date": "2026-01-01"}]
    )
    return Standard.model_validate(data)


def test_plans() -> None:
    published = [_std("1.0.0", "published"), _std("1.1.0", "published")]
    assert plan_bump(published, Bump.MINOR).new_version == "1.2.0"
    assert plan_bump(published, Bump.MAJOR).new_version == "2.0.0"
    assert plan_bump(published, Bump.PATCH, source="1.0.0").new_version == "1.0.1"
    with pytest.raises(BumpRefused, match="already exists"):
        plan_bump(published, Bump.MINOR, source="1.0.0")
    with pytest.raises(BumpRefused, match="still draft"):
        plan_bump([*published, _std("1.2.0", "draft")], Bump.MINOR)
    with pytest.raises(BumpRefused, match="working draft"):
        plan_auto(published, None)
    draft = [*published, _std("1.2.0", "draft")]
    report = DiffReport("AISS-TST-001", "1.1.0", "1.2.0", ())
    assert plan_auto(draft, report).new_version == "1.1.1"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "standards")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "standards"


def test_bump_command_creates_a_valid_draft(root: Path) -> None:
    result = CliRunner().invoke(cli, ["bump", "AISS-TST-001", "--minor", "--date", "2026-09-01"])
    assert result.exit_code == 0, result.output
    assert "created standards/AISS-TST-001/1.1.0/standard.yaml" in result.output
    check = CliRunner().invoke(cli, ["validate"])
    assert check.exit_code == 0, check.output
    assert "warning[changelog-entry-empty]" in check.output
    assert sorted(p.name for p in (root / "AISS-TST-001").iterdir()) == ["1.0.0", "1.1.0"]


def test_bump_refuses_an_existing_target_and_touches_nothing(root: Path) -> None:
    (root / "AISS-TST-001" / "1.1.0").mkdir()
    (root / "AISS-TST-001" / "1.1.0" / "notes.txt").write_text("mine")
    before = _tree(root)
    result = CliRunner().invoke(cli, ["bump", "AISS-TST-001", "--minor"])
    assert result.exit_code == 2
    assert "already exists; nothing was written" in result.output
    assert _tree(root) == before


def test_an_interrupted_bump_leaves_the_tree_unchanged(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _tree(root)

    def interrupted(src: Path, dst: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "rename_folder", interrupted)
    result = CliRunner().invoke(cli, ["bump", "AISS-TST-001", "--major"])
    assert result.exit_code == 130
    assert _tree(root) == before
    assert sorted(p.name for p in (root / "AISS-TST-001").iterdir()) == ["1.0.0"]


def test_a_failure_while_writing_leaves_the_tree_unchanged(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _tree(root)

    def full(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("aiss.atomic.os.fsync", full)
    with pytest.raises(OSError, match="disk full"):
        store.create_folder(
            root / "AISS-TST-001" / "9.0.0", {"standard.yaml": b"x", "examples/a.yaml": b"y"}
        )
    assert _tree(root) == before


def test_auto_renumbers_the_working_draft(root: Path) -> None:
    assert CliRunner().invoke(cli, ["bump", "AISS-TST-001", "--patch"]).exit_code == 0
    draft = root / "AISS-TST-001" / "1.0.1" / "standard.yaml"
    text = draft.read_text().replace(
        "reporting:\n",
        "  - id: R-03\n    level: SHOULD\n    category: reporting\n    title: T\n    text: The report SHOULD say.\n    check: {type: manual}\nreporting:\n",
    )
    draft.write_text(text)
    assert "version-bump-too-small" in CliRunner().invoke(cli, ["validate"]).output
    result = CliRunner().invoke(cli, ["bump", "AISS-TST-001", "--auto"])
    assert result.exit_code == 0, result.output
    assert "moved AISS-TST-001@1.0.1 to 1.1.0" in result.output
    assert sorted(p.name for p in (root / "AISS-TST-001").iterdir()) == ["1.0.0", "1.1.0"]
    assert "version-bump-too-small" not in CliRunner().invoke(cli, ["validate"]).output
    again = CliRunner().invoke(cli, ["bump", "AISS-TST-001", "--auto"])
    assert again.exit_code == 0 and "already numbered" in again.output


def test_an_interrupted_renumbering_leaves_the_tree_unchanged(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert CliRunner().invoke(cli, ["bump", "AISS-TST-001", "--major"]).exit_code == 0
    before = _tree(root)
    real = Path.rename

    def rename(self: Path, target: Path) -> Path:  # the draft's own folder cannot be moved away
        if self.name == "2.0.0":
            raise KeyboardInterrupt
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    result = CliRunner().invoke(cli, ["bump", "AISS-TST-001", "--auto"])
    assert result.exit_code == 130
    assert _tree(root) == before


def test_bump_needs_exactly_one_part_and_a_known_standard(root: Path) -> None:
    assert CliRunner().invoke(cli, ["bump", "AISS-TST-001"]).exit_code == 2
    result = CliRunner().invoke(cli, ["bump", "AISS-NOPE-001", "--minor"])
    assert result.exit_code == 2 and "no such standard" in result.output
