"""`aiss validate` end to end: the shipped registry, every negative fixture, every output format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from aiss.catalog import schemas
from aiss.catalog.codes import CODES
from aiss.cli.main import cli
from aiss.cli.reporting import formats
from tests.acceptance.hostile import load_cases
from tests.acceptance.negative import BASE_REGISTRY, FIXTURES, read_header, run_fixture
from tests.goldens import check_golden

REPO = Path(__file__).resolve().parents[2]
WARNINGS = {"tlp-white", "missing-schema-modeline", "requirement-text-unchecked"}
NEGATIVE = sorted((FIXTURES / "negative").glob("*.yaml"))


def test_shipped_registry_is_clean() -> None:
    result = CliRunner().invoke(cli, ["validate", str(REPO / "standards")])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_the_test_registry_is_clean() -> None:
    result = CliRunner().invoke(cli, ["validate", str(BASE_REGISTRY)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("fixture", NEGATIVE, ids=[f.stem for f in NEGATIVE])
def test_negative_fixture(fixture: Path, tmp_path: Path) -> None:
    exit_code, found, header = run_fixture(fixture, tmp_path)
    assert header.expect, f"{fixture.name} declares no `# expect:` line"
    assert found == set(header.expect)
    errors = {c for c, _, _ in found if c not in WARNINGS}
    assert exit_code == (1 if errors else 0)


def test_every_file_and_registry_code_has_a_negative_fixture() -> None:
    covered = {code for f in NEGATIVE for code, _, _ in read_header(f).expect}
    # tested by the unit and acceptance tests named after them, and by the hostile corpus
    covered |= {"unreadable-file", "string-too-long", "schema-mismatch", "more-problems"}
    # a symbolic link, a fifo: tests/acceptance/test_registry_layout.py (no file to commit);
    # a link to a file inside the registry: also tests/acceptance/test_frozen_bypasses.py
    covered |= {"link-outside-registry", "not-a-file", "linked-file"}
    covered |= {c.code for c in load_cases() if c.code}
    wanted = {c.code for c in CODES.values() if c.group in {"file", "yaml", "schema", "registry"}}
    assert wanted - covered == set()


def test_link_outside_the_registry_is_not_read(tmp_path: Path) -> None:
    root = tmp_path / "standards"
    import shutil

    shutil.copytree(BASE_REGISTRY, root)
    secret = tmp_path / "secret.yaml"
    secret.write_text("kind: Standard\n")
    (root / "AISS-TST-001" / "2.0.0").mkdir()
    (root / "AISS-TST-001" / "2.0.0" / "standard.yaml").symlink_to(secret)
    result = CliRunner().invoke(cli, ["validate", str(root), "--format", "json"])
    codes = [d["code"] for d in json.loads(result.stdout)["diagnostics"]]
    assert codes == ["unreadable-file"]
    assert result.exit_code == 1


def test_json_output_matches_its_schema(tmp_path: Path) -> None:
    _, _, _ = run_fixture(FIXTURES / "negative" / "unknown-field.yaml", tmp_path)
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "standards"), "--format", "json"])
    report = json.loads(result.stdout)
    jsonschema.validate(report, schemas.generate("validate-report.schema.json"))
    (diag,) = report["diagnostics"]
    assert diag["hint"] == "did you mean `title`?"
    assert diag["json_path"] == "$.requirements[0].titel"


def test_text_and_github_formats(tmp_path: Path) -> None:
    run_fixture(FIXTURES / "negative" / "version-not-string.yaml", tmp_path)
    root = tmp_path / "standards"
    os.chdir(tmp_path)
    text = CliRunner().invoke(cli, ["validate", "standards"]).stdout
    assert text.splitlines()[:2] == [
        "standards/AISS-TST-001/1.0.0/standard.yaml:7:10: error[version-not-string] "
        "`version: 1.10` is read as the number 1.1, not a version",
        '  hint: quote it as a full version, e.g. `version: "1.10.0"`',
    ]
    gh = CliRunner().invoke(cli, ["validate", str(root), "--format", "github"]).stdout
    assert gh.startswith("::error file=")
    assert ",line=7,col=10,title=version-not-string::" in gh


def test_tool_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    missing = subprocess.run(
        [sys.executable, "-m", "aiss", "validate", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert missing.returncode == 2
    assert "no such file or folder" in missing.stderr
    assert "Traceback" not in missing.stderr + missing.stdout
    bad_option = subprocess.run(
        [sys.executable, "-m", "aiss", "validate", "--format", "xml"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad_option.returncode == 2
    assert "Traceback" not in bad_option.stderr


def test_garbage_files_give_diagnostics_not_tracebacks(tmp_path: Path) -> None:
    samples = [b"\x00\x01\x02", b"{{{{", b"- [", b"kind: [", b": :", b"\xff" * 10, b"42", b"null"]
    for i, raw in enumerate(samples):
        (tmp_path / f"f{i}.yaml").write_bytes(raw)
    result = CliRunner().invoke(cli, ["validate", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["files"] == len(samples)
    assert {d["path"].rsplit("/", 1)[-1] for d in report["diagnostics"]} == {
        f"f{i}.yaml" for i in range(len(samples))
    }


def test_very_many_problems_are_capped(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "standards"
    shutil.copytree(BASE_REGISTRY, root)
    target = root / "AISS-TST-001" / "1.0.0" / "standard.yaml"
    extra = "".join(f"stray{i}: {i}\n" for i in range(150))
    target.write_text(target.read_text() + extra)
    result = CliRunner().invoke(cli, ["validate", str(root), "--format", "json"])
    codes = [d["code"] for d in json.loads(result.stdout)["diagnostics"]]
    assert codes.count("unknown-field") == 100
    assert codes.count("more-problems") == 1


GOLDEN_REGISTRY = "tests/fixtures/validate-golden"
"""A small registry with an error in the model, an error from a rule, a warning, clean files."""


@pytest.mark.parametrize("fmt", formats("validate"))
def test_golden_output(fmt: str, update_goldens: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["validate", GOLDEN_REGISTRY, "--format", fmt])
    assert result.exit_code == 1, result.output
    check_golden(update_goldens, f"validate/validate.{fmt}", result.stdout)


def test_sarif_and_junit_outputs_are_valid_against_their_schemas(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import jsonschema_rs
    import xmlschema

    monkeypatch.chdir(REPO)
    schemas = REPO / "tests" / "fixtures" / "schemas"
    sarif = CliRunner().invoke(cli, ["validate", GOLDEN_REGISTRY, "--format", "sarif"]).stdout
    validator = jsonschema_rs.validator_for(
        json.loads((schemas / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    )
    assert [e.message for e in validator.iter_errors(json.loads(sarif))] == []
    junit = CliRunner().invoke(cli, ["validate", GOLDEN_REGISTRY, "--format", "junit"]).stdout
    xsd = xmlschema.XMLSchema(str(schemas / "junit-10.xsd"))
    assert list(xsd.iter_errors(junit)) == []
