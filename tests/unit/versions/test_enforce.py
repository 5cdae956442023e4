"""versions.enforce: the versioning diagnostics of `aiss validate`, each at its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from aiss.catalog.codes import CODES
from aiss.cli.main import cli
from aiss.compose.validate import validate
from aiss.diagnostics import Diagnostic
from aiss.versions import enforce
from aiss.versions.lock import legacy_line_digest

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "registry"
BASE = (FIXTURE / "AISS-TST-001" / "1.0.0" / "standard.yaml").read_text(encoding="utf-8")
ACK_HEAD = 'schema_version: "1.0.0"\nkind: AcknowledgedChanges\nacknowledged:\n'


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "standards")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "standards"


def add_version(root: Path, version: str, *edits: tuple[str, str], status: str = "draft") -> Path:
    """A new version of AISS-TST-001 from the fixture's text, with `edits` applied."""
    text = BASE.replace('\nversion: "1.0.0"', f'\nversion: "{version}"', 1)
    text = text.replace("status: published", f"status: {status}", 1)
    text = text.replace(
        "  - {status: proposed, date: 2026-01-10}\n  - {status: published, date: 2026-02-01}\n",
        f"  - {{status: {status}, date: 2026-03-01}}\n",
    )
    text = text.replace(
        "changelog:\n", f'changelog:\n  - version: "{version}"\n    changes: [Changed.]\n'
    )
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = root / "AISS-TST-001" / version / "standard.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def diags(root: Path) -> list[Diagnostic]:
    return validate([root], root=root).diagnostics


def codes(root: Path) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in diags(root)]


def line_of(path: Path, text: str) -> int:
    return next(n for n, row in enumerate(path.read_text().splitlines(), 1) if text in row)


MUST = "  - id: R-03\n    level: MUST\n    category: reporting\n    title: New\n    text: It MUST.\n    check: {type: manual}\nreporting:"


def test_a_registry_without_a_lock_is_not_frozen(root: Path) -> None:
    assert diags(root) == []


def test_bump_too_small_names_each_reason_and_line(root: Path) -> None:
    path = add_version(
        root,
        "1.1.0",
        ("reporting:", MUST),
        ("min_items: 40, min_epochs: 5}", "min_items: 50, min_epochs: 5}"),
    )
    (d,) = diags(root)
    assert (d.code, d.path, d.line) == (
        "version-bump-too-small",
        "standards/AISS-TST-001/1.1.0/standard.yaml",
        line_of(path, 'version: "1.1.0"'),
    )
    where = "standards/AISS-TST-001/1.1.0/standard.yaml"
    assert d.message == (
        "AISS-TST-001@1.1.0: declared MINOR (1.0.0 -> 1.1.0), requires MAJOR because: "
        f"TP-1 sampling.min_items raised from 40 to 50 at {where}:{line_of(path, 'min_items: 50')}; "
        f"R-03 added (MUST): New at {where}:{line_of(path, 'id: R-03')}"
    )
    assert d.hint is not None and "number it 2.0.0" in d.hint


def test_an_acknowledged_change_does_not_count(root: Path) -> None:
    add_version(root, "1.1.0", ("category: sampling", "category: process"))
    assert codes(root)[0][0] == "version-bump-too-small"
    (root / "acknowledged-changes.yaml").write_text(
        ACK_HEAD
        + "  - {standard: AISS-TST-001@1.1.0, rule: requirement-repurposed, target: R-01, reason: Re-filed only., approved_by: [ed], date: 2026-03-02}\n"
    )
    assert diags(root) == []
    out = CliRunner().invoke(cli, ["diff", "AISS-TST-001@1.0.0", "AISS-TST-001@1.1.0"]).output
    assert (
        "(acknowledged: Re-filed only.)" in out
        and "requires nothing (every change is acknowledged): ok" in out
    )


def test_a_dropped_requirement_needs_a_tombstone(root: Path) -> None:
    drop = ("  - id: R-02\n    level: SHOULD\n", "  - id: R-09\n    level: SHOULD\n")
    add_version(root, "2.0.0", drop)
    found = diags(root)
    assert [d.code for d in found] == ["requirement-id-removed"]
    assert "R-02 of AISS-TST-001@1.0.0 is missing" in found[0].message
    assert found[0].hint == 'keep R-02 in the list with `retired_in: "2.0.0"` (a tombstone)'
    (root / "acknowledged-changes.yaml").write_text(
        ACK_HEAD
        + "  - {standard: AISS-TST-001@2.0.0, rule: requirement-id-removed, target: R-02, reason: Published by mistake., approved_by: [ed], date: 2026-03-02}\n"
    )
    assert diags(root) == []


def test_a_tombstone_passes_and_reviving_it_fails(root: Path) -> None:
    add_version(
        root,
        "2.0.0",
        (
            "    check: {type: metric_reported, metric: M-SOLVE}\n",
            '    check: {type: metric_reported, metric: M-SOLVE}\n    retired_in: "2.0.0"\n',
        ),
    )
    assert diags(root) == []
    add_version(root, "3.0.0")
    found = diags(root)
    assert [d.code for d in found] == ["requirement-id-reused"]
    assert (
        found[0].message
        == "R-02 was retired in 2.0.0 and is active again: a retired id is never used again"
    )


def test_supersedes_never_chooses_the_predecessor(root: Path) -> None:
    add_version(root, "1.1.0", ("reporting:", MUST))
    (root / "acknowledged-changes.yaml").write_text(
        ACK_HEAD
        + "  - {standard: AISS-TST-001@1.1.0, rule: requirement-added-mandatory, target: R-03, reason: Agreed., approved_by: [ed], date: 2026-03-02}\n"
    )
    add_version(root, "1.2.0", ("reporting:", MUST))
    assert diags(root) == []  # 1.2.0 is compared with 1.1.0: no change
    path = root / "AISS-TST-001" / "1.2.0" / "standard.yaml"
    path.write_text(
        path.read_text().replace(
            "status_history:", "supersedes: AISS-TST-001@1.0.0\nstatus_history:"
        )
    )
    # still compared with 1.1.0 (no change), and `supersedes` must name it
    (d,) = diags(root)
    assert (d.code, d.line) == ("supersedes-not-predecessor", line_of(path, "supersedes:"))
    assert "it must name AISS-TST-001@1.1.0" in d.message
    path.write_text(
        path.read_text().replace("supersedes: AISS-TST-001@1.0.0", "supersedes: AISS-TST-001@1.1.0")
    )
    assert diags(root) == []


@pytest.mark.parametrize(("status", "severity"), [("draft", "warning"), ("proposed", "error")])
def test_an_empty_changelog_entry(root: Path, status: str, severity: str) -> None:
    path = add_version(root, "1.0.1", ("changes: [Changed.]", "changes: []"), status=status)
    (d,) = diags(root)
    assert (d.code, d.severity.value, d.line) == (
        "changelog-entry-empty",
        severity,
        line_of(path, "changes: []"),
    )


def _lock(root: Path) -> None:
    assert CliRunner().invoke(cli, ["lock", "--update"]).exit_code == 0


def test_the_lock_catches_changes_to_published_versions(root: Path) -> None:
    _lock(root)
    assert diags(root) == []
    published = root / "AISS-TST-001" / "1.0.0"
    (published / "examples").mkdir()
    (published / "examples" / "notes.txt").write_text("test vectors may be added later\n")
    assert diags(root) == []  # examples are tool test vectors, not part of the frozen file
    path = published / "standard.yaml"
    path.write_text(path.read_text().replace("test suite", "tests"))
    (d,) = diags(root)
    assert d.code == "frozen-version-modified"
    assert "its content no longer matches its digest in standards/registry.lock" in d.message
    path.write_text(path.read_text().replace("tests.", "test suite."))
    assert diags(root) == []
    # the same content laid out differently: the bytes changed, the content did not
    path.write_text(path.read_text().replace("title: Minimal", "title:   Minimal"))
    (d,) = diags(root)
    assert (d.code, d.severity.value) == ("frozen-file-changed", "warning")
    _lock(root)  # records the new bytes: content unchanged
    assert diags(root) == []
    path = published / "standard.yaml"
    path.write_text(path.read_text().replace("status: published", "status: draft"))
    assert ("frozen-version-modified", line_of(path, "status: draft")) in codes(root)


def test_a_format_1_lock_is_outdated_and_still_checked(root: Path) -> None:
    path = root / "AISS-TST-001" / "1.0.0" / "standard.yaml"
    lock = root / "registry.lock"
    digest = legacy_line_digest(path.read_bytes())
    lock.write_text(f'lock_version: 1\nversions:\n  AISS-TST-001@1.0.0: {{sha256: "{digest}"}}\n')
    assert codes(root) == [("lock-format-outdated", 1)]
    path.write_text(path.read_text().replace("test suite", "tests"))
    assert sorted(codes(root)) == [("frozen-version-modified", 6), ("lock-format-outdated", 1)]


def test_lock_entries_missing_stale_and_invalid(root: Path) -> None:
    _lock(root)
    add_version(root, "1.0.1", status="published")
    assert codes(root) == [
        (
            "lock-entry-missing",
            line_of(root / "AISS-TST-001/1.0.1/standard.yaml", "status: published"),
        )
    ]
    shutil.rmtree(root / "AISS-TST-001" / "1.0.1")
    lock = root / "registry.lock"
    lock.write_text(lock.read_text() + '  AISS-TST-001@0.9.0: {sha256: "' + "0" * 64 + '"}\n')
    (d,) = diags(root)
    assert (d.code, d.path, d.line) == (
        "lock-stale",
        "standards/registry.lock",
        len(lock.read_text().splitlines()),
    )
    lock.write_text("lock_version: 1\nversions: [x]\n")
    assert codes(root) == [("invalid-lock-file", 2)]


def test_acknowledged_changes_file_is_checked(root: Path) -> None:
    (root / "acknowledged-changes.yaml").write_text(
        ACK_HEAD
        + "  - {standard: AISS-TST-001@1.0.0, rule: no-such-rule, reason: x, approved_by: [ed], date: 2026-03-02}\n"
        + "  - {standard: AISS-TST-001@1.0.0, rule: frozen-version-modified, reason: x, approved_by: [ed], date: 2026-03-02}\n"
        + "  - {standard: AISS-TST-001@7.0.0, rule: editorial, reason: x, approved_by: [ed], date: 2026-03-02}\n"
        + "  - {standard: AISS-TST-001@1.0.0, rule: editorial, reason: x, approved_by: [ed], date: 2026-03-02}\n"
    )
    found = [(d.code, d.line, d.severity.value) for d in diags(root)]
    assert found == [
        ("acknowledged-change-invalid", 4, "error"),
        ("acknowledged-change-invalid", 5, "error"),
        ("acknowledged-change-invalid", 6, "error"),
        ("acknowledged-change-unused", 7, "warning"),
    ]
    (root / "acknowledged-changes.yaml").write_text(
        ACK_HEAD + "  - {standard: AISS-TST-001@1.0.0}\n"
    )
    assert [d.code for d in diags(root)] == ["missing-field"] * 4


def test_every_versioning_code_is_in_the_catalog() -> None:
    source = Path(enforce.__file__).parent
    emitted = set()
    for f in source.glob("*.py"):
        text = f.read_text()
        emitted |= {c for c in CODES if f'"{c}"' in text}
    ours = {c.code for c in CODES.values() if c.group == "versions"}
    assert ours <= emitted | {"invalid-lock-file"}
    assert ours == {
        "version-bump-too-small",
        "supersedes-not-predecessor",
        "requirement-id-removed",
        "requirement-id-reused",
        "frozen-version-modified",
        "frozen-file-changed",
        "published-file-symlink",
        "lock-entry-missing",
        "lock-entry-changed",
        "lock-format-outdated",
        "lock-stale",
        "invalid-lock-file",
        "acknowledged-change-invalid",
        "acknowledged-change-unused",
        "changelog-entry-empty",
        "approval-recorded",
        "approval-changed",
        "approval-removed",
        "signing-key-added",
        "signing-key-changed",
        "signing-key-removed",
    }
