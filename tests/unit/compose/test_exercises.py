"""The exercise records' registry check: what the negative records cannot show, and the
results (one conformance report per unchanged submission) the site is given."""

from __future__ import annotations

import shutil
from pathlib import Path

from aiss.compose.check import StandardsOnDisk
from aiss.compose.exercises import exercise_docs, exercise_results
from aiss.compose.validate import load_registry
from tests.support.joint import EX_ID, Joint, build_joint, sha256, write_exercise


def _codes(root: Path) -> list[tuple[str, str]]:
    return [(Path(d.path).name, d.code) for d in load_registry(root).diagnostics]


def test_a_listed_file_that_is_not_a_valid_submission(tmp_path: Path) -> None:
    j = build_joint(tmp_path)
    j.submissions["us"].write_text("kind: ResultSubmission\nfoo: 1\n", encoding="utf-8")
    write_exercise(j.root, j.submissions["uk"], j.submissions["us"])
    found = _codes(j.root)
    assert ("exercise.yaml", "exercise-submission-invalid") in found
    assert any(name == "us.yaml" and code == "missing-field" for name, code in found)


def test_a_submission_of_another_standard_is_out_of_scope(tmp_path: Path) -> None:
    j: Joint = build_joint(tmp_path)
    other = j.root / "AISS-JNT-002" / "1.0.0"
    shutil.copytree(j.root / "AISS-JNT-001" / "1.0.0", other)
    std = other / "standard.yaml"
    std.write_text(std.read_text().replace("AISS-JNT-001", "AISS-JNT-002"), encoding="utf-8")
    us = j.submissions["us"]
    text = us.read_text().replace("id: AISS-JNT-001", "id: AISS-JNT-002")
    us.write_text("\n".join(x for x in text.split("\n") if "  sha256: " not in x[:12]))
    write_exercise(j.root, j.submissions["uk"], us)
    assert ("exercise.yaml", "exercise-submission-out-of-scope") in _codes(j.root)


def test_results_are_given_only_for_unchanged_submissions(tmp_path: Path) -> None:
    j = build_joint(tmp_path)
    validation = load_registry(j.root)
    (ex,) = exercise_docs(validation.checked)
    assert ex.exercise.id == EX_ID
    standards = StandardsOnDisk(j.root, registry=validation.registry)
    got = exercise_results(ex, standards)
    assert [(org, r.overall.value) for org, r in got.reports] == [
        ("uk-aisi", "conformant_with_deviations"),
        ("us-caisi", "conformant_with_deviations"),
    ]
    j.submissions["us"].write_text(j.submissions["us"].read_text() + "\n# changed\n")
    assert [org for org, _ in exercise_results(ex, standards).reports] == ["uk-aisi"]


def test_a_log_cited_by_two_participants_is_one_run(tmp_path: Path) -> None:
    """The US submission's run citing the UK's log (copied beside it): the exercise would
    show two institutes agreeing on what is one run."""
    j = build_joint(tmp_path)
    uk_log = j.submissions["uk"].parent / "logs" / "joint-uk.eval"
    us = j.submissions["us"]
    shutil.copyfile(uk_log, us.parent / "logs" / "joint-uk.eval")
    text = us.read_text(encoding="utf-8")
    us_digest = sha256(us.parent / "logs" / "joint-us.eval")
    assert "logs/joint-us.eval" in text and us_digest in text
    text = text.replace("logs/joint-us.eval", "logs/joint-uk.eval")
    us.write_text(text.replace(us_digest, sha256(uk_log)), encoding="utf-8")
    write_exercise(j.root, j.submissions["uk"], us)
    found = _codes(j.root)
    assert ("us.yaml", "exercise-run-shared") in found
    assert ("uk.yaml", "exercise-run-shared") not in found
