"""One file, one verdict: every command that reports a submission's verdicts (`check`,
`compare`, `redact`, `export oscal results`) checks it with the registry's own trust, so a
review the registry records or an issuer signed counts in each, as in `aiss check`. Before,
only `check` counted them: the public summary of a conformant submission called it
incomplete, and OSCAL results and comparisons left its reviewed requirements undecided."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from aiss.cli.main import main

REPO = Path(__file__).resolve().parents[2]
STANDARDS = REPO / "standards"
# examples whose verdicts rest on reviews the registry records (approvals.yaml)
REVIEWED = [
    STANDARDS / "AISS-CYB-001" / "2.0.0" / "examples" / "conformant.yaml",
    STANDARDS / "AISS-SAF-001" / "2.0.0" / "examples" / "conformant.yaml",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(params=REVIEWED, ids=lambda p: p.parts[-4])
def example(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of a reviewed example beside its logs (the same bytes: the same digest)."""
    source: Path = request.param
    shutil.copytree(source.parent / "logs", tmp_path / "logs")
    shutil.copy(source, tmp_path / "a.yaml")
    shutil.copy(source, tmp_path / "b.yaml")
    return tmp_path / "a.yaml"


def checked(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[str, dict[str, str]]:
    code, out, err = run(capsys, "check", "--root", str(STANDARDS), "--format", "json", str(path))
    assert code == 0, err
    report = json.loads(out)["reports"][0]
    verdicts = {r["id"]: r["verdict"] for r in report["requirements"]}
    assert "needs_review" not in verdicts.values(), err  # the recorded reviews count
    return report["overall"], verdicts


def test_compare_gives_each_requirement_the_verdict_check_gives(
    capsys: pytest.CaptureFixture[str], example: Path
) -> None:
    _, verdicts = checked(capsys, example)
    code, out, err = run(
        capsys, "compare", "--root", str(STANDARDS), "--format", "json",
        str(example), str(example.with_name("b.yaml")),
    )  # fmt: skip
    assert code == 1, err  # the same file twice: one result, not two that agree
    (pair,) = json.loads(out)["pairs"]
    assert any("not independent results" in n for n in pair["notes"])
    assert {r["id"]: r["a"] for r in pair["requirements"]} == verdicts, err
    assert {r["id"]: r["b"] for r in pair["requirements"]} == verdicts


def test_oscal_results_give_each_requirement_the_verdict_check_gives(
    capsys: pytest.CaptureFixture[str], example: Path
) -> None:
    _, verdicts = checked(capsys, example)
    code, out, err = run(
        capsys, "export", "oscal", "results", "--root", str(STANDARDS), str(example)
    )
    assert code == 0, err
    (result,) = json.loads(out)["assessment-results"]["results"]
    found = {f["target"]["target-id"]: f["target"]["status"]["reason"] for f in result["findings"]}
    assert found == verdicts


def test_the_public_summary_states_the_verdicts_check_gives(
    capsys: pytest.CaptureFixture[str], example: Path, tmp_path: Path
) -> None:
    overall, verdicts = checked(capsys, example)
    summary = tmp_path / "public.yaml"
    code, out, err = run(
        capsys, "redact", "--root", str(STANDARDS), "--to", "TLP:CLEAR", "-o", str(summary),
        str(example),
    )  # fmt: skip
    assert code == 0, err
    assert f", {overall}, " in out
    text = " ".join(summary.read_text(encoding="utf-8").split())
    assert f"the source is {overall} " in text
    stated = dict(re.findall(r"(R-\d+) (?:MUST|SHOULD|MAY) (\w+)", text))
    assert stated == verdicts
