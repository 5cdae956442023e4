"""Every command that writes, killed with SIGKILL half-way through a write, leaves the old files.

The kill comes from `AISS_FAULT_INJECTION=kill-mid-write` (tools/aiss/atomic.py): the process
writes half of its first file and kills itself, as an out-of-memory kill or a power cut would.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REGISTRY = REPO / "tests" / "fixtures" / "registry"


def _snapshot(folder: Path) -> dict[str, str]:
    """Digest of every non-hidden file below `folder` (hidden `.*.tmp` leftovers excluded)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def _aiss(args: list[str], cwd: Path, *, kill: bool) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    if kill:
        env["AISS_FAULT_INJECTION"] = "kill-mid-write"
    return subprocess.run(
        [sys.executable, "-m", "aiss", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    root = tmp_path / "standards"
    shutil.copytree(REGISTRY, root)
    return root


def _killed_then_whole(
    args: list[str], cwd: Path, watched: Path
) -> subprocess.CompletedProcess[str]:
    before = _snapshot(watched)
    killed = _aiss(args, cwd, kill=True)
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr)
    assert _snapshot(watched) == before
    done = _aiss(args, cwd, kill=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_schema_killed_mid_write(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    shutil.copytree(REPO / "schemas", out)
    (out / "standard.schema.json").write_text("{}\n")  # stale: `aiss schema` must rewrite it
    _killed_then_whole(["schema", "--out", str(out)], tmp_path, out)
    assert (out / "standard.schema.json").read_text() != "{}\n"


def test_bump_killed_mid_write(registry: Path) -> None:
    _killed_then_whole(
        ["bump", "AISS-TST-001", "--minor", "--root", str(registry)], registry.parent, registry
    )
    assert (registry / "AISS-TST-001" / "1.1.0" / "standard.yaml").is_file()


def test_lock_update_killed_mid_write(registry: Path) -> None:
    _killed_then_whole(["lock", "--update", "--root", str(registry)], registry.parent, registry)
    assert (registry / "registry.lock").is_file()


def test_publish_killed_mid_write(registry: Path) -> None:
    done = _aiss(
        ["bump", "AISS-TST-001", "--patch", "--root", str(registry)], registry.parent, kill=False
    )
    assert done.returncode == 0, done.stderr
    draft = registry / "AISS-TST-001" / "1.0.1" / "standard.yaml"
    text = draft.read_text()
    draft.write_text(text.replace("changes: []", "changes: [Typo fixed.]"))
    _killed_then_whole(
        ["publish", "AISS-TST-001@1.0.1", "--root", str(registry)], registry.parent, registry
    )
    assert "status: published" in draft.read_text()


def test_import_output_killed_mid_write(tmp_path: Path) -> None:
    subs = REPO / "tests" / "fixtures" / "submissions"
    shutil.copytree(subs / "registry", tmp_path / "registry")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "submission.yaml"
    target.write_text("# an earlier import, to be replaced whole or not at all\n")
    log = REPO / "tests" / "fixtures" / "inspect" / "success.eval"
    args = [
        "import",
        "inspect",
        str(log),
        "--standard",
        "AISS-INS-001@1.0.0",
        "--root",
        str(tmp_path / "registry"),
        "-o",
        str(target),
    ]
    _killed_then_whole(args, tmp_path, out)
    assert "kind: ResultSubmission" in target.read_text()
