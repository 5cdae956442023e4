"""example_pass: an example's cache key covers every entry of its folder, from the digests of
the bytes the check read where it read them, and reading it for the key opens only regular
files."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aiss.compose import example_pass
from aiss.compose.example_pass import _Deps, _file_state
from aiss.compose.validate import validate
from aiss.loading import note_sha256, read_file

REPO = Path(__file__).resolve().parents[3]
SHIPPED = REPO / "standards" / "AISS-ARA-001" / "1.0.0" / "examples"


def _key(folder: Path) -> str:
    return _Deps(None, None, "").folder(folder)  # type: ignore[arg-type]  # the folder part only


def test_the_folder_key_changes_with_any_entry_below_it(tmp_path: Path) -> None:
    ex = tmp_path / "examples"
    shutil.copytree(SHIPPED, ex)
    before = _key(ex)
    assert _key(ex) == before  # the same entries: the same key
    log = next((ex / "logs").iterdir())

    def relink() -> None:
        (ex / "link.eval").unlink()
        (ex / "link.eval").symlink_to("elsewhere")

    changes = [
        lambda: log.write_bytes(log.read_bytes() + b"x"),  # a log's bytes
        lambda: (ex / "logs" / "deep").mkdir(),  # an empty folder is no entry of its own
        lambda: (ex / "logs" / "deep" / "new.eval").write_bytes(b""),  # a file deep below
        lambda: (ex / "link.eval").symlink_to(log),  # a link to a file
        lambda: (ex / "dirlink").symlink_to(ex / "logs"),  # a link to a folder
        relink,  # where a link leads
    ]
    keys = [before]
    for change in changes:
        change()
        keys.append(_key(ex))
    assert keys[2] == keys[1]  # the empty folder
    assert len({keys[0], keys[1], *keys[3:]}) == len(keys) - 1


def test_a_fifo_is_told_without_being_opened(tmp_path: Path) -> None:
    # opening a fifo to read waits for a writer: a key that read it would never be made
    os.mkfifo(tmp_path / "pipe")
    assert _file_state(tmp_path / "pipe") == "other"
    assert _file_state(tmp_path / "absent") == "absent"
    (tmp_path / "link").symlink_to("pipe")
    assert _file_state(tmp_path / "link").startswith("link:")


def test_validate_with_a_fifo_in_an_examples_folder_finishes(tmp_path: Path) -> None:
    shutil.copytree(REPO / "standards", tmp_path / "standards")
    os.mkfifo(tmp_path / "standards" / "AISS-ARA-001" / "1.0.0" / "examples" / "logs" / "pipe")
    env = {**os.environ, "AISS_CACHE_DIR": str(tmp_path / "cache")}  # the key is made to store
    proc = subprocess.run(
        [sys.executable, "-m", "aiss", "validate", "standards"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,  # the code before this test waited for ever
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_examples_are_checked_with_the_approvals_the_first_pass_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole registry: the approvals file is read once, by the first pass, and its recorded
    reviews still give the shipped examples their declared verdicts; one example validated
    alone reads it itself."""
    shutil.copytree(REPO / "standards", tmp_path / "standards")
    root = tmp_path / "standards"
    reads: list[Path] = []

    def counted(root: Path, *_: object) -> list[object]:
        reads.append(root)
        return []

    monkeypatch.setattr(example_pass, "registry_approvals", counted)
    result = validate([root], root=root, jobs=1)
    assert reads == []
    mismatched = [d for d in result.diagnostics if d.code == "example-verdict-mismatch"]
    assert mismatched == [] and result.files > 20
    one = root / "AISS-ARA-001" / "1.0.0" / "examples" / "conformant.yaml"
    validate([one], root=root, jobs=1)
    assert reads == [root]


def test_the_folder_key_takes_the_digests_of_what_was_read_and_reads_a_changed_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = tmp_path / "examples"
    shutil.copytree(SHIPPED, ex)
    files = sorted(p for p in ex.rglob("*") if p.is_file())
    before = _key(ex)  # every file read for the key
    for p in files:  # as the check reads them: the example, the logs it cites
        rf = read_file(p)
        assert rf.raw is not None
        note_sha256(rf.state, hashlib.sha256(rf.raw).hexdigest())
    read: list[Path] = []
    bytes_state = example_pass._bytes_state

    def reading(p: Path) -> str:
        read.append(p)
        return bytes_state(p)

    monkeypatch.setattr(example_pass, "_bytes_state", reading)
    assert _key(ex) == before  # the same key, from the digests noted
    assert read == []  # and no file read again
    log = next((ex / "logs").iterdir())
    log.write_bytes(log.read_bytes() + b"x")
    after = _key(ex)
    assert read == [log]  # the changed file only, read again
    assert after != before
