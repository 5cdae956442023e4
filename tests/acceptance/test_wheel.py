"""The issue's bar for evaluators who only `pip install aiss`: in a fresh virtualenv holding
only the wheel (and its dependencies), from an empty folder, `aiss check` of a shipped example
against a registry served from a built site on 127.0.0.1 gives the same report as in the
repository, and so does the public Python API."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.browser.conftest import build_site
from tests.support.served import serve

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "standards" / "AISS-CYB-001" / "1.1.0" / "examples"
API = (
    "import json, sys, aiss\n"
    "report = aiss.check(sys.argv[1], registry=aiss.load_registry(sys.argv[2]))\n"
    "print(json.dumps(aiss.check_document([report])))\n"
)


def _run(cmd: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd,
        cwd=cwd,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel built from this tree, and nothing of the repository."""
    tmp = tmp_path_factory.mktemp("wheel")
    built = _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp), str(REPO)], tmp)
    assert built.returncode == 0, built.stderr[-2000:]
    assert "deprecated" not in built.stdout + built.stderr, "packaging warnings are back"
    (wheel,) = tmp.glob("aiss-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for schema in (REPO / "schemas").glob("*.schema.json"):
        member = f"aiss/schemas/{schema.name}"
        assert member in names, member
        assert zipfile.ZipFile(wheel).read(member) == schema.read_bytes()
    made = _run([sys.executable, "-m", "venv", str(tmp / "venv")], tmp)
    assert made.returncode == 0, made.stderr
    pip = _run([str(tmp / "venv" / "bin" / "pip"), "install", "-q", str(wheel)], tmp)
    assert pip.returncode == 0, pip.stderr[-2000:]
    return tmp / "venv"


def test_the_light_install_has_no_mkdocs_and_says_which_extra(venv: Path, tmp_path: Path) -> None:
    python = str(venv / "bin" / "python")
    probe = _run(
        [python, "-c", "import importlib.util as u; print(u.find_spec('mkdocs'))"], tmp_path
    )
    assert probe.stdout.strip() == "None"
    built = _run([str(venv / "bin" / "aiss"), "build"], tmp_path)
    assert built.returncode == 2
    assert "pip install 'aiss[site]'" in built.stderr
    assert "Traceback" not in built.stderr


def test_check_against_a_served_site_matches_the_repository(venv: Path, tmp_path: Path) -> None:
    site = build_site(REPO / "standards", tmp_path / "site")
    empty = tmp_path / "empty"
    empty.mkdir()
    shutil.copy(EXAMPLES / "non-conformant.yaml", empty / "non-conformant.yaml")
    here = _run(
        [sys.executable, "-m", "aiss", "check", "non-conformant.yaml", "--format", "json"],
        EXAMPLES,
    )
    assert here.returncode == 1, here.stderr
    cache = str(tmp_path / "cache")
    with serve(site) as url:
        cmd = [str(venv / "bin" / "aiss"), "check", "non-conformant.yaml", "--registry", url]
        there = _run(
            [*cmd, "--format", "json"],
            empty,
            AISS_CACHE_DIR=cache,
        )
        api = _run(
            [str(venv / "bin" / "python"), "-c", API, "non-conformant.yaml", url],
            empty,
            AISS_CACHE_DIR=cache,
        )
    assert there.returncode == 1, there.stderr
    assert json.loads(there.stdout) == json.loads(here.stdout)
    assert api.returncode == 0, api.stderr
    assert json.loads(api.stdout) == json.loads(here.stdout)
    assert json.loads(here.stdout)["reports"][0]["overall"] == "non_conformant"
