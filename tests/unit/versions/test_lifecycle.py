"""The lifecycle commands (propose, publish, deprecate, withdraw) and `aiss lock`."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from aiss.cli import cmd_versions
from aiss.cli.main import cli
from aiss.loading import UsageError
from aiss.models import Standard, Status
from aiss.source import parse_yaml
from aiss.versions.lock import parse_lock

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "registry"
V1 = "AISS-TST-001@1.0.0"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "standards")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "standards"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def run_cmd(command: click.Command, *args: str) -> Result:
    """Commands invoked directly (tool errors stay exceptions: the group turns them into exit 2)."""
    return CliRunner().invoke(command, list(args))


def model(root: Path, version: str) -> Standard:
    raw = (root / "AISS-TST-001" / version / "standard.yaml").read_bytes()
    return Standard.model_validate(parse_yaml("f", raw).data)


def locked(root: Path) -> set[str]:
    lock, _ = parse_lock(parse_yaml("registry.lock", (root / "registry.lock").read_bytes()))
    assert lock is not None
    return set(lock.versions)


def draft(root: Path, part: str = "patch", changes: str = "[Fixed a typo.]") -> str:
    assert run("lock", "--update").exit_code == 0
    assert run("bump", "AISS-TST-001", f"--{part}", "--date", "2026-05-01").exit_code == 0
    version = {"patch": "1.0.1", "minor": "1.1.0", "major": "2.0.0"}[part]
    path = root / "AISS-TST-001" / version / "standard.yaml"
    path.write_text(path.read_text().replace("changes: []", f"changes: {changes}"))
    return version


def test_propose_then_publish_locks_and_supersedes(root: Path) -> None:
    version = draft(root)
    result = run_cmd(
        cmd_versions.propose_cmd,
        f"AISS-TST-001@{version}",
        "--date",
        "2026-05-02",
        "--note",
        "comments until June",
    )
    assert result.exit_code == 0, result.output
    result = run("publish", f"AISS-TST-001@{version}", "--date", "2026-06-01")
    assert result.exit_code == 0, result.output
    new = model(root, version)
    assert new.status is Status.PUBLISHED
    assert [(e.status.value, str(e.date), e.note) for e in new.status_history] == [
        ("draft", "2026-05-01", None),
        ("proposed", "2026-05-02", "comments until June"),
        ("published", "2026-06-01", None),
    ]
    assert str(new.changelog[0].date) == "2026-06-01"
    assert model(root, "1.0.0").superseded_by == f"AISS-TST-001@{version}"
    assert locked(root) == {V1, f"AISS-TST-001@{version}"}
    assert run("validate").exit_code == 0
    again = run("publish", f"AISS-TST-001@{version}")
    assert again.exit_code == 0 and "already published and locked" in again.output


def test_publish_refuses_a_version_with_errors_and_writes_nothing(root: Path) -> None:
    version = draft(root, "patch")
    path = root / "AISS-TST-001" / version / "standard.yaml"
    path.write_text(
        path.read_text().replace(
            "min_items: 40, min_epochs: 5}", "min_items: 41, min_epochs: 5}", 1
        )
    )
    before = path.read_bytes(), (root / "registry.lock").read_bytes()
    result = run("publish", f"AISS-TST-001@{version}")
    assert result.exit_code == 1
    assert "is not published: fix these first" in result.output
    assert "version-bump-too-small" in result.output
    assert (path.read_bytes(), (root / "registry.lock").read_bytes()) == before


EXAMPLE = """\
schema_version: "1.0.0"
kind: ResultSubmission
standard: {{id: AISS-TST-001, version: "{version}"}}
submitted: "2026-06-01T10:00:00Z"
submitter: {{org: test-institute, role: government_institute}}
evaluating_orgs: [test-institute]
marking: {{tlp: "TLP:CLEAR"}}
system_under_test:
  model: {{provider_id: examplelab/frontier-x}}
  system_type: foundation_model
  access_level: api
environment: {{harness: inspect_ai==0.3.285}}
runs:
  - id: tp1
    procedure: TP-1
    model: examplelab/frontier-x
    task: {{name: cybench, version: 1-A}}
    dataset: {{name: cybench, samples: 40}}
    epochs: {epochs}
    counts: {{items: 40, total_samples: {total}, completed_samples: {total}}}
metric_results:
  - metric: M-SOLVE
    run: tp1
    value: 0.2
    ci: {{lower: 0.1, upper: 0.3, level: 0.95, method: clustered_t}}
    n_items: 40
    n_epochs: {epochs}
example:  # its counts are only declared (no samples, no log): the sample size awaits review
  {{expected_verdict: incomplete, description: Every MUST met on the figures as declared.}}
"""


def _example(root: Path, version: str, epochs: int) -> Path:
    path = root / "AISS-TST-001" / version / "examples" / "conformant.yaml"
    path.parent.mkdir()
    path.write_text(EXAMPLE.format(version=version, epochs=epochs, total=40 * epochs))
    return path


def test_publish_checks_the_examples_as_they_will_be_once_published(root: Path) -> None:
    version = draft(root)
    _example(root, version, epochs=5)
    # a draft cannot be conformed to: until it is published, its conformant example is not
    before = run("validate")
    assert before.exit_code == 1 and "gets non_conformant (standard-not-published)" in (
        before.output
    )
    result = run("publish", f"AISS-TST-001@{version}", "--date", "2026-06-01")
    assert result.exit_code == 0, result.output
    assert run("validate").exit_code == 0


def test_publish_refuses_an_example_that_would_not_get_its_verdict(root: Path) -> None:
    version = draft(root)
    example = _example(root, version, epochs=3)
    result = run("publish", f"AISS-TST-001@{version}")
    assert result.exit_code == 1
    shown = example.relative_to(root.parent).as_posix()
    assert f"{shown}:29:22: error[example-verdict-mismatch] declares incomplete but gets " in (
        result.output
    )
    assert "R-01 fail (too-few-epochs)" in result.output
    assert model(root, version).status is Status.DRAFT


def test_publish_refuses_an_empty_changelog_entry(root: Path) -> None:
    version = draft(root, changes="[]")
    result = run("publish", f"AISS-TST-001@{version}")
    assert result.exit_code == 1 and "changelog-entry-empty" in result.output
    assert model(root, version).status is Status.DRAFT


def test_publish_locks_a_published_version_missing_from_the_lock(root: Path) -> None:
    result = run("publish", V1)
    assert result.exit_code == 0, result.output
    assert locked(root) == {V1}
    assert "published: 2026-02-01" in (root / "registry.lock").read_text()


def test_deprecate_and_withdraw_keep_the_lock_valid(root: Path) -> None:
    assert run("lock", "--update").exit_code == 0
    result = run_cmd(
        cmd_versions.deprecate_cmd,
        V1,
        "--superseded-by",
        "AISS-TST-001@1.0.0",
        "--date",
        "2026-09-01",
    )
    assert result.exit_code == 0, result.output
    assert (
        run_cmd(cmd_versions.withdraw_cmd, V1, "--note", "unsafe", "--date", "2026-10-01").exit_code
        == 0
    )
    std = model(root, "1.0.0")
    assert std.status is Status.WITHDRAWN and std.status_history[-1].note == "unsafe"
    assert run("validate").exit_code == 0
    back = run_cmd(cmd_versions.propose_cmd, V1)
    assert isinstance(back.exception, UsageError)
    assert "cannot go from withdrawn to proposed" in str(back.exception)


def test_unknown_versions_are_tool_errors(root: Path) -> None:
    result = run("publish", "AISS-TST-001@9.9.9")
    assert result.exit_code == 2 and "known: AISS-TST-001@1.0.0" in result.output


def test_lock_command(root: Path) -> None:
    check = run("lock")
    assert check.exit_code == 1 and f"{V1}: not in the lock" in check.output
    assert run("lock", "--update").exit_code == 0
    assert "1 versions, up to date" in run("lock").output
    digest = run("lock", "--digest", V1).output.strip()
    assert len(digest) == 64 and digest in (root / "registry.lock").read_text()
    path = root / "AISS-TST-001" / "1.0.0" / "standard.yaml"
    path.write_text(path.read_text().replace("test suite", "tests"))
    refused = run("lock", "--update")
    assert refused.exit_code == 1 and "changed since it was locked" in refused.output
    assert run("lock", "--update", "--relock", V1).exit_code == 0
    assert run("validate").exit_code == 0
