"""The published pre-commit hooks, run the way another repository runs them: the `rev` that
CONTRIBUTING.md gives resolves in this repository, and `pre-commit try-repo` installs this
repository (the light install, no MkDocs) and runs `aiss-check-results` on a repository that
holds only result files, against a registry named by AISS_REGISTRY."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.served import site_files

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
# examples whose verdicts rest on no recorded review (a published registry serves none)
EXAMPLES = REPO / "standards" / "AISS-CBRN-001" / "2.0.0" / "examples"


def _config() -> dict[str, Any]:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(repos:\n.*?)```", text, re.DOTALL)
    assert block is not None, "CONTRIBUTING.md shows no pre-commit configuration"
    config = yaml.safe_load(block.group(1))
    assert isinstance(config, dict)
    return config


def test_the_rev_in_contributing_resolves() -> None:
    repos: list[dict[str, Any]] = _config()["repos"]
    (repo,) = repos
    rev = repo["rev"]
    found = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert found.returncode == 0, f"rev {rev!r} does not resolve in this repository"
    ids = {h["id"] for h in repo["hooks"]}
    published = {h["id"] for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert ids <= published


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _aiss(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "aiss", *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _signed_by_the_editors(registry: Path, result: Path, requirements: list[str]) -> None:
    """`result` with the editors' signed reviews of `requirements` (a published registry keeps
    its recorded approvals to itself: a results repository carries signed ones), their key
    listed in `registry`'s issuers vocabulary."""
    key = registry.parent / "editors.pem"
    made = _aiss("keys", "generate", "-o", str(key))
    keyid, public = re.search(r"keyid: (\w+)", made), re.search(r"public_key: (\S+)", made)
    assert keyid and public
    issuers = registry / "vocabularies" / "issuers.yaml"
    name = "    name: AISS Editorial Board\n"
    listed = f'    keys:\n      - {{keyid: {keyid.group(1)}, public_key: "{public.group(1)}"}}\n'
    issuers.write_text(issuers.read_text(encoding="utf-8").replace(name, name + listed, 1))
    lines = [
        _aiss(
            "attest", str(result), "--root", str(registry), "--requirement", rid,
            "--review", "pass", "--key", str(key),
        ).strip()
        for rid in requirements
    ]  # fmt: skip
    with result.open("a", encoding="utf-8") as out:
        out.write("attestations:\n" + "".join(f"  {line}\n" for line in lines))


def test_try_repo_runs_the_check_hook_on_a_results_only_repository(tmp_path: Path) -> None:
    registry = tmp_path / "registry" / "standards"
    shutil.copytree(REPO / "standards", registry)
    work = tmp_path / "results-repo"
    (work / "results").mkdir(parents=True)
    shutil.copy(EXAMPLES / "conformant.yaml", work / "results" / "good.yaml")
    shutil.copytree(EXAMPLES / "logs", work / "results" / "logs")  # the logs it cites
    # the requirements on the pinned dataset revision, which no log records, are the
    # editors' to decide
    _signed_by_the_editors(registry, work / "results" / "good.yaml", ["R-01", "R-09", "R-13"])
    site = site_files(registry, tmp_path / "site")
    _git(work, "init", "-q")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "AISS_REGISTRY": str(site),
        "AISS_CACHE_DIR": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "aiss-check-results"]

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*cmd, "--files", *files],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    good = run("results/good.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "aiss check (result submissions)" in good.stdout and "Passed" in good.stdout
    shutil.copy(EXAMPLES / "non-conformant-no-interval.yaml", work / "results" / "bad.yaml")
    bad = run("results/bad.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "non_conformant" in bad.stdout
