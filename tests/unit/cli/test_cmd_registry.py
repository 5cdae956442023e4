"""cli.cmd_registry and `aiss check --registry`: fetch a served registry, then check offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.served import serve, site_files

REPO = Path(__file__).resolve().parents[3]
# an example whose verdict rests on no recorded review (a published registry serves none)
# an example no recorded approval decides (a published registry keeps its approvals to itself)
EXAMPLE = (
    REPO
    / "standards"
    / "AISS-CBRN-001"
    / "2.0.0"
    / "examples"
    / "non-conformant-deployed-variant.yaml"
)


def _aiss(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aiss", *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_fetch_then_check_offline_from_an_empty_folder(tmp_path: Path) -> None:
    site = site_files(REPO / "standards", tmp_path / "site")
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(EXAMPLE, work / "result.yaml")
    shutil.copytree(EXAMPLE.parent / "logs", work / "logs")  # the logs it cites
    env = {"AISS_CACHE_DIR": str(tmp_path / "cache")}
    nowhere = _aiss("check", "result.yaml", cwd=work, env=env)
    assert nowhere.returncode == 2
    assert "no registry found: give --registry URL|DIR" in nowhere.stderr
    with serve(site) as url:
        fetched = _aiss("registry", "fetch", url, cwd=work, env=env)
        assert fetched.returncode == 0, fetched.stderr
        assert "each verified by its sha256" in fetched.stdout
        online = _aiss("check", "result.yaml", cwd=work, env={**env, "AISS_REGISTRY": url})
    local = _aiss("check", "result.yaml", "--root", str(REPO / "standards"), cwd=work, env=env)
    assert online.returncode == local.returncode in (0, 1), online.stderr
    assert online.stdout == local.stdout
    offline = _aiss("check", "result.yaml", "--registry", url, cwd=work, env=env)
    assert offline.returncode == local.returncode
    assert offline.stdout == online.stdout
    assert "cannot be read; using its cached copy" in offline.stderr
    assert (
        online.stdout.startswith("result.yaml: non_conformant")
        and "against AISS-CBRN-001@2.0.0" in online.stdout
    )


def test_fetch_needs_an_address(tmp_path: Path) -> None:
    env = {"AISS_CACHE_DIR": str(tmp_path), "AISS_REGISTRY": ""}
    proc = _aiss("registry", "fetch", cwd=tmp_path, env=env)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "aiss: error: give the registry's address (URL|DIR) or set AISS_REGISTRY"
    )
