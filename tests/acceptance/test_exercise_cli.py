"""`aiss validate` over joint exercise records: the fixture exercise is clean, and each negative
record (`tests/fixtures/negative-exercise/`) gives exactly the diagnostics it declares."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from aiss.catalog.codes import CODES
from aiss.cli.main import cli
from tests.acceptance.negative import read_header
from tests.support.joint import EX_ID, Joint, build_joint, sha256

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "negative-exercise"
NEGATIVE = sorted(FIXTURES.glob("*.yaml"))
WARNINGS = {"missing-schema-modeline", "exercise-work-mismatch"}


@pytest.fixture(scope="module")
def joint(tmp_path_factory: pytest.TempPathFactory) -> Joint:
    return build_joint(tmp_path_factory.mktemp("joint"))


def _validate(root: Path) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(cli, ["validate", str(root), "--format", "json"])
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def test_the_joint_exercise_validates_clean(joint: Joint) -> None:
    code, diagnostics = _validate(joint.root)
    assert (code, diagnostics) == (0, [])


def run_negative(fixture: Path, joint: Joint, tmp: Path) -> tuple[int, set[tuple[str, int, int]]]:
    root = tmp / "standards"
    shutil.copytree(joint.root, root)
    folder = root / "exercises" / EX_ID
    text = fixture.read_text(encoding="utf-8")
    text = text.replace("@UK@", sha256(folder / "uk-aisi" / "uk.yaml"))
    text = text.replace("@US@", sha256(folder / "us-caisi" / "us.yaml"))
    (folder / "exercise.yaml").write_text(text, encoding="utf-8")
    code, diagnostics = _validate(root)
    return code, {(str(d["code"]), int(str(d["line"])), int(str(d["column"]))) for d in diagnostics}


@pytest.mark.parametrize("fixture", NEGATIVE, ids=[f.stem for f in NEGATIVE])
def test_negative_exercise(fixture: Path, joint: Joint, tmp_path: Path) -> None:
    header = read_header(fixture)
    code, found = run_negative(fixture, joint, tmp_path)
    assert header.expect, f"{fixture.name} declares no `# expect:` line"
    assert found == set(header.expect)
    assert code == (1 if {c for c, _, _ in found} - WARNINGS else 0)


def test_every_exercise_code_is_covered() -> None:
    covered = {code for f in NEGATIVE for code, _, _ in read_header(f).expect}
    # exercise-submission-invalid and -out-of-scope need a broken or foreign submission, and
    # exercise-run-shared two submissions citing one log: tests/unit/compose/test_exercises.py
    # makes them
    covered |= {
        "exercise-submission-invalid",
        "exercise-submission-out-of-scope",
        "exercise-run-shared",
    }
    wanted = {c.code for c in CODES.values() if c.group == "exercise"}
    assert wanted - covered == set()
