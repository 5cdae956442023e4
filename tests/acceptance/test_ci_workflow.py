"""The pull-request workflow files: schema-valid, least privilege, pinned, and runnable."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from aiss.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"
VENDORED = resources.files("check_jsonschema") / "builtin_schemas" / "vendor"
"""check-jsonschema ships the SchemaStore schema of GitHub workflows: validation stays offline."""


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_workflow_is_valid_against_the_github_schema_offline() -> None:
    schema = json.loads((VENDORED / "github-workflows.json").read_text(encoding="utf-8"))
    workflow = _yaml(WORKFLOW)
    # PyYAML reads the key `on` as the YAML 1.1 boolean True; GitHub reads it as "on".
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(workflow), key=str)
    assert errors == []


def test_permissions_are_read_only() -> None:
    workflow = _yaml(WORKFLOW)
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        assert job.get("permissions") in (None, {"contents": "read"}), name


def test_every_action_is_pinned_to_a_full_commit_sha() -> None:
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text(encoding="utf-8"))
    assert uses
    for ref, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), ref
        assert re.search(r"# v\d", comment), f"{ref}: say which release in a comment"


def test_workflow_runs_the_issue_steps() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    for step in (
        "aiss validate",
        "aiss check-changes --against",
        "aiss diff --against",
        "GITHUB_STEP_SUMMARY",
        "aiss build --strict",
        "bash tools/test.sh",
    ):
        assert step in text, step
    assert "${{ github.base_ref }}" not in text.replace("BASE_REF: ${{ github.base_ref }}", "")


def test_a_push_to_main_runs_the_frozen_version_check_too() -> None:
    workflow = _yaml(WORKFLOW)
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    assert workflow["on"]["push"]["branches"] == ["main"]
    steps = workflow["jobs"]["registry"]["steps"]
    on_push = [s for s in steps if s.get("if") == "github.event_name == 'push'"]
    (step,) = on_push
    assert "aiss check-changes --against" in step["run"]
    assert step["env"] == {"BEFORE": "${{ github.event.before }}"}  # never inlined in the script
    assert "${{" not in step["run"]


def test_pre_commit_hooks_name_real_commands() -> None:
    hooks = _yaml(REPO / ".pre-commit-hooks.yaml")
    ids = {h["id"] for h in hooks}
    assert {"aiss-validate", "aiss-check-results"} <= ids
    for hook in hooks:
        assert hook["language"] == "python"
        command = hook["entry"].split()[1]
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0, hook["id"]


def test_own_pre_commit_config_uses_the_published_hooks() -> None:
    published = {h["id"]: h for h in _yaml(REPO / ".pre-commit-hooks.yaml")}
    config = _yaml(REPO / ".pre-commit-config.yaml")
    local = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    same = published["aiss-validate"]
    assert local["aiss-validate"]["entry"] == same["entry"]
    assert local["aiss-validate"]["args"] == same["args"]
    assert local["aiss-validate"]["pass_filenames"] is False


@pytest.mark.parametrize("name", ["PULL_REQUEST_TEMPLATE.md", "CODEOWNERS"])
def test_pull_request_files_exist(name: str) -> None:
    assert (REPO / ".github" / name).read_text(encoding="utf-8").strip()


def test_every_standard_folder_has_code_owners() -> None:
    owners = (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    for folder in sorted((REPO / "standards").glob("AISS-*")):
        assert f"/standards/{folder.name}/" in owners, folder.name
