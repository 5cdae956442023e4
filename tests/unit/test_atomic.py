"""atomic: files replaced whole; a folder built beside its target and swapped in whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aiss import atomic
from aiss.atomic import replace_folder, staging_folder, write_many_atomic


def _folder(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "index.html").write_text(text)
    return path


def test_a_built_folder_replaces_the_old_one_whole(tmp_path: Path) -> None:
    target = _folder(tmp_path / "site", "old")
    (target / "gone.html").write_text("only in the old site")
    new = staging_folder(target)
    assert new.parent == tmp_path and new.name.startswith(f".site.building-{os.getpid()}.")
    (new / "index.html").write_text("new")
    replace_folder(new, target)
    assert sorted(p.name for p in target.iterdir()) == ["index.html"]
    assert (target / "index.html").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_missing_target_is_created(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "site"
    new = staging_folder(target)
    (new / "a").write_text("x")
    replace_folder(new, target)
    assert (target / "a").read_text() == "x"


def test_without_an_atomic_exchange_two_renames_do_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    target = _folder(tmp_path / "site", "old")
    new = staging_folder(target)
    (new / "index.html").write_text("new")
    replace_folder(new, target)
    assert (target / "index.html").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_leftovers_of_dead_builds_are_cleared_and_a_set_aside_site_put_back(
    tmp_path: Path,
) -> None:
    dead = 2**22 + 12345  # above any pid the kernel hands out by default
    _folder(tmp_path / f".site.building-{dead}.abc", "half")
    aside = _folder(tmp_path / f".site.replaced-{dead}", "the previous site")
    mine = _folder(tmp_path / f".site.building-{os.getpid()}.live", "a build still running")
    staging = staging_folder(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "the previous site"
    assert not aside.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", mine.name, staging.name])


def test_many_files_are_written_or_none(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("old a")
    with pytest.raises(TypeError):
        write_many_atomic({a: "new a", b: 3})  # type: ignore[dict-item]
    assert a.read_text() == "old a" and not b.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a"]
