"""versions.gitrefs: files at a ref, read with two git processes; refs can never be options."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from aiss.versions.gitrefs import GitError, files_at, resolve, toplevel


def git(repo: Path, *args: str) -> str:
    out = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "t@example.org")
    git(tmp_path, "config", "user.name", "T")
    (tmp_path / "standards" / "A B").mkdir(parents=True)
    (tmp_path / "standards" / "A B" / "x.yaml").write_bytes(b"a: 1\n")
    (tmp_path / "standards" / "bin").write_bytes(bytes(range(256)) * 300)
    (tmp_path / "standards" / "empty").write_bytes(b"")
    (tmp_path / "standards" / "link").symlink_to("bin")
    (tmp_path / "other.txt").write_text("outside\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "one")
    return tmp_path


def test_files_at_a_ref_under_a_folder(repo: Path) -> None:
    (repo / "standards" / "A B" / "x.yaml").write_bytes(b"a: 2\n")  # the working tree moves on
    files = files_at(repo, "main", "standards")
    assert files == {
        "standards/A B/x.yaml": b"a: 1\n",
        "standards/bin": bytes(range(256)) * 300,
        "standards/empty": b"",
    }
    assert set(files_at(repo, "HEAD", ".")) == {*files, "other.txt"}
    # links are listed apart, with the path they lead to (never followed)
    assert files_at(repo, "main", "standards", links=True) == {"standards/link": b"bin"}


def test_refs_are_resolved_and_never_options(repo: Path) -> None:
    assert len(resolve(repo, "HEAD")) == 40
    for bad in ("nope", "--output=/tmp/x", "-h", "HEAD~5"):
        with pytest.raises(GitError, match="is not a commit"):
            resolve(repo, bad)


def test_toplevel(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert toplevel(repo / "standards").resolve() == repo.resolve()
    with pytest.raises(GitError):
        toplevel(tmp_path_factory.mktemp("not-a-repo"))
