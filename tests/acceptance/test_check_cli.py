"""`aiss check` end to end: every fixture's verdicts asserted exactly, every output format."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from aiss.catalog import schemas
from aiss.catalog.codes import CODES
from aiss.cli.main import cli
from aiss.models.verdicts import Overall, Verdict
from tests.goldens import check_golden

REPO = Path(__file__).resolve().parents[2]
SUBMISSIONS = REPO / "tests" / "fixtures" / "submissions"
REGISTRY = SUBMISSIONS / "registry"
GOLDEN = REPO / "tests" / "golden" / "check"
FIXTURES = sorted(SUBMISSIONS.glob("*.yaml")) + sorted(SUBMISSIONS.glob("*.json"))
HEADER_KEYS = ("overall", "marking", "verdict", "finding", "diagnostic")


def expectations(fixture: Path) -> dict[str, list[str]]:
    """The `# key: value` lines a fixture (or its `.expect` file, for JSON) declares."""
    source = fixture.with_name(fixture.name + ".expect") if fixture.suffix == ".json" else fixture
    out: dict[str, list[str]] = {k: [] for k in HEADER_KEYS}
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# "):
            continue
        key, _, value = line[2:].partition(": ")
        if key in out:
            out[key].append(value.strip())
    return out


def run_check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--root", str(REGISTRY), *args])
    return result.exit_code, result.stdout


def report_of(fixture: Path) -> tuple[int, dict[str, Any]]:
    code, out = run_check("--format", "json", str(fixture))
    return code, json.loads(out)["reports"][0]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_fixture_gets_exactly_its_declared_verdicts(fixture: Path) -> None:
    want = expectations(fixture)
    assert want["overall"], f"{fixture.name} declares no overall verdict"
    code, report = report_of(fixture)
    assert f"{report['overall']} {report['reason']}" == want["overall"][0]
    assert report["marking"] == want["marking"][0]
    got = [f"{v['id']} {v['verdict']} {v['reason']}" for v in report["requirements"]]
    assert got == want["verdict"]
    assert [f"{f['metric']} {f['band'] or '-'} {f['status']}" for f in report["findings"]] == want[
        "finding"
    ]
    diags = [f"{d['code']} {d['line']}:{d['column']}" for d in report["diagnostics"]]
    assert diags == want["diagnostic"]
    assert code == (0 if report["overall"] in ("conformant", "conformant_with_deviations") else 1)


def test_every_verdict_and_overall_status_has_a_fixture() -> None:
    verdicts = {line.split()[1] for f in FIXTURES for line in expectations(f)["verdict"]}
    overall = {expectations(f)["overall"][0].split()[0] for f in FIXTURES}
    assert verdicts == {v.value for v in Verdict}
    assert overall == {o.value for o in Overall}


def test_every_reason_and_diagnostic_is_a_documented_code() -> None:
    for fixture in FIXTURES:
        want = expectations(fixture)
        codes = {line.split()[2] for line in want["verdict"]}
        codes |= {want["overall"][0].split()[1]}
        codes |= {line.split()[0] for line in want["diagnostic"]}
        assert codes <= set(CODES), fixture.name


def test_evidence_locations_point_into_the_file() -> None:
    _, report = report_of(SUBMISSIONS / "non-conformant.yaml")
    where = {v["id"]: v["evidence"] for v in report["requirements"]}
    lines = (SUBMISSIONS / "non-conformant.yaml").read_text().splitlines()
    r01 = where["R-01"]
    assert r01["json_path"] == "$.runs[0].counts"
    assert lines[r01["line"] - 1][r01["column"] - 1 :].startswith("{items: 18")
    r02 = where["R-02"]
    assert r02["json_path"] == "$.metric_results[2]"
    assert "M-ASR" in lines[r02["line"] - 1]


def test_json_evidence_locations() -> None:
    _, report = report_of(SUBMISSIONS / "tlp-white.json")
    text = (SUBMISSIONS / "tlp-white.json").read_text().splitlines()
    r01 = next(v for v in report["requirements"] if v["id"] == "R-01")["evidence"]
    assert text[r01["line"] - 1][r01["column"] - 1 :].startswith("{")
    assert text[r01["line"] - 2].strip().startswith('"epochs"')


def test_several_files_one_report_each_and_the_strictest_marking() -> None:
    code, out = run_check(
        "--format", "json", str(SUBMISSIONS / "conformant.yaml"), str(SUBMISSIONS / "tlp-red.yaml")
    )
    doc = json.loads(out)
    assert code == 1
    assert [r["overall"] for r in doc["reports"]] == ["conformant", "invalid"]
    assert doc["marking"] == "TLP:RED"
    assert doc["summary"]["conformant"] == 1 and doc["summary"]["invalid"] == 1


def test_conformant_files_exit_zero() -> None:
    files = ["conformant.yaml", "conformant-with-deviations.yaml", "tlp-white.json"]
    code, _ = run_check(*(str(SUBMISSIONS / f) for f in files))
    assert code == 0


def test_red_submission_report_says_nothing_else() -> None:
    _, report = report_of(SUBMISSIONS / "tlp-red.yaml")
    assert [d["code"] for d in report["diagnostics"]] == ["tlp-red-refused"]
    assert "named recipients" in report["diagnostics"][0]["message"]
    assert report["requirements"] == [] and report["findings"] == []


def test_json_output_matches_its_schema() -> None:
    _, out = run_check("--format", "json", *map(str, FIXTURES))
    jsonschema.validate(json.loads(out), schemas.generate("check-report.schema.json"))


def test_junit_has_one_testcase_per_requirement() -> None:
    code, out = run_check("--format", "junit", str(SUBMISSIONS / "non-conformant.yaml"))
    root = ET.fromstring(out)
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    # 15 requirements, and one case for the submission's own errors (the broken pin)
    assert len(cases) == 16
    failed = [c.get("name", "")[:4] for c in cases if c.find("failure") is not None]
    assert failed == ["R-01", "R-02", "R-03", "R-09"]
    assert [c.get("name") for c in cases if c.find("error") is not None] == ["intake"]
    assert root.get("failures") == "4" and code == 1
    invalid = ET.fromstring(run_check("--format", "junit", str(SUBMISSIONS / "invalid.yaml"))[1])
    assert invalid.get("errors") == "1"


def test_sarif_is_2_1_0_shaped() -> None:
    _, out = run_check("--format", "sarif", str(SUBMISSIONS / "bad-claims.yaml"))
    doc = json.loads(out)
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == sorted(set(rules))
    for result in run["results"]:
        assert result["level"] in ("error", "warning", "note", "none")
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["message"]["text"]
        region = result["locations"][0]["physicalLocation"].get("region")
        assert region is None or region["startLine"] >= 1
    assert {"waiver-not-verified", "review-unverified", "not-applicable-unjustified"} <= set(rules)


def test_exit_code_two_when_the_tool_cannot_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_check(str(tmp_path / "missing.yaml"))[0] == 2
    log = REPO / "tests" / "fixtures" / "inspect" / "success.eval"
    assert run_check(str(log))[0] == 2  # a log needs --standard
    assert run_check("--standard", "AISS-NOPE-001@1.0.0", str(log))[0] == 2
    lone = tmp_path / "lone.yaml"
    shutil.copy(SUBMISSIONS / "conformant.yaml", lone)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "lone.yaml"])
    assert result.exit_code == 2
    assert "no registry" in result.stderr


def test_github_annotations_print_at_most_green_unless_told() -> None:
    conformant = str(SUBMISSIONS / "conformant.yaml")  # marked TLP:AMBER+STRICT
    result = CliRunner().invoke(
        cli, ["check", "--root", str(REGISTRY), "--format", "github", conformant]
    )
    assert result.exit_code == 2 and result.stdout == ""
    assert "TLP:AMBER+STRICT" in result.stderr and "TLP:GREEN" in result.stderr
    allowed = run_check("--format", "github", "--max-marking", "TLP:AMBER+STRICT", conformant)
    assert allowed[0] == 0 and "::notice" in allowed[1]


def test_max_marking_refuses_a_more_restrictive_report() -> None:
    conformant = str(SUBMISSIONS / "conformant.yaml")
    result = CliRunner().invoke(
        cli, ["check", "--root", str(REGISTRY), "--max-marking", "TLP:AMBER", conformant]
    )
    assert result.exit_code == 2 and result.stdout == ""
    assert "more restrictive than TLP:AMBER" in result.stderr
    assert run_check("--max-marking", "TLP:AMBER+STRICT", conformant)[0] == 0


def test_standard_given_and_claimed_must_agree() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "check",
            "--root",
            str(REGISTRY),
            "--standard",
            "AISS-CHK-002@1.0.0",
            str(SUBMISSIONS / "conformant.yaml"),
        ],
    )
    assert result.exit_code == 2 and result.stdout == ""
    assert "AISS-CHK-001@1.0.0" in result.stderr and "AISS-CHK-002@1.0.0" in result.stderr


FORMATS = ("text", "json", "junit", "sarif", "github", "markdown")
GOLDEN_INPUTS = ("incomplete.yaml", "bad-claims.yaml", "invalid.yaml")


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_output(fmt: str, update_goldens: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    files = [str((SUBMISSIONS / f).relative_to(REPO)) for f in GOLDEN_INPUTS]
    args = ["check", "--root", str(REGISTRY.relative_to(REPO)), "--format", fmt, *files]
    if fmt == "github":  # annotations print at most TLP:GREEN unless told otherwise
        args[1:1] = ["--max-marking", "TLP:AMBER+STRICT"]
    out = CliRunner().invoke(cli, args).stdout
    check_golden(update_goldens, f"check/check.{fmt}", out)


def test_junit_and_sarif_are_valid_against_the_official_schemas() -> None:
    """JUnit against Jenkins' junit-10.xsd, SARIF against the OASIS 2.1.0 schema, with rule
    names distinct from their ids (SARIF1001) and in PascalCase (SARIF2012)."""
    import jsonschema_rs
    import xmlschema

    schemas = REPO / "tests" / "fixtures" / "schemas"
    files = [str(p) for p in FIXTURES]
    _, junit = run_check("--format", "junit", *files)
    xsd = xmlschema.XMLSchema(str(schemas / "junit-10.xsd"))
    assert [str(e.reason) for e in xsd.iter_errors(junit)] == []
    _, sarif = run_check("--format", "sarif", *files)
    doc = json.loads(sarif)
    validator = jsonschema_rs.validator_for(
        json.loads((schemas / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    )
    assert [e.message for e in validator.iter_errors(doc)] == []
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    names = [r["name"] for r in rules]
    assert len(set(names)) == len(names) == len(rules) > 3
    for rule in rules:
        assert rule["name"] != rule["id"] and rule["name"][0].isupper() and "-" not in rule["name"]


def test_a_should_or_may_not_met_is_never_a_junit_failure() -> None:
    _, out = run_check("--format", "junit", *map(str, FIXTURES))
    assert "SHOULD: " in out and "<failure" in out
    for case in ET.fromstring(out).iter("testcase"):
        level = ([*case.get("name", "").split(" "), ""])[1].rstrip(":")
        if case.find("failure") is not None:
            assert level in ("MUST", "MUST_NOT"), case.get("name")


HOSTILE_URI = "logs/x\\u001b]0;OWNED\\u0007\\u001b[2J\\n::error file=a::INJECTED ![p](https://evil.example/p.png).eval"
"""A log address with a terminal title, a screen clear, a line break into a workflow command
and a Markdown image (a YAML double-quoted string: the escapes are YAML's)."""


@pytest.mark.parametrize("fmt", ["text", "github", "junit", "markdown"])
def test_quoted_values_cannot_inject_escapes_commands_or_markup(fmt: str, tmp_path: Path) -> None:
    source = (SUBMISSIONS / "conformant.yaml").read_text(encoding="utf-8")
    hostile = source.replace("uri: logs/ctf-frontier-x.eval", f'uri: "{HOSTILE_URI}"', 1)
    assert hostile != source
    path = tmp_path / "conformant.yaml"
    path.write_text(hostile, encoding="utf-8")
    shutil.copytree(SUBMISSIONS / "logs", tmp_path / "logs")
    shutil.copytree(SUBMISSIONS / "evidence", tmp_path / "evidence")
    _, out = run_check("--format", fmt, "--max-marking", "TLP:AMBER+STRICT", str(path))
    assert "INJECTED" in out  # the value is reported, as text
    assert "\x1b" not in out and "\x07" not in out
    for line in out.splitlines():
        assert not line.startswith("::error file=a"), line
    if fmt == "junit":
        ET.fromstring(out.encode("utf-8"))
    if fmt == "markdown":
        assert "![p]" not in out and "&#33;&#91;p&#93;" in out


def test_an_invalid_file_is_marked_by_its_most_restrictive_part(tmp_path: Path) -> None:
    """A file marked CLEAR whose claim is AMBER+STRICT and invalid: its report quotes the
    claim, so it is marked AMBER+STRICT, and CI formats neither print nor quote it."""
    source = (SUBMISSIONS / "conformant.yaml").read_text(encoding="utf-8")
    secret = "SECRET-exploit-chain"
    hostile = source.replace(
        'marking: {tlp: "TLP:AMBER", embargo_until: 2026-06-01,', 'marking: {tlp: "TLP:CLEAR",', 1
    ).replace(
        "  - requirement: R-08\n    status: met\n",
        f'  - requirement: R-08\n    marking: "TLP:AMBER+STRICT"\n    status: "{secret}"\n',
        1,
    )
    assert hostile.count(secret) == 1 and 'tlp: "TLP:CLEAR"' in hostile
    path = tmp_path / "clear-with-strict-claim.yaml"
    path.write_text(hostile, encoding="utf-8")
    shutil.copytree(SUBMISSIONS / "logs", tmp_path / "logs")
    shutil.copytree(SUBMISSIONS / "evidence", tmp_path / "evidence")
    code, report = report_of(path)
    assert report["overall"] == "invalid" and report["marking"] == "TLP:AMBER+STRICT"
    code, out = run_check("--format", "github", str(path))
    assert code == 2 and secret not in out
    result = CliRunner().invoke(
        cli, ["validate", "--root", str(REGISTRY), "--format", "github", str(path)]
    )
    assert "invalid-value" in result.stdout and secret not in result.stdout


def test_settings_a_real_log_records_otherwise_are_contradicted(tmp_path: Path) -> None:
    """The shipped ARA-001@1.0.0 conformant example, its logs written by inspect_ai: once its
    MLE-bench run claims a docker sandbox and a larger token limit than its log records, the
    log contradicts it (the example itself states what the logs record)."""
    folder = tmp_path / "examples"
    shutil.copytree(REPO / "standards" / "AISS-ARA-001" / "1.0.0" / "examples", folder)
    example = folder / "conformant.yaml"
    text = example.read_text(encoding="utf-8")
    assert text.count("sandbox: {type: local, internet_egress: deny}") == 1
    assert text.count("token_limit: 2000000") == 5
    example.write_text(
        text.replace(
            "{type: local, internet_egress: deny}", "{type: docker, internet_egress: deny}"
        ).replace("token_limit: 2000000", "token_limit: 4000000", 1),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", str(example), "--root", str(REPO / "standards")])
    code, out = result.exit_code, result.stdout
    assert code == 1, out
    assert "run tp-1-sut: the log's token_limit is 2,000,000, the run says 4,000,000" in out
    assert "run tp-4-sut: the log used sandbox 'local', the run says 'docker'" in out
    assert "non_conformant" in out


def _without_stated_settings(tmp_path: Path, reference_log: str) -> Path:
    """The conformant fixture with neither TP-1 run stating its generation settings, the
    reference run citing `reference_log` (a log inspect_ai wrote), with that log's digest."""
    text = (SUBMISSIONS / "conformant.yaml").read_text(encoding="utf-8")
    stated = "    generate_config: {temperature: 1.0, max_tokens: 16000}\n"
    assert text.count(stated) == 2
    text = text.replace(stated, "")
    digest = hashlib.sha256((SUBMISSIONS / "logs" / reference_log).read_bytes()).hexdigest()
    cited = re.compile(r"uri: logs/ctf-frontier-w\.eval, sha256: [0-9a-f]{64}")
    text, n = cited.subn(f"uri: logs/{reference_log}, sha256: {digest}", text)
    assert n == 1
    path = tmp_path / "unstated-settings.yaml"
    path.write_text(text, encoding="utf-8")
    shutil.copytree(SUBMISSIONS / "logs", tmp_path / "logs")
    shutil.copytree(SUBMISSIONS / "evidence", tmp_path / "evidence")
    return path


def test_settings_the_runs_leave_out_are_compared_from_their_logs(tmp_path: Path) -> None:
    """Neither TP-1 run states its generation settings; the reference model's log, written by
    inspect_ai, records temperature 0.7 where the system under test's records 1.0. The runs
    are not run under the same settings, whatever the file declares: the reference model
    does not count (R-09) and its `same_settings: true` is contradicted."""
    code, report = report_of(_without_stated_settings(tmp_path, "ctf-frontier-w-t07.eval"))
    r09 = next(r for r in report["requirements"] if r["id"] == "R-09")
    assert (r09["verdict"], r09["reason"]) == ("fail", "too-few-reference-models")
    assert "generate_config {'max_tokens': 16000, 'temperature': 0.7}" in r09["message"]
    assert "{'max_tokens': 16000, 'temperature': 1.0}" in r09["message"]
    codes = [d["code"] for d in report["diagnostics"]]
    assert "same-settings-contradicted" in codes
    assert code == 1 and report["overall"] == "non_conformant"


def test_logs_recording_the_same_settings_let_the_reference_count(tmp_path: Path) -> None:
    """The same file with the reference model's own log at temperature 1.0: its settings,
    read from both logs, are the system under test's."""
    _, report = report_of(_without_stated_settings(tmp_path, "ctf-frontier-w.eval"))
    r09 = next(r for r in report["requirements"] if r["id"] == "R-09")
    assert (r09["verdict"], r09["reason"]) == ("pass", "reference-models-met")
    assert "same-settings-contradicted" not in [d["code"] for d in report["diagnostics"]]
