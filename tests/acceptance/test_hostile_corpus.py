"""The hostile corpus: crafted files end in the expected diagnostic, never a traceback or hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.acceptance.hostile import CORPUS, Outcome, load_cases, run_case

CASES = load_cases()
OUTCOMES: list[Outcome] = []
"""Filled as the cases run; summarised at the end of the test session (tests/conftest.py)."""


def test_corpus_is_large_and_complete() -> None:
    assert len(CASES) >= 40
    listed = {c.file for c in CASES}
    on_disk = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file()}
    assert on_disk - {"manifest.yaml"} == listed


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_hostile_input(case: object, tmp_path: Path) -> None:
    from tests.acceptance.hostile import Case

    assert isinstance(case, Case)
    outcome = run_case(case, tmp_path)
    OUTCOMES.append(outcome)
    assert outcome.traceback is None, outcome.traceback
    assert not outcome.hang, f"{case.file} took longer than the time bound"
    assert outcome.exit_code == case.exit, (outcome.exit_code, outcome.codes)
    if case.code is not None:
        assert case.code in outcome.codes
