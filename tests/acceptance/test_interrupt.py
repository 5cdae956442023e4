"""Ctrl-C during a two-process `aiss validate`: one line and exit 130, no worker tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.unit.validation.test_parallel import _registry

AISS = str(Path(sys.executable).parent / "aiss")


def test_ctrl_c_stops_both_processes_quietly(tmp_path: Path) -> None:
    root = tmp_path / "standards"
    _registry(root, 300, broken=False)
    env = {**os.environ, "AISS_FAULT_INJECTION": "interrupt-mid-check", "AISS_JOBS": "2"}
    proc = subprocess.run(
        [AISS, "validate", str(root)],
        capture_output=True,
        text=True,
        env=env,
        start_new_session=True,  # the SIGINT goes to aiss's own process group, not to pytest's
        timeout=120,
    )
    assert proc.returncode == 130, proc.stdout + proc.stderr
    assert proc.stderr == "aiss: interrupted\n"
    assert proc.stdout == ""
