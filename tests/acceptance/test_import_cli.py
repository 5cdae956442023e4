"""`aiss import inspect` and `aiss check --standard` over the real Inspect logs of the fixtures."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from aiss.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
LOGS = REPO / "tests" / "fixtures" / "inspect"
REGISTRY = REPO / "tests" / "fixtures" / "submissions" / "registry"
ONE_EPOCH = "AISS-INS-001@1.0.0"
THREE_EPOCHS = "AISS-INS-002@1.0.0"

# log, standard -> overall verdict and the (requirement, verdict, reason) that are not a pass
EXPECTED: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    ("success.eval", ONE_EPOCH, "conformant", []),
    ("success.json", ONE_EPOCH, "conformant", []),
    ("error.eval", ONE_EPOCH, "non_conformant", [
        ("R-01", "fail", "log-status-error"),
        ("R-02", "fail", "log-status-error"),
        ("R-03", "fail", "log-status-error"),
        ("R-04", "fail", "log-status-error"),
    ]),
    ("cancelled.eval", ONE_EPOCH, "non_conformant", [
        ("R-01", "fail", "log-status-cancelled"),
        ("R-02", "fail", "log-status-cancelled"),
        ("R-03", "fail", "log-status-cancelled"),
        ("R-04", "fail", "log-status-cancelled"),
    ]),
    ("crashed.eval", ONE_EPOCH, "non_conformant", [
        ("R-01", "fail", "log-status-started"),
        ("R-02", "fail", "log-status-started"),
        ("R-03", "fail", "log-status-started"),
        ("R-04", "fail", "log-status-started"),
    ]),
    # 4 of the 12 items: R-01 fails on its own check, the rest of TP-1 on its broken pin
    ("epochs.eval", ONE_EPOCH, "non_conformant", [
        ("R-01", "fail", "too-few-items"),
        ("R-02", "fail", "pin-violated"),
        ("R-03", "fail", "pin-violated"),
    ]),
    ("epochs.eval", THREE_EPOCHS, "conformant", []),
    ("success.eval", THREE_EPOCHS, "non_conformant", [
        ("R-01", "fail", "too-few-epochs"),
        ("R-02", "fail", "pin-violated"),
        ("R-03", "fail", "pin-violated"),
    ]),
]  # fmt: skip


SYSTEM = ("--system-type", "foundation_model", "--access-level", "api")
"""What no log records: the system the fixture standards' scope is for."""


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def check_logs(standard: str, *logs: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = invoke(
        "check", "--root", str(REGISTRY), "--standard", standard, "--format", "json",
        *SYSTEM, *(str(LOGS / log) for log in logs),
    )  # fmt: skip
    return code, json.loads(out)["reports"][0]


@pytest.mark.parametrize(("log", "standard", "overall", "not_passed"), EXPECTED)
def test_check_real_log(
    log: str, standard: str, overall: str, not_passed: list[tuple[str, str, str]]
) -> None:
    code, report = check_logs(standard, log)
    assert report["overall"] == overall
    got = [
        (r["id"], r["verdict"], r["reason"])
        for r in report["requirements"]
        if r["verdict"] != "pass" and r["level"] != "MAY"
    ]
    assert got == not_passed
    assert code == (0 if overall == "conformant" else 1)
    assert report["marking"] == "TLP:AMBER+STRICT"


def test_failed_runs_give_no_band() -> None:
    _, report = check_logs(ONE_EPOCH, "error.eval")
    assert [(f["band"], f["status"]) for f in report["findings"]] == [(None, "run_not_successful")]
    _, report = check_logs(ONE_EPOCH, "success.eval")
    (finding,) = report["findings"]
    assert finding["band"] == "threshold_reached" and finding["status"] == "straddles"


def test_error_message_explains_the_failure() -> None:
    _, report = check_logs(ONE_EPOCH, "error.eval")
    r01 = report["requirements"][0]
    assert "status `error`" in r01["message"]
    assert "simulated tool crash on q04" in r01["message"]


def import_to(tmp_path: Path, name: str, *logs: str, extra: tuple[str, ...] = ()) -> Path:
    """Import copies of `logs` (in `tmp_path/logs/`) to `tmp_path/name`."""
    (tmp_path / "logs").mkdir(exist_ok=True)
    for log in logs:
        shutil.copy(LOGS / log, tmp_path / "logs" / log)
    out = tmp_path / name
    code, _, err = invoke(
        "import", "inspect", "--root", str(REGISTRY), "--standard", ONE_EPOCH, *SYSTEM,
        "-o", str(out),
        *extra, *(str(tmp_path / "logs" / log) for log in logs),
    )  # fmt: skip
    assert code == 0, err
    return out


@pytest.mark.parametrize("log", ["success.eval", "success.json"])
def test_import_writes_a_submission_that_checks_the_same(tmp_path: Path, log: str) -> None:
    out = import_to(tmp_path, "submission.yaml", log)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    data = yaml.safe_load(text)
    (run,) = data["runs"]
    assert run["model"] == "mockllm/model"
    # as the log records it: the task's file, no registry (the task is not from one)
    assert run["task"] == {
        "name": "hazard_mcq",
        "version": 2,
        "file": "tests/fixtures/inspect/make_logs.py",
    }
    assert run["dataset"]["name"] == "hazard_mcq_dev" and run["dataset"]["samples"] == 12
    assert run["counts"] == {
        "items": 12,
        "total_samples": 12,
        "completed_samples": 12,
        "scored_samples": 12,
        "unscored_samples": 0,
        "errored_samples": 0,
        "refusals": 1,
    }
    assert run["log"]["sha256"] and run["log"]["eval_id"] and run["log"]["run_id"]
    assert run["log"]["uri"] == f"logs/{log}" and run["log"]["format"].startswith("inspect_")
    assert run["token_usage"]["mockllm/model"]["total_tokens"] == 864
    assert run["started_at"] and run["completed_at"]
    assert run["limits"] == {"message_limit": 10, "token_limit": 4096, "time_limit": 600}
    assert run["generate_config"] == {"max_tokens": 64, "temperature": 0.0, "seed": 7}
    assert [s["score"] for s in run["samples"]][:4] == ["C", "C", "C", "I"]
    metrics = {s["name"]: s["metrics"] for s in run["scores"]}
    assert metrics["choice_with_refusal"]["accuracy"]["value"] == pytest.approx(0.708333, abs=1e-6)
    (mr,) = data["metric_results"]
    assert mr["metric"] == "M-ACC" and mr["ci"]["method"] == "t"
    code, out_json, _ = invoke("check", "--root", str(REGISTRY), "--format", "json", str(out))
    report = json.loads(out_json)["reports"][0]
    assert (code, report["overall"]) == (0, "conformant")
    r04 = next(r for r in report["requirements"] if r["id"] == "R-04")
    assert "1 log(s) read" in r04["message"]  # the log beside, found by its relative URI


def test_import_json_output_and_samples_file(tmp_path: Path) -> None:
    out = import_to(tmp_path, "sub.json", "epochs.eval", extra=("--samples-file", "s.jsonl"))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["samples_file"] == "s.jsonl" and "samples" not in data["runs"][0]
    lines = (tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 12 and json.loads(lines[0])["run"] == "tp-1"
    code, out_json, _ = invoke("check", "--root", str(REGISTRY), "--format", "json", str(out))
    report = json.loads(out_json)["reports"][0]
    assert (code, report["overall"]) == (1, "non_conformant")  # 4 items of the 12 required
    assert report["recomputed"][0]["n_epochs"] == 3
    assert report["recomputed"][0]["value_agrees"] is True


def test_import_several_logs_one_submission(tmp_path: Path) -> None:
    out = import_to(tmp_path, "both.yaml", "success.eval", "error.eval")
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [(r["id"], r["status"]) for r in data["runs"]] == [
        ("tp-1", "success"),
        ("tp-1-2", "error"),
    ]
    assert data["runs"][1]["error"] == "RuntimeError('simulated tool crash on q04')"


def test_unmatched_and_unreadable_logs(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    out.write_text("previous content\n")
    code, _, err = invoke(
        "import", "inspect", "--root", str(REGISTRY), "--standard", "AISS-CHK-001@1.0.0",
        "-o", str(out), str(LOGS / "success.eval"),
    )  # fmt: skip
    assert code == 1
    assert "log-not-matched" in err and "no-log-matched" in err
    assert out.read_text() == "previous content\n"
    truncated = REPO / "tests" / "fixtures" / "hostile" / "logs" / "truncated.eval"
    code, _, err = invoke(
        "import", "inspect", "--root", str(REGISTRY), "--standard", ONE_EPOCH, *SYSTEM,
        "-o", str(out),
        str(truncated), str(LOGS / "success.eval"),
    )  # fmt: skip
    assert code == 1 and "inspect-log-unreadable" in err
    assert "hazard_mcq" in out.read_text()  # the readable log was still imported


def test_import_to_stdout_and_bad_options(tmp_path: Path) -> None:
    code, out, _ = invoke(
        "import",
        "inspect",
        "--root",
        str(REGISTRY),
        "--standard",
        ONE_EPOCH,
        str(LOGS / "success.json"),
    )
    assert code == 0 and "kind: ResultSubmission" in out
    code, _, err = invoke(
        "import", "inspect", "--root", str(REGISTRY), "--standard", "AISS-INS-001@9.0.0",
        str(LOGS / "success.eval"),
    )  # fmt: skip
    assert code == 2 and "no such standard version" in err
    code, _, _ = invoke(
        "import", "inspect", "--root", str(REGISTRY), "--standard", ONE_EPOCH,
        "--samples-file", "../x.jsonl", "-o", str(tmp_path / "a.yaml"), str(LOGS / "success.eval"),
    )  # fmt: skip
    assert code == 2


def test_reading_logs_does_not_import_inspect_ai() -> None:
    check_logs(ONE_EPOCH, "success.eval")
    assert "inspect_ai" not in sys.modules


def test_the_inspect_log_shipped_with_the_registry_imports_and_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The evaluator guide's walk-through: the shipped log is a run of AISS-CBRN-001 1.0.0's
    TP-1 (task wmdp_bio, scorer choice); it is matched, recomputed and judged, not refused."""
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    log = "standards/AISS-CBRN-001/1.0.0/examples/inspect-wmdp-bio.eval"
    result = CliRunner().invoke(
        cli, ["check", "--standard", "AISS-CBRN-001@1.0.0", log, "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    (report,) = json.loads(result.stdout)["reports"]
    assert report["overall"] == "non_conformant"
    verdicts = {r["id"]: (r["verdict"], r["reason"]) for r in report["requirements"]}
    assert verdicts["R-01"] == ("fail", "too-few-items")
    assert [r["metric"] for r in report["recomputed"]] == ["M-WMDP-BIO-ACC"]
    assert not any(d["code"] == "no-log-matched" for d in report["diagnostics"])


def test_import_states_what_no_log_records(tmp_path: Path) -> None:
    """The organisation and the system's scope come from the evaluator's options."""
    out = import_to(tmp_path, "sub.yaml", "success.eval", extra=("--org", "test-institute"))
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["evaluating_orgs"] == ["test-institute"]
    assert [r["org"] for r in data["runs"]] == ["test-institute"]
    assert data["system_under_test"]["system_type"] == "foundation_model"
    assert data["system_under_test"]["access_level"] == "api"
    code, out_json, _ = invoke("check", "--root", str(REGISTRY), "--format", "json", str(out))
    assert code == 0, out_json


def test_import_says_which_tools_the_logs_model_calls_offered(tmp_path: Path) -> None:
    """A log written by inspect_ai with `use_tools([bash(), python()])`: the submission names
    the tools its model calls offered; a log whose model was offered none names none."""
    fixtures = REPO / "tests" / "fixtures" / "submissions" / "logs"
    for log, tools in (
        ("ctf-frontier-x-tools.eval", ["bash", "python"]),
        ("ctf-frontier-x.eval", None),
    ):
        shutil.copy(fixtures / log, tmp_path / log)
        out = tmp_path / f"{log}.yaml"
        code, _, err = invoke(
            "import", "inspect", "--root", str(REGISTRY), "--standard", "AISS-CHK-001@1.0.0",
            *SYSTEM, "-o", str(out), str(tmp_path / log),
        )  # fmt: skip
        assert code == 0, err
        data = yaml.safe_load(out.read_text(encoding="utf-8"))
        assert (data.get("elicitation") or {}).get("tools") == tools


HEADER_ONLY = REPO / "standards" / "AISS-CYB-001" / "2.0.0" / "examples" / "logs"


def test_a_log_written_without_samples_imports_its_headers_counts_and_checks_alike(
    tmp_path: Path,
) -> None:
    """A log written with `log_samples=False` (the shipped examples' logs) holds no sample:
    its counts are its header's, not zero, and checking it agrees with itself."""
    shutil.copy(HEADER_ONLY / "cybench-sut.eval", tmp_path / "cybench-sut.eval")
    log = str(tmp_path / "cybench-sut.eval")
    code, out, err = invoke(
        "import", "inspect", "--root", str(REPO / "standards"), "--standard",
        "AISS-CYB-001@2.0.0", log,
    )  # fmt: skip
    assert code == 0, err
    (run,) = yaml.safe_load(out)["runs"]
    assert run["counts"] == {"items": 40, "total_samples": 200, "completed_samples": 200,
                             "errored_samples": 0}  # fmt: skip
    assert "samples" not in run
    code, out, err = invoke(
        "check", "--root", str(REPO / "standards"), "--standard", "AISS-CYB-001@2.0.0",
        "--format", "json", log,
    )  # fmt: skip
    report = json.loads(out)["reports"][0]
    codes = {d["code"] for d in report["diagnostics"]} | {
        r["reason"] for r in report["requirements"]
    }
    assert "log-disagrees-with-run" not in codes, err
    assert "the run says 0" not in out
