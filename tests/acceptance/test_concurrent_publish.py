"""Three `aiss publish` of different standards at once, ten times: every lock entry survives.

Each publish holds the registry's write lock (an exclusive `flock`, `aiss.versions.store`)
from before it reads the registry until its files are written, so the three run one after
the other and each reads the lock the one before wrote.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aiss.source import parse_yaml
from aiss.versions.lock import parse_lock

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "registry"
BASE = (FIXTURE / "AISS-TST-001" / "1.0.0" / "standard.yaml").read_text(encoding="utf-8")
IDS = ("AISS-TST-002", "AISS-TST-003", "AISS-TST-004")
TRIALS = 10


def _proposed(sid: str) -> str:
    text = BASE.replace("AISS-TST-001", sid).replace(
        "  - {status: published, date: 2026-02-01}\n", ""
    )
    return text.replace("status: published", "status: proposed", 1)


def _registry(root: Path) -> None:
    shutil.copytree(FIXTURE, root)
    for sid in IDS:
        folder = root / sid / "1.0.0"
        folder.mkdir(parents=True)
        (folder / "standard.yaml").write_text(_proposed(sid), encoding="utf-8")


def _publish_three_at_once(root: Path) -> list[subprocess.CompletedProcess[str]]:
    env = {**os.environ, "NO_COLOR": "1", "AISS_JOBS": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "aiss", "publish", f"{sid}@1.0.0", "--root", str(root)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for sid in IDS
    ]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=120)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


@pytest.mark.slow
def test_concurrent_publishes_lose_no_lock_entry(tmp_path: Path) -> None:
    for trial in range(TRIALS):
        root = tmp_path / f"trial-{trial}" / "standards"
        _registry(root)
        for done in _publish_three_at_once(root):
            assert done.returncode == 0, done.stdout + done.stderr
            assert "locked AISS-TST-00" in done.stdout
        lock_file = root / "registry.lock"
        lock, diags = parse_lock(parse_yaml("registry.lock", lock_file.read_bytes()))
        assert diags == [] and lock is not None
        assert sorted(lock.versions) == [f"{sid}@1.0.0" for sid in IDS], (trial, lock.versions)
        for sid in IDS:
            text = (root / sid / "1.0.0" / "standard.yaml").read_text(encoding="utf-8")
            assert "status: published" in text
        leftovers = [p.name for p in root.iterdir() if p.name.endswith(".tmp")]
        assert leftovers == []
