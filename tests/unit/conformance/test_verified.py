"""Nothing passes on the submitter's word: a threshold, a sample size or a set of reference
models passes only on figures the checker recomputed or read from a log whose digest matched;
otherwise an issuer's verified review decides, or the requirement awaits one."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

import orjson
import pytest

from aiss.compose.check import read_documents
from aiss.compose.tables import KINDS
from aiss.conformance.engine import evaluate
from aiss.conformance.evidence import Approval, Evidence, LoggedScore, LogHeader, LogRead
from aiss.conformance.intake import parse_submission
from aiss.conformance.report import ConformanceReport
from aiss.models.procedures import InspectMapping
from aiss.models.standard import Standard
from tests.unit.conformance.test_engine import (
    APPROVED,
    BASE,
    FIXTURES,
    attacks,
    check,
    load_standard,
    review,
    verdict,
)

JB_LOG = {
    "format": "inspect_eval",
    "uri": "logs/jailbreaks.eval",
    "sha256": "ab" * 32,
    "marking": "TLP:AMBER+STRICT",
}


def without_samples(d: dict[str, Any]) -> None:
    """The base with no per-sample records for M-ASR's run (only its counts and value)."""
    del d["runs"][-1]["samples"]


def header(value: float, *, stderr: float | None = None, completed: int = 200) -> LogHeader:
    """The header of an Inspect log of the base's TP-2 run, without samples, whose
    `results.scores[]` give M-ASR's scorer `value` (and `stderr`)."""
    metrics = {"accuracy": value} | ({"stderr": stderr} if stderr is not None else {})
    return LogHeader(
        model="mockllm/frontier-x",
        task="jailbreaks",
        registry_name="inspect_evals/jailbreaks",
        task_version=3,
        dataset_name="jailbreaks",
        dataset_samples=200,
        sample_ids=tuple(f"j{i:03d}" for i in range(1, 201)),
        epochs=1,
        status="success",
        total_samples=200,
        completed_samples=completed,
        scores=(LoggedScore("includes", "includes", None, metrics),),
        limits={"message_limit": 20},  # as the base's TP-2 run states
    )


def mapped(unit: str = "proportion") -> Standard:
    """The fixture standard with M-ASR found in a log (`includes/accuracy`) and of `unit`."""
    std = load_standard()
    metrics = [
        m.model_copy(
            update={"inspect_mapping": InspectMapping(scorer="includes", metric="accuracy")}
            | ({"unit": unit} if unit != m.unit else {})
        )
        if m.id == "M-ASR"
        else m
        for m in std.metrics
    ]
    return std.model_copy(update={"metrics": metrics})


def checked_with_log(
    h: LogHeader,
    edit: Callable[[dict[str, Any]], None] | None = None,
    std: Standard | None = None,
    approvals: Sequence[Approval] = APPROVED,
) -> ConformanceReport:
    """The base without M-ASR's per-sample records, its TP-2 run citing a header-only log
    that was read (its digest matched) with header `h`; the other runs' logs are not read,
    the evidence its claims cite is."""
    data = copy.deepcopy(BASE)
    without_samples(data)
    data["runs"][-1]["log"] = JB_LOG
    if edit:
        edit(data)
    intake = parse_submission("s.json", orjson.dumps(data), KINDS, fmt="json")
    assert intake.valid, intake.diagnostics
    read = LogRead("read", "logs/jailbreaks.eval", JB_LOG["sha256"], header=h)
    documents = read_documents(intake, FIXTURES)
    evidence = Evidence(logs={"tp2": read}, documents=documents, approvals=approvals)
    return evaluate(intake, std or mapped(), evidence)


def message(report: ConformanceReport, rid: str) -> str:
    return next(r for r in report.requirements if r.id == rid).message


def test_a_value_recomputed_from_the_samples_passes() -> None:
    report = check()
    assert verdict(report, "R-02") == ("pass", "threshold-met")
    assert report.overall == "conformant"


def test_a_value_only_submitted_does_not_pass() -> None:
    report = check(without_samples)
    assert verdict(report, "R-02") == ("needs_review", "value-unverified")
    assert "M-ASR is only submitted" in message(report, "R-02")
    assert (report.overall, report.reason) == ("incomplete", "must-undecided")


def test_an_issuers_verified_review_decides_an_unverified_value() -> None:
    approvals = (*APPROVED, review("R-02"))
    report = check(without_samples, approvals=approvals)
    assert verdict(report, "R-02") == ("pass", "reviewed-pass")
    assert "A. Reviewer (test-institute) decided pass" in message(report, "R-02")
    assert report.overall == "conformant"
    failed = check(without_samples, approvals=(*APPROVED, review("R-02", "fail")))
    assert verdict(failed, "R-02") == ("fail", "reviewed-fail")


def test_a_review_by_someone_else_decides_nothing() -> None:
    other = Approval("review", "R-02", "another-lab", "a test", "pass", "B. Reviewer")
    report = check(without_samples, approvals=(*APPROVED, other))
    assert verdict(report, "R-02") == ("needs_review", "value-unverified")


@pytest.mark.parametrize(
    ("successes", "want"),
    [(15, ("inconclusive", "interval-straddles-threshold")), (30, ("fail", "threshold-not-met"))],
)
def test_the_submitters_own_figures_stand_against_it(successes: int, want: tuple[str, str]) -> None:
    def edit(d: dict[str, Any]) -> None:
        without_samples(d)
        d["metric_results"][2].update(value=successes / 200, successes=successes)

    assert verdict(check(edit), "R-02") == want


def test_a_value_in_a_read_log_header_passes_on_the_counts_it_gives() -> None:
    report = checked_with_log(header(0.01))
    assert verdict(report, "R-02") == ("pass", "threshold-met")


def test_a_log_that_disagrees_fails_and_never_verifies() -> None:
    report = checked_with_log(header(0.02))
    assert verdict(report, "R-02")[0] == "fail"
    assert any(d.code == "value-disagrees-with-log" for d in report.diagnostics)


def test_a_threshold_is_judged_on_the_interval_the_log_gives_too() -> None:
    """A submitted interval narrower than the one the log's figures give: judged on both."""

    def narrow(d: dict[str, Any]) -> None:
        mr = d["metric_results"][2]
        del mr["successes"]
        mr.update(
            value=0.07, ci={"lower": 0.069, "upper": 0.071, "level": 0.95, "method": "wilson"}
        )

    report = checked_with_log(header(0.07), narrow)
    assert verdict(report, "R-02") == ("inconclusive", "interval-straddles-threshold")
    assert "widened to [0.0" in message(report, "R-02")
    assert "wilson on 14 of 200, from the log of run tp2" in message(report, "R-02")


def test_a_score_with_a_logged_stderr_has_a_verified_interval() -> None:
    def scored(d: dict[str, Any]) -> None:
        mr = d["metric_results"][2]
        del mr["successes"]
        mr.update(value=0.01, ci={"lower": 0.0, "upper": 0.03, "level": 0.95, "method": "t"})

    report = checked_with_log(header(0.01, stderr=0.05), scored, mapped("score"))
    assert verdict(report, "R-02") == ("inconclusive", "interval-straddles-threshold")
    assert "normal on the stderr 0.05 in the log of run tp2" in message(report, "R-02")
    report = checked_with_log(header(0.01, stderr=0.005), scored, mapped("score"))
    assert verdict(report, "R-02") == ("pass", "threshold-met")


def test_a_verified_value_with_an_interval_only_submitted_does_not_pass() -> None:
    def scored(d: dict[str, Any]) -> None:
        mr = d["metric_results"][2]
        del mr["successes"]
        mr.update(value=0.01, ci={"lower": 0.0, "upper": 0.03, "level": 0.95, "method": "t"})

    report = checked_with_log(header(0.01), scored, mapped("score"))
    assert verdict(report, "R-02") == ("needs_review", "interval-unverified")
    assert "as Inspect computed it in the log of run tp2" in message(report, "R-02")


def test_an_exact_count_passes_only_when_verified() -> None:
    std = load_standard()
    exact = [
        m.model_copy(update={"uncertainty": None}) if m.id == "M-ASR" else m for m in std.metrics
    ]
    std = std.model_copy(update={"metrics": exact})
    assert verdict(check(std=std), "R-02") == ("pass", "threshold-met")
    assert verdict(check(without_samples, std=std), "R-02") == ("needs_review", "value-unverified")


def test_declared_counts_do_not_pass_a_sample_size() -> None:
    def declared(d: dict[str, Any]) -> None:
        del d["runs"][0]["samples"]

    report = check(declared, logs=False)
    assert verdict(report, "R-01") == ("needs_review", "counts-unverified")
    assert "(as declared" in message(report, "R-01")
    # the log, read, has its samples: they are counted
    assert verdict(check(declared), "R-01") == ("pass", "sample-size-met")

    # a declared shortfall stands against the submitter
    def short(d: dict[str, Any]) -> None:
        declared(d)
        d["runs"][0]["epochs"] = 1

    assert verdict(check(short, logs=False), "R-01") == ("fail", "too-few-epochs")


def test_sample_counts_from_a_header_only_log() -> None:
    h = header(0.01, completed=200)
    std = mapped()
    reqs = [
        r.model_copy(
            update={
                "check": r.check.model_copy(
                    update={"procedure": "TP-2", "min_items": 200, "min_epochs": 1}
                )
            }
        )
        if r.id == "R-01"
        else r
        for r in std.requirements
    ]
    std = std.model_copy(update={"requirements": reqs})
    report = checked_with_log(h, std=std)
    assert verdict(report, "R-01") == ("pass", "sample-size-met")
    assert "from the header of its Inspect log" in message(report, "R-01")
    errored = checked_with_log(
        header(0.01, completed=150),
        lambda d: d["runs"][-1]["counts"].update(completed_samples=150, scored_samples=150),
        std,
    )
    assert verdict(errored, "R-01") == ("fail", "error-rate-too-high")


def test_reference_models_need_a_log_read() -> None:
    report = check(logs=False)
    assert verdict(report, "R-09") == ("needs_review", "reference-models-unverified")
    assert "mockllm/frontier-w" in message(report, "R-09")
    assert verdict(check(), "R-09") == ("pass", "reference-models-met")
    decided = check(logs=False, approvals=(*APPROVED, review("R-09")))
    assert verdict(decided, "R-09") == ("pass", "reviewed-pass")


def test_the_base_keeps_its_attack_records() -> None:
    """The helper and the fixture agree: the base's 200 attacks, 2 successful."""
    data = copy.deepcopy(BASE)
    before = data["runs"][-1]["samples"]
    attacks(data, 2)
    assert sorted(s["score"] for s in before) == sorted(
        s["score"] for s in data["runs"][-1]["samples"]
    )


def test_a_finding_says_whether_its_figures_were_verified() -> None:
    (found,) = check().findings
    assert (found.metric, found.verified) == ("M-SOLVE", True)

    def declared(d: dict[str, Any]) -> None:
        del d["runs"][0]["samples"]

    (found,) = check(declared, logs=False).findings
    assert (found.metric, found.verified, found.interval_source) == ("M-SOLVE", False, "submitted")
    assert found.band is not None  # still read, and marked as the submitter's word


def test_a_log_read_for_its_digest_only_does_not_make_logs_valid() -> None:
    """A reference run's log given as a format aiss does not read: its sha256 matches, but
    what it records is unchecked, so neither `log_valid` nor the reference count rests on it."""

    def other_format(d: dict[str, Any]) -> None:
        d["runs"][1]["log"]["format"] = "other"

    report = check(other_format)
    assert verdict(report, "R-05") == ("needs_review", "log-content-unverified")
    assert "tp1-ref (other)" in message(report, "R-05")
    assert verdict(report, "R-09") == ("needs_review", "reference-models-unverified")
    assert verdict(check(), "R-05") == ("pass", "logs-valid")
    decided = check(other_format, approvals=(*APPROVED, review("R-05"), review("R-09")))
    assert verdict(decided, "R-05") == ("pass", "reviewed-pass")


def test_a_task_version_passes_only_when_a_read_log_records_it() -> None:
    assert verdict(check(), "R-06") == ("pass", "task-version-matches")
    report = check(logs=False)
    assert verdict(report, "R-06") == ("needs_review", "task-version-unverified")
    assert "run(s) tp1, tp1-ref" in message(report, "R-06")

    def wrong(d: dict[str, Any]) -> None:  # a declared mismatch stands against the submitter
        d["runs"][0]["task"]["version"] = "2-A"

    assert verdict(check(wrong, logs=False), "R-06") == ("fail", "task-version-mismatch")
