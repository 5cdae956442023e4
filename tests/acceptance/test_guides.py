"""The guides can be followed: the evaluator guide's file, commands and outputs are the real
ones, and its CI workflow is a valid GitHub workflow."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from aiss.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
GUIDE = (REPO / "site_src" / "guides" / "evaluators.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(lang: str) -> list[str]:
    return [body for kind, body in FENCE.findall(GUIDE) if kind == lang]


def test_the_minimal_submission_gives_the_output_the_guide_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    minimal = next(b for b in _blocks("yaml") if "kind: ResultSubmission" in b)
    (tmp_path / "my-result.yaml").write_text(minimal, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "my-result.yaml", "--root", str(REPO / "standards")])
    assert result.exit_code == 1
    shown = next(b for b in _blocks("text") if "my-result.yaml" in b).splitlines()
    printed = result.stdout.splitlines()
    for line in shown:
        if "..." in line:
            assert any(p.startswith(line.split("...")[0]) for p in printed), line
        else:
            assert line in printed, line


def test_the_inspect_walk_through_prints_what_the_guide_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    log = "standards/AISS-CBRN-001/1.0.0/examples/inspect-wmdp-bio.eval"
    assert f"`{log}`" in GUIDE.replace("\n", " ")
    result = CliRunner().invoke(cli, ["check", "--standard", "AISS-CBRN-001@1.0.0", log])
    said = re.search(r"\(`(recomputed M-WMDP-BIO-ACC .*?)`\)", GUIDE, re.DOTALL)
    assert said is not None
    assert " ".join(said.group(1).split()) in result.stdout
    assert "R-01 MUST fail[too-few-items] run tp-1: 60 items run, 1,273 required" in result.stdout


def test_the_ci_workflow_in_the_guide_is_a_valid_github_workflow() -> None:
    vendored = resources.files("check_jsonschema") / "builtin_schemas" / "vendor"
    schema = json.loads((vendored / "github-workflows.json").read_text(encoding="utf-8"))
    (text,) = [b for b in _blocks("yaml") if "jobs:" in b]
    workflow = yaml.safe_load(text)
    workflow["on"] = workflow.pop(True)  # YAML 1.1 reads `on` as true; GitHub reads "on"
    assert list(jsonschema.Draft7Validator(schema).iter_errors(workflow)) == []
    steps = " ".join(str(s.get("run", s.get("uses"))) for s in workflow["jobs"]["check"]["steps"])
    for needed in ("--format junit", "--format sarif", "GITHUB_STEP_SUMMARY", "upload-sarif"):
        assert needed in steps
