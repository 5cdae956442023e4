"""aiss.api: the public Python API, re-exported from the package, gives what the CLI gives."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import aiss
from aiss.errors import UsageError
from tests.support.served import serve, site_files

REPO = Path(__file__).resolve().parents[2]
STANDARDS = REPO / "standards"
EXAMPLE = STANDARDS / "AISS-CYB-001" / "1.1.0" / "examples" / "non-conformant.yaml"


def _cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aiss", *args], cwd=cwd, capture_output=True, text=True
    )


def test_the_package_re_exports_the_api_lazily() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, aiss; before = 'aiss.api' in sys.modules; aiss.check; "
            "print(before, 'aiss.api' in sys.modules, sorted(set(aiss.__all__) - set(dir(aiss))))",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.stdout.split() == ["False", "True", "[]"], proc.stderr
    with pytest.raises(AttributeError, match="no attribute 'chek'"):
        aiss.chek  # noqa: B018


def test_check_gives_the_json_report_of_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    report = aiss.check(EXAMPLE, registry=STANDARDS)
    assert isinstance(report, aiss.ConformanceReport)
    assert report.overall is aiss.Overall.NON_CONFORMANT and not report.conformant
    proc = _cli("check", str(EXAMPLE.relative_to(REPO)), "--format", "json")
    assert proc.returncode == 1
    via_api = aiss.check_document([aiss.check(EXAMPLE.relative_to(REPO))])
    assert json.loads(proc.stdout) == via_api


def test_check_against_a_served_registry(tmp_path: Path) -> None:
    site = site_files(STANDARDS, tmp_path / "site")
    with serve(site) as url:
        registry = aiss.load_registry(url, cache=tmp_path / "cache")
        assert isinstance(registry, aiss.PublishedRegistry)
        remote = aiss.check(EXAMPLE, registry=registry)
    local = aiss.check(EXAMPLE, registry=aiss.load_registry(STANDARDS))
    assert aiss.check_document([remote]) == aiss.check_document([local])


def test_validate_reports_diagnostics_with_positions(tmp_path: Path) -> None:
    found = aiss.validate([STANDARDS])
    assert found.files > 10
    assert found.errors == sum(1 for d in found.diagnostics if d.is_error)
    assert found.ok is (found.errors == 0)
    bad = tmp_path / "standards"
    (bad / "vocabularies").mkdir(parents=True)
    (bad / "vocabularies" / "issuers.yaml").write_text(
        "kind: Vocabulary\nname: issuers\n\tterms: []\n"
    )
    broken = aiss.validate([bad])
    assert not broken.ok
    d = broken.diagnostics[0]
    assert (d.path.endswith("issuers.yaml"), d.line, d.code) == (True, 3, "yaml-tab")
    assert broken.to_json()["summary"]["errors"] == broken.errors


def test_bad_calls_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        aiss.check(tmp_path / "missing.yaml", registry=STANDARDS)
    with pytest.raises(UsageError, match="no such registry folder or site"):
        aiss.load_registry(tmp_path / "nowhere")
    with pytest.raises(UsageError, match="say which standard"):
        aiss.check(REPO / "tests" / "fixtures" / "inspect" / "success.eval", registry=STANDARDS)
