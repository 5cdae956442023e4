"""A file a user names that is no regular file (a fifo, a folder, a link to nothing, a name
that is not there) is refused at once, saying what it is: a fifo is never opened, so no
command waits on it for ever (whole processes, as a user runs them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

COMMANDS = {
    "check": ["check", "{p}"],
    "compare": ["compare", "{p}", "{p}"],
    "bundle create": ["bundle", "create", "--to", "uk-aisi", "-o", "out.bundle", "{p}"],
    "bundle verify": ["bundle", "verify", "--as", "uk-aisi", "{p}"],
    "redact": ["redact", "--to", "TLP:CLEAR", "-o", "public.yaml", "{p}"],
    "export oscal results": ["export", "oscal", "results", "{p}"],
    "import inspect": ["import", "inspect", "--standard", "AISS-ARA-001@1.0.0", "{p}"],
    "validate": ["validate", "{p}"],
}
KINDS = {
    "fifo": "not a regular file (a fifo, socket or device)",
    "folder": "a folder, not a file",
    "dangling link": "a link that leads to nothing",
    "absent": "no such file",
}


def _make(where: Path, kind: str) -> Path:
    p = where / "given.yaml"
    if kind == "fifo":
        os.mkfifo(p)  # no writer: a blocking open of it waits for ever
    elif kind == "folder":
        p.mkdir()
    elif kind == "dangling link":
        p.symlink_to(where / "gone.yaml")
    return p


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="fifos are POSIX's")
@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_named_file_that_is_no_file_is_refused_saying_what_it_is(
    tmp_path: Path, command: str, kind: str
) -> None:
    shutil.copytree(REPO / "standards", tmp_path / "standards")
    given = _make(tmp_path, kind)
    args = [a.replace("{p}", given.name) for a in COMMANDS[command]]
    done = subprocess.run(
        [sys.executable, "-m", "aiss", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,  # a wait on the fifo fails the test here
        env={**os.environ, "AISS_CACHE_DIR": str(tmp_path / "cache")},
    )
    said = KINDS[kind]
    if command == "validate" and kind in ("folder", "absent", "dangling link"):
        # a folder is what validate walks; a name that is not there is "no such file or folder"
        expected = {"folder": 0, "absent": 2, "dangling link": 2}[kind]
        assert done.returncode == expected, done.stderr
        assert "Traceback" not in done.stderr + done.stdout
        return
    assert done.returncode == 2, (done.stdout, done.stderr)
    # where the command's argument is declared a file, the command line parser says it first
    parsed = kind == "folder" and "'given.yaml' is a directory" in done.stderr
    assert parsed or f"given.yaml: {said}" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not (tmp_path / "out.bundle").exists() and not (tmp_path / "public.yaml").exists()
