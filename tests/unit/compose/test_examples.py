"""Test vectors of the shipped standards, and the `aiss validate` check that keeps them honest."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from aiss.compose.examples import list_examples
from aiss.compose.validate import Validation, validate
from tests.support.in_time import in_time

REPO = Path(__file__).resolve().parents[3]
STANDARDS = REPO / "standards"
VERSIONS = sorted(p.parent for p in STANDARDS.glob("*/*/standard.yaml"))


@pytest.mark.parametrize("version", VERSIONS, ids=[f"{v.parent.name}@{v.name}" for v in VERSIONS])
def test_every_version_has_a_conformant_and_a_non_conformant_example(version: Path) -> None:
    examples = list_examples(version)
    verdicts = {e.expected_verdict for e in examples}
    assert "non_conformant" in verdicts
    text = (version / "standard.yaml").read_text(encoding="utf-8")
    published = "\nstatus: published" in text or "\nstatus: deprecated" in text
    # a draft cannot be conformed to, so its "complete" example is non_conformant too
    assert ("conformant" in verdicts) == published
    assert all(e.marking == "TLP:CLEAR" and e.description for e in examples)


def test_the_shipped_examples_get_their_verdicts() -> None:
    result = validate([STANDARDS])
    assert [d for d in result.diagnostics if d.code.startswith("example-")] == []


def copy_registry(tmp_path: Path) -> Path:
    root = tmp_path / "standards"
    shutil.copytree(STANDARDS, root)
    return root


def test_a_changed_verdict_is_reported(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    example = root / "AISS-SAF-001" / "1.0.0" / "examples" / "conformant.yaml"
    example.write_text(example.read_text().replace("successes: 0", "successes: 25"))
    result = validate([root])
    (diag,) = [d for d in result.diagnostics if d.code == "example-verdict-mismatch"]
    assert "declares conformant but gets non_conformant" in diag.message
    assert "R-02 fail (threshold-not-met)" in diag.message
    line = example.read_text().splitlines()[diag.line - 1]
    assert "expected_verdict" in line
    alone = validate([example])  # the standard is read from disk when not given
    assert [d.code for d in alone.diagnostics] == ["example-verdict-mismatch"]


def test_undeclared_and_misplaced_examples(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    folder = root / "AISS-CYB-001" / "1.0.0" / "examples"
    text = (folder / "conformant.yaml").read_text()
    head, _, _ = text.partition("example:\n")
    (folder / "undeclared.yaml").write_text(head)
    other = root / "AISS-CYB-001" / "1.1.0" / "examples" / "misplaced.yaml"
    other.write_text(text)
    codes = sorted(d.code for d in validate([root]).diagnostics)
    assert codes == ["example-undeclared", "example-wrong-standard"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="fifos are POSIX's")
def test_a_fifo_among_the_examples_is_withheld_from_the_site_and_never_waited_on(
    tmp_path: Path,
) -> None:
    root = copy_registry(tmp_path)
    version = root / "AISS-ARA-001" / "1.0.0"
    os.mkfifo(version / "examples" / "pipe.yaml")  # no writer: a blocking open waits for ever
    os.mkfifo(version / "examples" / "logs" / "pipe")
    done, got = in_time(lambda: list_examples(version))
    assert done, "listing the examples waited on a fifo"
    assert isinstance(got, list)
    by_name = {e.name: e for e in got}
    assert by_name["pipe"].withheld is not None
    assert "not a regular file" in by_name["pipe"].withheld
    assert by_name["conformant"].withheld is None  # the others are as they were
    done, result = in_time(lambda: validate([root]))
    assert done, "validate waited on a fifo"
    # reported, not read: the registry's files are checked as they were
    assert isinstance(result, Validation)
    assert [(d.code, Path(d.path).name) for d in result.diagnostics] == [
        ("not-a-file", "pipe.yaml")  # the log is no name the layout reads: what cites it says
    ]
    assert "is not a regular file (a fifo, socket or device)" in result.diagnostics[0].message
