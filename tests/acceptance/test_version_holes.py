"""A way a red team changed what a version number promises, in a real temporary git
repository, checked with `aiss validate` and `aiss check-changes` as CI runs them: a
`supersedes` naming an older version than the one just below, so that a version undoing a
MAJOR change looked like a PATCH of it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.acceptance import test_pr_workflow
from tests.acceptance.test_pr_workflow import STD, Repo

repo = test_pr_workflow.repo
"""The test registry, published and locked, as the base commit (the PR workflow's)."""


def _line_col(path: Path, needle: str) -> tuple[int, int]:
    for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in text:
            return n, text.index(needle) + 1
    raise AssertionError(needle)


def _major_published(repo: Repo) -> None:
    """2.0.0 lowers 1.0.0's sampling, published; the base commit. Going back to 1.0.0's is
    raising it: a MAJOR change."""
    bumped = repo.run("bump", "AISS-TST-001", "--major", "--date", "2026-05-01")
    assert bumped.exit_code == 0, bumped.output
    repo.edit("2.0.0", "changes: []", "changes: [Sampling lowered to 30 items.]")
    repo.edit("2.0.0", "min_items: 40, min_epochs: 5}", "min_items: 30, min_epochs: 5}")
    for step in ("propose", "publish"):
        done = repo.run(step, "AISS-TST-001@2.0.0", "--date", "2026-05-02")
        assert done.exit_code == 0, done.output
    assert repo.run("validate").exit_code == 0
    repo.base = repo.commit("2.0.0 published")


def test_a_supersedes_skipping_the_version_below_cannot_shrink_the_bump(repo: Repo) -> None:
    _major_published(repo)
    # 2.0.1: 1.0.0's content again (undoing 2.0.0's change: MAJOR), declared a PATCH of 2.0.0
    # and claiming to supersede 1.0.0
    text = repo.file("1.0.0").read_text(encoding="utf-8")
    text = text.replace('\nversion: "1.0.0"', '\nversion: "2.0.1"', 1)
    text = re.sub(
        r"status: published\nstatus_history:\n(  - .*\n)+",
        "status: draft\nstatus_history:\n  - {status: draft, date: 2026-06-01}\n"
        "supersedes: AISS-TST-001@1.0.0\n",
        text,
        count=1,
    )
    new = repo.file("2.0.1")
    new.parent.mkdir()
    new.write_text(text, encoding="utf-8")
    repo.commit("2.0.1")
    line, col = _line_col(new, "AISS-TST-001@1.0.0")
    for result in (repo.run("validate"), repo.check()):
        assert result.exit_code == 1, result.output
        out = result.output
        assert f"{STD.format('2.0.1')}:{line}:{col}: error[supersedes-not-predecessor]" in out
        assert "it must name AISS-TST-001@2.0.0" in out
        assert "supersedes: AISS-TST-001@2.0.0" in out  # the hint
        assert "declared PATCH (2.0.0 -> 2.0.1), requires MAJOR because: TP-1" in out, out
    diffed = repo.run("diff", "--against", repo.base)
    assert "2.0.0" in diffed.output and "requires MAJOR" in diffed.output, diffed.output
    refused = repo.run("publish", "AISS-TST-001@2.0.1", "--date", "2026-06-02")
    assert refused.exit_code == 1, refused.output


def test_supersedes_naming_the_version_below_passes(repo: Repo) -> None:
    bumped = repo.run("bump", "AISS-TST-001", "--patch", "--date", "2026-05-01")
    assert bumped.exit_code == 0, bumped.output
    repo.edit("1.0.1", "changes: []", "changes: [Described.]")
    assert "supersedes: AISS-TST-001@1.0.0" in repo.file("1.0.1").read_text(encoding="utf-8")
    result = repo.check()
    assert result.exit_code == 0, result.output


def test_bump_from_an_older_version_supersedes_the_version_below(repo: Repo) -> None:
    for step in (("bump", "AISS-TST-001", "--minor"), ("propose",), ("publish",)):
        args = step if step[0] == "bump" else (*step, "AISS-TST-001@1.1.0")
        if step[0] == "bump":
            done = repo.run(*args, "--date", "2026-05-01")
            repo.edit("1.1.0", "changes: []", "changes: [Described.]")
        else:
            done = repo.run(*args, "--date", "2026-05-02")
        assert done.exit_code == 0, done.output
    bumped = repo.run("bump", "AISS-TST-001", "--major", "--from", "1.0.0", "--date", "2026-06-01")
    assert bumped.exit_code == 0, bumped.output
    text = repo.file("2.0.0").read_text(encoding="utf-8")
    assert "supersedes: AISS-TST-001@1.1.0" in text
    repo.edit("2.0.0", "changes: []", "changes: [Described.]")
    validated = repo.run("validate")
    assert "supersedes-not-predecessor" not in validated.output, validated.output
