"""The freeze cannot be bypassed: the four edits of a published version that the format-1 line
digest missed are caught by `aiss validate`, `aiss lock` and `aiss check-changes`, in a real
temporary git repository, and the lock itself changes only by a new version's entry (or the
one migration from format 1).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from aiss.source import parse_yaml
from aiss.versions.lock import legacy_line_digest
from tests.acceptance.test_pr_workflow import FIXTURE, STD, Repo, git

REPO = Path(__file__).resolve().parents[2]
Edit = Callable[[str], str]


def _flow(text: str) -> str:
    """The same document in flow (JSON-like) style, `status` on the first line inside the
    braces and every other line indented under it (format 1 saw only the braces)."""
    data = parse_yaml("f", text.encode()).data
    assert isinstance(data, dict)
    rest = ",\n".join(
        f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in data.items() if k != "status"
    )
    return "{\nstatus: " + str(data["status"]) + ",\n" + rest + "\n}\n"


def _quoted(text: str) -> str:
    """The summary as a quoted string continued on a line that starts with `status:`."""
    old = "summary: A minimal standard used by the test suite.\n"
    assert old in text
    return text.replace(
        old, 'summary: "A minimal standard: run it on\nstatus: 40 items and 5 epochs."\n'
    )


def _same(text: str) -> str:
    return text


def _sub(old: str, new: str) -> Edit:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


# name -> (how the published file looks at the base, the edit, the code that catches it)
BYPASSES: dict[str, tuple[Edit, Edit, str]] = {
    "U+2028 after status": (
        _same,
        _sub(
            "status: published\n",
            "status: published\u2028reference_models_policy: {min_count: 9}\n",
        ),
        "yaml-line-break",
    ),
    "U+0085 in status_history": (
        _same,
        _sub(
            "  - {status: published, date: 2026-02-01}\n",
            "  - {status: published, date: 2026-02-01}\x85reference_models_policy: {min_count: 9}\n",
        ),
        "yaml-line-break",
    ),
    "flow style under status": (
        _flow,
        _sub('"min_items": 40, "min_epochs": 5', '"min_items": 1, "min_epochs": 1'),
        "frozen-version-modified",
    ),
    "quoted continuation": (
        _quoted,
        _sub("status: 40 items and 5 epochs.", "status: 1 item and 1 epoch."),
        "frozen-version-modified",
    ),
}


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, published: Edit) -> Repo:
    path = tmp_path / "registry-repo"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "ci@example.org")
    git(path, "config", "user.name", "CI")
    shutil.copytree(FIXTURE, path / "standards")
    monkeypatch.chdir(path)
    r = Repo(path, "")
    f = r.file("1.0.0")
    f.write_text(published(f.read_text(encoding="utf-8")), encoding="utf-8")
    locked = r.run("lock", "--update")
    assert locked.exit_code == 0, locked.output
    assert r.run("validate").exit_code == 0
    r.base = r.commit("base: AISS-TST-001 1.0.0 published and locked")
    return r


@pytest.mark.parametrize("name", BYPASSES)
def test_a_hidden_edit_of_a_published_version_is_caught_everywhere(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    published, edit, code = BYPASSES[name]
    repo = _repo(tmp_path, monkeypatch, published)
    before = repo.file("1.0.0").read_bytes()
    repo.file("1.0.0").write_bytes(edit(before.decode("utf-8")).encode("utf-8"))
    after = repo.file("1.0.0").read_bytes()
    # the premise: the format-1 line digest did not move, so each edit used to pass
    assert legacy_line_digest(after) == legacy_line_digest(before)
    where = STD.format("1.0.0")
    validated = repo.run("validate")
    assert validated.exit_code == 1, validated.output
    assert f"{where}:" in validated.output and f"error[{code}]" in validated.output
    locked = repo.run("lock")
    assert locked.exit_code == 1, locked.output
    assert "AISS-TST-001@1.0.0" in locked.output
    checked = repo.check()
    assert checked.exit_code == 1, checked.output
    assert f"error[{code}]" in checked.output
    if code == "frozen-version-modified":
        assert "content changed" in checked.output


def test_the_shipped_registry_refuses_the_issues_u2028_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "ci@example.org")
    git(path, "config", "user.name", "CI")
    shutil.copytree(REPO / "standards", path / "standards")
    monkeypatch.chdir(path)
    r = Repo(path, "")
    assert r.run("validate").exit_code == 0
    r.base = r.commit("the shipped registry")
    f = path / "standards" / "AISS-RPT-001" / "1.0.0" / "standard.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(
        text.replace(
            "status: published\n",
            "status: published\u2028reference_models_policy: {min_count: 9, same_settings: true}\n",
            1,
        ),
        encoding="utf-8",
    )
    for args in (["validate"], ["lock"], ["check-changes", "--against", r.base]):
        result = r.run(*args)
        assert result.exit_code == 1, (args, result.output)
    assert "standards/AISS-RPT-001/1.0.0/standard.yaml:16:18: error[yaml-line-break]" in (
        r.run("validate").output
    )


def _zeroed(repo: Repo, key: str) -> tuple[Path, str]:
    """The lock with the first `key` digest (`sha256`, `file_sha256`) set to zeros by hand;
    the lock's path and its text before."""
    lock = repo.path / "standards" / "registry.lock"
    text = lock.read_text()
    start = text.index(f'{key}: "') + len(f'{key}: "')  # `sha256` comes first on its line
    lock.write_text(text[:start] + "0" * 64 + text[start + 64 :])
    return lock, text


def test_a_lock_entry_changed_by_hand_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, monkeypatch, _same)
    lock, text = _zeroed(repo, "sha256")
    result = repo.check()
    assert result.exit_code == 1
    assert "error[lock-entry-changed] the digest of AISS-TST-001@1.0.0 changed" in result.output
    lock.write_text(text[: text.index("versions:")] + "versions: {}\n")
    result = repo.check()
    assert "error[lock-entry-changed] the entry of AISS-TST-001@1.0.0 was removed" in result.output


def _v1_lock(repo: Repo) -> None:
    digest = legacy_line_digest(repo.file("1.0.0").read_bytes())
    (repo.path / "standards" / "registry.lock").write_text(
        "lock_version: 1\nversions:\n"
        f'  AISS-TST-001@1.0.0: {{sha256: "{digest}", published: 2026-02-01}}\n'
    )


def test_migrating_a_format_1_lock_once_passes_and_a_smuggled_edit_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, monkeypatch, _flow)
    _v1_lock(repo)
    repo.base = repo.commit("a registry with a format-1 lock")
    outdated = repo.run("validate")
    assert outdated.exit_code == 1 and "error[lock-format-outdated]" in outdated.output
    migrated = repo.run("lock", "--update")
    assert migrated.exit_code == 0, migrated.output
    assert "migrated standards/registry.lock to format 2 (1 versions)" in migrated.output
    result = repo.check()
    assert result.exit_code == 0, result.output
    # the same migration with an edit the format-1 digest cannot see: refused twice over
    git(repo.path, "checkout", "-q", "--", "standards")
    f = repo.file("1.0.0")
    f.write_text(f.read_text().replace('"min_items": 40', '"min_items": 1'))
    assert repo.run("lock", "--update").exit_code == 0  # the format-1 digest still matches
    result = repo.check()
    assert result.exit_code == 1
    assert "error[frozen-version-modified]" in result.output
    assert "error[lock-entry-changed] the digest of AISS-TST-001@1.0.0 changed" in result.output


# --- links: a published file, or the lock, replaced by a symbolic link --------------------------


def _linked_away(repo: Repo, name: str) -> Path:
    """Move the published file (or the lock) to `name` in the registry and leave a link in its
    place: the same bytes, so only the link is new."""
    original = repo.file("1.0.0") if name != "lock" else repo.path / "standards" / "registry.lock"
    moved = repo.path / "standards" / f"kept-{original.name}.txt"
    original.rename(moved)
    original.symlink_to(Path("..", "..", moved.name) if name != "lock" else Path(moved.name))
    assert original.read_bytes() == moved.read_bytes()  # the link leads to the same bytes
    return moved


@pytest.mark.parametrize("name", ["standard", "lock"])
def test_a_published_file_replaced_by_a_link_is_refused(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, monkeypatch, _same)
    _linked_away(repo, name)
    shown = STD.format("1.0.0") if name == "standard" else "standards/registry.lock"
    checked = repo.check()
    assert checked.exit_code == 1, checked.output
    assert f"{shown}:0:0: error[published-file-symlink]" in checked.output
    validated = repo.run("validate")
    assert validated.exit_code == 1, validated.output
    assert f"{shown}:0:0: error[linked-file]" in validated.output


def test_a_link_merged_at_the_base_hides_no_later_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Had a link reached the base, the next pull request edits what it leads to: the base's
    link is followed inside the registry, so the edit is still seen as an edit of 1.0.0."""
    repo = _repo(tmp_path, monkeypatch, _same)
    moved = _linked_away(repo, "standard")
    repo.base = repo.commit("a link slipped in")
    text = moved.read_text(encoding="utf-8")
    moved.write_text(text.replace("min_epochs: 5", "min_epochs: 1", 1), encoding="utf-8")
    checked = repo.check()
    assert checked.exit_code == 1, checked.output
    assert "error[published-file-symlink]" in checked.output
    # restoring the file itself, with the edit, is still an edit of a frozen version
    repo.file("1.0.0").unlink()
    moved.rename(repo.file("1.0.0"))
    checked = repo.check()
    assert checked.exit_code == 1, checked.output
    assert "error[frozen-version-modified]" in checked.output and "content changed" in (
        checked.output
    )


def test_a_version_folder_replaced_by_a_link_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, monkeypatch, _same)
    folder = repo.file("1.0.0").parent
    kept = folder.with_name("kept-1.0.0")
    folder.rename(kept)
    folder.symlink_to(kept.name, target_is_directory=True)
    checked = repo.check()
    assert checked.exit_code == 1, checked.output
    assert "standards/AISS-TST-001/1.0.0:0:0: error[published-file-symlink]" in checked.output


# --- comments and text on or under the lifecycle lines -----------------------------------------

LIFECYCLE_SMUGGLES: dict[str, tuple[str, str]] = {
    "a comment after status": ("status: published\n", "status: published  # min_epochs is 1\n"),
    "a comment under status_history": (
        "  - {status: published, date: 2026-02-01}\n",
        "  - {status: published, date: 2026-02-01}\n  # the editors let 1 epoch count\n",
    ),
    "a comment on a history entry": (
        "  - {status: published, date: 2026-02-01}\n",
        "  - {status: published, date: 2026-02-01}  # restricted: see the lab's note\n",
    ),
}


@pytest.mark.parametrize("name", LIFECYCLE_SMUGGLES)
def test_text_on_or_under_a_lifecycle_line_is_refused(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, monkeypatch, _same)
    repo.edit("1.0.0", *LIFECYCLE_SMUGGLES[name])
    checked = repo.check()
    assert checked.exit_code == 1, checked.output
    assert "error[frozen-version-modified]" in checked.output
    assert "is not as the lifecycle commands write it" in checked.output


def test_the_lifecycle_commands_pass_and_their_lock_entry_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, monkeypatch, _same)
    done = repo.run("deprecate", "AISS-TST-001@1.0.0", "--date", "2026-09-01")
    assert done.exit_code == 0, done.output
    checked = repo.check()
    assert checked.exit_code == 0, checked.output
    # the same step with a comment slipped in beside it is not what the command wrote
    repo.edit("1.0.0", "status: deprecated\n", "status: deprecated  # and min_epochs: 1\n")
    checked = repo.check()
    assert checked.exit_code == 1 and "is not as the lifecycle commands write it" in (
        checked.output
    )


def test_a_file_digest_changed_by_hand_in_the_lock_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, monkeypatch, _same)
    _zeroed(repo, "file_sha256")
    checked = repo.check()
    assert checked.exit_code == 1, checked.output
    assert "error[lock-entry-changed] the file digest of AISS-TST-001@1.0.0 changed" in (
        checked.output
    )
