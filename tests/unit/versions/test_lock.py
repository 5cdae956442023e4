"""versions.lock and lifecycle: the lock file (formats 2 and 1), the lifecycle lines a frozen
file may change, and lifecycle edits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiss.models import Standard, Status
from aiss.source import parse_yaml
from aiss.versions.canonical import frozen_digest
from aiss.versions.lifecycle import (
    TransitionRefused,
    check_transition,
    lifecycle_problems,
)
from aiss.versions.lock import (
    LOCK_VERSION,
    Lock,
    LockEntry,
    first_changed_line,
    legacy_line_digest,
    parse_lock,
    render_lock,
    without_lifecycle,
)
from aiss.versions.roundtrip import CHANGELOG_TODO
from aiss.versions.status_edit import with_status

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures/registry/AISS-TST-001/1.0.0/standard.yaml"
RAW = FIXTURE.read_bytes()
TEXT = RAW.decode()


def _digest(raw: bytes) -> str:
    data = parse_yaml("f", raw).data
    assert isinstance(data, dict)
    return frozen_digest(data)


def _model(text: str) -> Standard:
    return Standard.model_validate(parse_yaml("f", text.encode()).data)


def test_lifecycle_edits_keep_the_digest() -> None:
    deprecated = with_status(
        TEXT,
        Status.DEPRECATED,
        dt.date(2026, 9, 1),
        note="see 2.0.0",
        superseded_by="AISS-TST-001@2.0.0",
    )
    assert "superseded_by: AISS-TST-001@2.0.0" in deprecated
    assert _digest(deprecated.encode()) == _digest(RAW)
    assert first_changed_line(RAW, deprecated.encode()) is None


@pytest.mark.parametrize(
    ("old", "new", "content"),
    [
        ("A minimal standard used by the test suite.", "A minimal standard used by tests.", True),
        ("min_epochs: 5}", "min_epochs: 6}", True),
        ("# A minimal valid standard", "# A minimal, valid standard", False),
        ("title: Minimal test standard\n", "title: Minimal test standard\n\n", False),
        ("title: Minimal test standard\n", "title: 'Minimal test standard'\n", False),
    ],
)
def test_first_changed_line_finds_every_byte_change_outside_the_lifecycle_lines(
    old: str, new: str, content: bool
) -> None:
    changed = TEXT.replace(old, new, 1).encode()
    assert (_digest(changed) != _digest(RAW)) is content  # comments and layout: same content
    pairs = zip(TEXT.splitlines(), changed.decode().splitlines(), strict=False)
    naive = next(n for n, (a, b) in enumerate(pairs, 1) if a != b)
    assert first_changed_line(RAW, changed) == naive


def test_only_top_level_lifecycle_entries_are_left_out() -> None:
    text = b"status: x\nstatus_history:\n- {a: 1}\n  - b\n\nnested:\n  status: kept\nsuperseded_by: y\nz: 1\n"
    assert without_lifecycle(text) == b"nested:\n  status: kept\nz: 1\n"
    assert without_lifecycle(b"status: x\n---\nb: 1\n") == b"---\nb: 1\n"


@given(st.text(alphabet="ab: \n-#s", max_size=60))
def test_without_lifecycle_is_idempotent(text: str) -> None:
    raw = text.encode()
    assert legacy_line_digest(raw) == legacy_line_digest(bytes(raw))
    assert without_lifecycle(without_lifecycle(raw)) == without_lifecycle(raw)


def test_the_format_1_digest_leaves_out_the_lifecycle_lines() -> None:
    assert legacy_line_digest(b"a: 1\nstatus: x\n  - y\nb: 2\n") == legacy_line_digest(
        b"a: 1\nb: 2\n"
    )
    assert legacy_line_digest(RAW) != legacy_line_digest(RAW + b"# more\n")


def test_lock_file_round_trips_sorted_with_a_header() -> None:
    lock = Lock(
        {
            "AISS-TST-001@1.10.0": LockEntry(
                sha256="b" * 64, file_sha256="c" * 64, published=dt.date(2026, 3, 1)
            ),
            "AISS-TST-001@1.2.0": LockEntry(sha256="a" * 64, file_sha256="d" * 64),
        }
    )
    text = render_lock(lock)
    assert text.startswith("# The frozen published versions")
    assert f"lock_version: {LOCK_VERSION}\n" in text and LOCK_VERSION == 2
    assert text.index("1.2.0") < text.index("1.10.0")
    assert f'{{sha256: "{"b" * 64}", file_sha256: "{"c" * 64}", published: 2026-03-01}}' in text
    parsed, diags = parse_lock(parse_yaml("registry.lock", text.encode()))
    assert diags == [] and parsed == lock and not parsed.outdated
    assert render_lock(Lock({})).endswith("versions: {}\n")


def test_a_format_1_lock_is_read_as_outdated_and_never_written() -> None:
    text = 'lock_version: 1\nversions:\n  AISS-TST-001@1.0.0: {sha256: "' + "a" * 64 + '"}\n'
    lock, diags = parse_lock(parse_yaml("registry.lock", text.encode()))
    assert diags == [] and lock is not None
    assert lock.outdated and lock.version == 1
    assert lock.versions["AISS-TST-001@1.0.0"].file_sha256 is None
    with pytest.raises(AssertionError):
        render_lock(lock)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("lock_version: 3\nversions: {}\n", (1, 15)),
        ('lock_version: 1\nversions:\n  AISS-TST-001@1.0.0: {sha256: "abc"}\n', (3, 32)),
        ("lock_version: 1\nversions:\n  nope: {sha256: x}\n", (3, 9)),
        ("lock_version: [1\n", (2, 1)),
        ("", (1, 1)),
    ],
)
def test_invalid_lock_files_are_diagnosed_at_the_value(text: str, where: tuple[int, int]) -> None:
    lock, diags = parse_lock(parse_yaml("registry.lock", text.encode()))
    assert lock is None
    assert {d.code for d in diags} == {"invalid-lock-file"}
    assert (diags[0].line, diags[0].column) == where


def test_transitions_only_move_forward() -> None:
    check_transition(Status.DRAFT, Status.PROPOSED)
    check_transition(Status.DRAFT, Status.PUBLISHED)
    check_transition(Status.PUBLISHED, Status.WITHDRAWN)
    with pytest.raises(TransitionRefused, match="from published to draft"):
        check_transition(Status.PUBLISHED, Status.DRAFT)
    with pytest.raises(TransitionRefused):
        check_transition(Status.PROPOSED, Status.PROPOSED)


def test_lifecycle_problems() -> None:
    old = _model(TEXT)
    ok_text = with_status(
        TEXT, Status.DEPRECATED, dt.date(2026, 9, 1), superseded_by="AISS-TST-001@2.0.0"
    )
    ok = _model(ok_text)
    assert lifecycle_problems(old, ok) == []
    back = _model(
        TEXT.replace("status: published\n", "status: proposed\n").replace(
            "  - {status: published, date: 2026-02-01}\n", ""
        )
    )
    assert lifecycle_problems(old, back) == [
        "status went back from published to proposed",
        "a published version cannot become proposed",
        "earlier status_history entries changed (entries may only be appended)",
    ]
    moved = _model(
        with_status(ok_text, None, dt.date(2026, 9, 2), superseded_by="AISS-TST-001@3.0.0")
    )
    assert lifecycle_problems(ok, moved) == ["superseded_by changed from AISS-TST-001@2.0.0"]


def test_publishing_dates_the_changelog_entry_and_drops_the_todo() -> None:
    draft = TEXT.replace("status: published", "status: proposed").replace(
        "  - {status: published, date: 2026-02-01}\n", ""
    )
    draft = draft.replace(
        "changelog:\n",
        f'changelog:\n  - version: "1.0.0"\n    changes: [Typo fixed.]  # {CHANGELOG_TODO}\n',
    ).replace(
        '  - version: "1.0.0"\n    date: 2026-02-01\n    changes: [Initial publication.]\n', ""
    )
    published = with_status(draft, Status.PUBLISHED, dt.date(2026, 9, 1))
    assert "TODO" not in published
    std = _model(published)
    assert std.status is Status.PUBLISHED
    assert std.status_history[-1].date == dt.date(2026, 9, 1)
    assert std.changelog[0].date == dt.date(2026, 9, 1)
    assert "&id" not in published and "*id" not in published  # no anchor for the shared date
