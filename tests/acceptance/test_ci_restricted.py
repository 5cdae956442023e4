"""Nothing restricted in what a CI prints: for a TLP:AMBER standard, `version-bump-too-small`
names the versions only, and the CI formats of `aiss validate` / `aiss check-changes` (github,
sarif, junit) and `aiss diff --against` name the document by id and version, never quote it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.acceptance.test_frozen_bypasses import _repo
from tests.acceptance.test_pr_workflow import NEW_MUST, Repo

MARK = "leakmarkci"


@pytest.fixture
def amber(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    def to_amber(text: str) -> str:
        return text.replace("marking: TLP:CLEAR", "marking: TLP:AMBER")

    repo = _repo(tmp_path, monkeypatch, to_amber)
    bumped = repo.run("bump", "AISS-TST-001", "--minor", "--date", "2026-05-01")
    assert bumped.exit_code == 0, bumped.output
    repo.edit("1.1.0", "changes: []", "changes: [Described.]")
    repo.edit(
        "1.1.0",
        "reporting:\n",
        NEW_MUST.replace("Limits disclosed", f"{MARK} title") + "reporting:\n",
    )
    repo.edit("1.1.0", "issuers: [test-institute]", f"issuers: [test-institute, {MARK}-org]")
    return repo


def test_ci_output_names_restricted_standards_by_id_only(amber: Repo) -> None:
    text = amber.run("validate")
    assert text.exit_code == 1
    assert MARK in text.output  # locally, the text format says everything
    assert "version-bump-too-small] AISS-TST-001@1.1.0: declared MINOR" in text.output
    assert "1 change(s) (not quoted: AISS-TST-001@1.1.0 or its predecessor is marked TLP:AMBER" in (
        text.output
    )
    for fmt in ("github", "sarif", "junit"):
        for args in (["validate"], ["check-changes", "--against", amber.base]):
            result = amber.run(*args, "--format", fmt)
            assert result.exit_code == 1, (fmt, args)
            assert MARK not in result.output, (fmt, args, result.output)
            assert "AISS-TST-001@1.1.0 (TLP:AMBER)" in result.output, (fmt, args)
    github = amber.run("validate", "--format", "github").output
    assert "::error file=standards/AISS-TST-001/1.1.0/standard.yaml," in github
    assert "title=unknown-vocabulary-term::unknown-vocabulary-term in AISS-TST-001@1.1.0" in github
    diff = amber.run("diff", "--against", amber.base, "--format", "markdown")
    assert diff.exit_code == 0
    assert MARK not in diff.output
    assert (
        "not shown: AISS-TST-001 1.0.0 -> 1.1.0 (TLP:AMBER), a restricted standard" in diff.output
    )


CLEAR_EXAMPLE = """\
schema_version: "1.0.0"
kind: ResultSubmission
standard: {id: AISS-TST-001, version: "1.1.0"}
submitted: "2026-06-01T10:00:00Z"
submitter: {org: test-institute, role: government_institute}
evaluating_orgs: [test-institute]
marking: {tlp: "TLP:CLEAR"}
example: {expected_verdict: conformant, description: A public example of a restricted standard.}
"""


def test_a_restricted_standards_errors_stay_out_of_a_public_examples_messages(
    amber: Repo,
) -> None:
    """The AMBER 1.1.0 does not validate (an unknown field that names the marker): a CLEAR
    example of it is `standard-invalid`, and that message, in every format, names the
    problem's code and place but never quotes the restricted standard."""
    amber.edit("1.1.0", "issuers: [", f"{MARK}_field: restricted\nissuers: [")
    examples = amber.file("1.1.0").parent / "examples"
    examples.mkdir()
    (examples / "public.yaml").write_text(CLEAR_EXAMPLE, encoding="utf-8")
    for fmt in ("text", "github", "sarif", "junit", "json"):
        result = amber.run("validate", "--format", fmt)
        assert result.exit_code == 1, (fmt, result.output)
        assert "standard-invalid" in result.output, (fmt, result.output)
        shown = [line for line in result.output.splitlines() if "standard-invalid" in line]
        assert all(MARK not in line for line in shown), (fmt, shown)
    text = amber.run("validate").output
    assert "unknown-field (the message is withheld: the standard is marked TLP:AMBER" in (text)
    checked = amber.run("check", str(examples / "public.yaml"))
    assert checked.exit_code != 0 and MARK not in checked.output, checked.output
