"""The pull-request workflow end to end, in a real temporary git repository.

The base commit holds the test registry with its lock; each test makes one pull request's
change in the working tree and runs `aiss check-changes --against <base>` as CI does.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from aiss.cli.main import cli
from aiss.signing.keys import SigningKey, generate_key, public_key_text

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "registry"
STD = "standards/AISS-TST-001/{}/standard.yaml"

NEW_MUST = """\
  - id: R-03
    level: MUST
    category: reporting
    title: Limits disclosed
    text: The report MUST disclose the token limit of every run.
    check: {type: fields_present, paths: [runs]}
"""


def git(repo: Path, *args: str) -> str:
    out = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


@dataclass
class Repo:
    path: Path
    base: str

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(cli, list(args))

    def check(self) -> Result:
        return self.run("check-changes", "--against", self.base)

    def file(self, version: str) -> Path:
        return self.path / STD.format(version)

    def edit(self, version: str, old: str, new: str) -> None:
        f = self.file(version)
        text = f.read_text(encoding="utf-8")
        assert old in text, old
        f.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit(self, message: str) -> str:
        git(self.path, "add", "-A")
        git(self.path, "commit", "-q", "-m", message)
        return git(self.path, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Repo]:
    path = tmp_path / "registry-repo"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "ci@example.org")
    git(path, "config", "user.name", "CI")
    shutil.copytree(FIXTURE, path / "standards")
    monkeypatch.chdir(path)
    r = Repo(path, "")
    assert r.run("lock", "--update").exit_code == 0
    r.base = r.commit("base: AISS-TST-001 1.0.0 published and locked")
    yield r


def _new_version(repo: Repo, part: str) -> str:
    result = repo.run("bump", "AISS-TST-001", f"--{part}", "--date", "2026-05-01")
    assert result.exit_code == 0, result.output
    version = {"major": "2.0.0", "minor": "1.1.0", "patch": "1.0.1"}[part]
    repo.edit(version, "changes: []", "changes: [Described.]")
    return version


def test_an_untouched_registry_passes(repo: Repo) -> None:
    result = repo.check()
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_editing_a_published_file_fails_naming_the_file_and_line(repo: Repo) -> None:
    repo.edit("1.0.0", "min_items: 40, min_epochs: 5}", "min_items: 30, min_epochs: 5}")
    result = repo.check()
    assert result.exit_code == 1
    line, col = next(
        (n, text.index("30") + 1)
        for n, text in enumerate(repo.file("1.0.0").read_text().splitlines(), 1)
        if "min_items: 30" in text
    )
    assert f"{STD.format('1.0.0')}:{line}:{col}: error[frozen-version-modified]" in result.output
    assert "its content changed: test_procedures[0].sampling.min_items changed" in result.output
    assert "aiss bump AISS-TST-001" in result.output
    assert result.output.count("frozen-version-modified]") == 1


def test_editing_a_published_file_and_its_lock_still_fails(repo: Repo) -> None:
    repo.edit("1.0.0", "A minimal standard", "A small standard")
    digest = repo.run("lock", "--digest", "AISS-TST-001@1.0.0").output.strip()
    lock = repo.path / "standards" / "registry.lock"
    text = lock.read_text()
    start = text.index('sha256: "') + len('sha256: "')
    lock.write_text(text[:start] + digest + text[start + 64 :])
    assert repo.run("validate").exit_code == 0  # the working tree alone looks consistent
    result = repo.check()
    assert result.exit_code == 1
    assert "error[frozen-version-modified] AISS-TST-001@1.0.0 was published at" in result.output


def test_a_new_must_with_a_minor_bump_fails_with_the_reason_and_line(repo: Repo) -> None:
    version = _new_version(repo, "minor")
    repo.edit(version, "reporting:\n", NEW_MUST + "reporting:\n")
    result = repo.check()
    assert result.exit_code == 1, result.output
    line = repo.file(version).read_text().splitlines().index("  - id: R-03") + 1
    assert (
        "error[version-bump-too-small] AISS-TST-001@1.1.0: declared MINOR (1.0.0 -> 1.1.0), "
        "requires MAJOR because: R-03 added (MUST): Limits disclosed at "
        f"{STD.format(version)}:{line}"
    ) in result.output
    assert "number it 2.0.0" in result.output


def test_the_same_change_with_a_major_bump_passes(repo: Repo) -> None:
    version = _new_version(repo, "major")
    repo.edit(version, "reporting:\n", NEW_MUST + "reporting:\n")
    result = repo.check()
    assert result.exit_code == 0, result.output


def test_a_typo_fix_as_a_patch_passes(repo: Repo) -> None:
    version = _new_version(repo, "patch")
    repo.edit(version, "with at least 5 epochs.", "with at least five epochs.")
    assert repo.check().exit_code == 0
    diff = repo.run("diff", "AISS-TST-001@1.0.0", f"AISS-TST-001@{version}")
    assert "PATCH[requirement-text-changed] R-01 text changed" in diff.output
    assert "requires PATCH: ok" in diff.output


def test_a_draft_may_change_freely(repo: Repo) -> None:
    version = _new_version(repo, "minor")
    repo.base = repo.commit("a draft of 1.1.0")
    repo.edit(version, "title: Minimal test standard", "title: Minimal test standard, revised")
    repo.edit(version, "A minimal standard used", "A minimal standard, revised, used")
    result = repo.check()
    assert result.exit_code == 0, result.output


def test_lifecycle_edits_of_a_published_file_pass_and_going_back_fails(repo: Repo) -> None:
    repo.edit("1.0.0", "status: published\n", "status: deprecated\n")
    repo.edit(
        "1.0.0",
        "  - {status: published, date: 2026-02-01}\n",
        "  - {status: published, date: 2026-02-01}\n"
        "  - {status: deprecated, date: 2026-09-01}\n"
        "superseded_by: AISS-TST-001@1.0.0\n",
    )
    result = repo.check()
    assert "frozen-version-modified" not in result.output, result.output
    repo.base = repo.commit("deprecated")
    repo.edit("1.0.0", "status: deprecated\n", "status: published\n")
    repo.edit("1.0.0", "  - {status: deprecated, date: 2026-09-01}\n", "")
    result = repo.check()
    assert result.exit_code == 1
    assert "status went back from deprecated to published" in result.output


def test_deleting_the_lock_or_a_published_version_fails(repo: Repo) -> None:
    (repo.path / "standards" / "registry.lock").unlink()
    result = repo.check()
    assert result.exit_code == 1
    assert "error[invalid-lock-file] the lock file existed at" in result.output
    git(repo.path, "checkout", "-q", "--", "standards/registry.lock")
    shutil.rmtree(repo.path / "standards" / "AISS-TST-001" / "1.0.0")
    result = repo.check()
    assert result.exit_code == 1
    assert "its file was deleted" in result.output
    assert "error[lock-stale]" in result.output


def test_an_acknowledged_correction_of_a_published_file_passes(repo: Repo) -> None:
    repo.edit(
        "1.0.0",
        'url: "https://arxiv.org/abs/2408.08926"',
        'url: "https://arxiv.org/abs/2408.08926v4"',
    )
    digest = repo.run("lock", "--digest", "AISS-TST-001@1.0.0").output.strip()
    (repo.path / "standards" / "acknowledged-changes.yaml").write_text(
        'schema_version: "1.0.0"\n'
        "kind: AcknowledgedChanges\n"
        "acknowledged:\n"
        "  - standard: AISS-TST-001@1.0.0\n"
        "    rule: frozen-version-modified\n"
        f'    sha256: "{digest}"\n'
        "    reason: The reference URL pointed at a withdrawn preprint version.\n"
        "    approved_by: [test-editors]\n"
        "    date: 2026-05-01\n"
    )
    result = repo.check()
    assert result.exit_code == 1
    assert "error[lock-stale] the change to AISS-TST-001@1.0.0 is acknowledged" in result.output
    assert repo.run("lock", "--update").exit_code == 0
    result = repo.check()
    assert result.exit_code == 0, result.output


def test_the_pull_request_summary_is_the_markdown_diff(repo: Repo) -> None:
    version = _new_version(repo, "major")
    repo.edit(version, "reporting:\n", NEW_MUST + "reporting:\n")
    result = repo.run("diff", "--against", repo.base, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("### AISS-TST-001 1.0.0 → 2.0.0\n")
    assert "| MAJOR | R-03 added (MUST): Limits disclosed |" in result.output
    repo.commit("2.0.0")
    again = repo.run("diff", "--against", "HEAD", "--format", "markdown")
    assert again.output == "No standard versions changed.\n"


def test_a_bad_ref_is_a_tool_error(repo: Repo) -> None:
    result = repo.run("check-changes", "--against", "--output=/tmp/x")
    assert result.exit_code == 2
    assert "is not a commit" in result.output


def _approval(requirement: str, verdict: str, sha: str) -> str:
    return (
        f"- {{kind: review, standard: AISS-TST-001@1.0.0, requirement: {requirement}, "
        f"submission_sha256: {sha * 64}, org: test-institute, verdict: {verdict}, "
        "date: '2026-05-10'}\n"
    )


def test_approvals_a_change_records_or_removes_are_named(repo: Repo) -> None:
    # a recorded approval decides verdicts as an issuer's signature does: a pull request that
    # adds, changes or removes one says so, each at its line, for the reviewers to confirm
    head = "schema_version: 1.0.0\nkind: Approvals\napprovals:\n"
    approvals = repo.path / "standards" / "approvals.yaml"
    approvals.write_text(
        head + _approval("R-01", "pass", "a") + _approval("R-02", "pass", "b"), encoding="utf-8"
    )
    base = repo.commit("two approvals recorded")
    result = repo.check()
    assert result.exit_code == 0 and "approval" in result.output  # against the first base
    repo.base = base
    assert "approval" not in repo.check().output  # nothing changed since
    approvals.write_text(
        head + _approval("R-02", "fail", "b") + _approval("R-01", "pass", "c"), encoding="utf-8"
    )
    repo.commit("one changed, one removed, one added")
    result = repo.check()
    assert result.exit_code == 0, result.output  # warnings: the reviewers decide
    lines = [line for line in result.output.splitlines() if "warning[approval-" in line]
    assert lines == [
        "standards/approvals.yaml:0:0: warning[approval-removed] this change removes 1 recorded "
        "approval(s) (first: review of R-01 of AISS-TST-001@1.0.0 by test-institute for "
        "submission aaaaaaaaaaaa…): the verdicts it decided are undecided again",
        "standards/approvals.yaml:4:3: warning[approval-changed] this change records an "
        "approval by test-institute: review of R-02 of AISS-TST-001@1.0.0 (fail) for "
        "submission bbbbbbbbbbbb…; an approval decides verdicts as its organisation's "
        "signature does, so check that test-institute made it",
        "standards/approvals.yaml:5:3: warning[approval-recorded] this change records an "
        "approval by test-institute: review of R-01 of AISS-TST-001@1.0.0 (pass) for "
        "submission cccccccccccc…; an approval decides verdicts as its organisation's "
        "signature does, so check that test-institute made it",
    ]


def _issuers(*keys: tuple[str, SigningKey, str]) -> str:
    """The fixture's issuers vocabulary with `keys` (org, key, extra fields) listed."""
    lines = ["schema_version: '1.0.0'", "kind: Vocabulary", "name: issuers", "title: Test issuers"]
    lines.append("terms:")
    for org, name in (("test-institute", "Test Institute"), ("other-institute", "Other Institute")):
        lines += [f"  - code: {org}", f"    name: {name}"]
        mine = [(k, extra) for o, k, extra in keys if o == org]
        if mine:
            lines.append("    keys:")
        for k, extra in mine:
            lines += [
                f"      - keyid: {k.keyid}",
                f"        public_key: {public_key_text(k.public)}",
            ]
            lines += [f"        {extra}"] if extra else []
    return "\n".join(lines) + "\n"


def test_signing_keys_a_change_lists_alters_or_removes_are_named(repo: Repo) -> None:
    # a key listed under an organisation makes what it signs that organisation's decision: a
    # pull request that lists one, lifts a revocation or removes one says so
    issuers = repo.path / "standards" / "vocabularies" / "issuers.yaml"
    a, b, c = generate_key(), generate_key(), generate_key()
    issuers.write_text(
        _issuers(("test-institute", a, "revoked: 2026-03-01"), ("other-institute", b, "")),
        encoding="utf-8",
    )
    repo.base = repo.commit("two keys listed")
    assert "signing-key" not in repo.check().output
    issuers.write_text(
        _issuers(("test-institute", a, ""), ("test-institute", c, "")), encoding="utf-8"
    )
    repo.commit("a revocation lifted, a key added, one removed")
    result = repo.check()
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "warning[signing-key-" in line]
    assert lines == [
        "standards/vocabularies/issuers.yaml:0:0: warning[signing-key-removed] this change "
        f"removes 1 signing key(s) (first: other-institute's {b.keyid[:12]}…): what they "
        "signed no longer verifies",
        "standards/vocabularies/issuers.yaml:9:9: warning[signing-key-changed] this change "
        f"alters a signing key of test-institute (keyid {a.keyid[:12]}…): every approval and "
        "bundle it signs counts as test-institute's, so check with test-institute that the "
        "key is theirs",
        "standards/vocabularies/issuers.yaml:11:9: warning[signing-key-added] this change "
        f"lists a signing key of test-institute (keyid {c.keyid[:12]}…): every approval and "
        "bundle it signs counts as test-institute's, so check with test-institute that the "
        "key is theirs",
    ]
