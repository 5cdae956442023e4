"""`aiss render`'s folder writes: all or nothing, and never over a folder it did not write."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiss.loading import UsageError
from aiss.loading import read_folder as read_tree
from aiss.site.tree import MARKER, write_tree


def test_write_then_replace(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.md": b"A", "d/b.md": b"B"})
    assert read_tree(out) == {"a.md": b"A", "d/b.md": b"B"}
    assert (out / MARKER).is_file()
    write_tree(out, {"c.md": b"C"})
    assert read_tree(out) == {"c.md": b"C"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(UsageError):
        write_tree(tmp_path, {"a.md": b"A"})
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_a_failed_write_leaves_the_old_tree(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.md": b"A"})
    with pytest.raises(ValueError, match="unsafe path"):
        write_tree(out, {"b.md": b"B", "../escape.md": b"X"})
    assert read_tree(out) == {"a.md": b"A"}
    assert not (tmp_path / "escape.md").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_read_tree_skips_hidden_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / ".hidden").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p.md").write_text("p")
    (tmp_path / "skip").mkdir()
    (tmp_path / "skip" / "q.md").write_text("q")
    assert read_tree(tmp_path, skip=("skip",)) == {"sub/p.md": b"p"}
