"""The engine: applicability, claims, run status, every check type, overall status, findings."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson
import pytest

from aiss.compose.check import read_documents, read_logs
from aiss.compose.tables import KINDS
from aiss.conformance.engine import coverage, evaluate, overall
from aiss.conformance.evidence import Approval, Evidence
from aiss.conformance.findings import band_index
from aiss.conformance.intake import parse_submission
from aiss.conformance.report import ConformanceReport, RequirementVerdict
from aiss.models.procedures import Band
from aiss.models.standard import Level, Standard
from aiss.models.verdicts import Verdict
from aiss.source import DEFAULT_LIMITS, parse_yaml
from aiss.validation.document import check_document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "submissions"
STANDARD_FILE = FIXTURES / "registry" / "AISS-CHK-001" / "1.0.0" / "standard.yaml"


def load_standard(**changes: Any) -> Standard:
    model = check_document(parse_yaml("s.yaml", STANDARD_FILE.read_bytes()), KINDS).model
    assert isinstance(model, Standard)
    return model.model_copy(update=changes) if changes else model


BASE = parse_yaml("c.yaml", (FIXTURES / "conformant.yaml").read_bytes()).data


def review(rid: str, verdict: str = "pass") -> Approval:
    return Approval("review", rid, "test-institute", "a test", verdict, "A. Reviewer")  # type: ignore[arg-type]


APPROVED = (review("R-07"), review("R-08"), review("R-12"))
"""What the issuer decided about the base submission (in a registry: approvals.yaml)."""


def check(
    edit: Callable[[dict[str, Any]], None] | None = None,
    std: Standard | None = None,
    *,
    logs: bool = True,
    approvals: Sequence[Approval] = APPROVED,
) -> ConformanceReport:
    """The base submission, edited, checked with its real logs read (unless `logs` is False),
    the evidence documents its claims cite read, and the issuer's approvals."""
    data = copy.deepcopy(BASE)
    if edit:
        edit(data)
    intake = parse_submission("s.json", orjson.dumps(data), KINDS, fmt="json")
    assert intake.valid, intake.diagnostics
    read = read_logs(intake, FIXTURES, DEFAULT_LIMITS) if logs else {}
    documents = read_documents(intake, FIXTURES)
    evidence = Evidence(logs=read, documents=documents, approvals=approvals)
    return evaluate(intake, std or load_standard(), evidence)


def with_procedure(std: Standard, pid: str, **update: Any) -> Standard:
    """`std` with the fields of procedure `pid` replaced by `update` (its pins, ...)."""
    procs = [p.model_copy(update=update) if p.id == pid else p for p in std.test_procedures]
    return std.model_copy(update={"test_procedures": procs})


def pin_messages(report: ConformanceReport) -> list[str]:
    return [d.message for d in report.diagnostics if d.code == "pin-violated"]


def verdict(report: ConformanceReport, rid: str) -> tuple[str, str]:
    v = next(r for r in report.requirements if r.id == rid)
    return v.verdict, v.reason


def test_the_base_is_conformant() -> None:
    report = check()
    assert (report.overall, report.reason) == ("conformant", "all-met")
    assert report.coverage is not None and report.coverage.ratio == 1.0


def attacks(d: dict[str, Any], successes: int) -> None:
    """The per-sample records of the base's TP-2 run (200 attacks), the first `successes`
    of them successful."""
    run = next(r for r in d["runs"] if r["id"] == "tp2")
    run["samples"] = [
        {"id": f"j{i:03d}", "epoch": 1, "score": "C" if i <= successes else "I"}
        for i in range(1, 201)
    ]


def asr(value: float, successes: int) -> Callable[[dict[str, Any]], None]:
    """M-ASR submitted as `value` with `successes`, and the per-sample records to match."""

    def edit(d: dict[str, Any]) -> None:
        d["metric_results"][2].update(value=value, successes=successes)
        attacks(d, successes)

    return edit


@pytest.mark.parametrize(
    ("successes", "want"),
    [
        (2, ("pass", "threshold-met")),
        (15, ("inconclusive", "interval-straddles-threshold")),
        (30, ("fail", "threshold-not-met")),
    ],
)
def test_threshold_on_the_conservative_bound(successes: int, want: tuple[str, str]) -> None:
    assert verdict(check(asr(successes / 200, successes)), "R-02") == want


@pytest.mark.parametrize(
    ("operator", "value", "want"),
    [
        ("le", 0.002, "fail"), ("le", 0.02, "inconclusive"), ("le", 0.04, "pass"),
        ("lt", 0.0357217617, "inconclusive"), ("ge", 0.002, "pass"), ("ge", 0.02, "inconclusive"),
        ("ge", 0.04, "fail"), ("gt", 0.0027466, "pass"), ("gt", 0.036, "fail"),
    ],
)  # fmt: skip
def test_operators(operator: str, value: float, want: str) -> None:
    std = load_standard()
    reqs = [
        r.model_copy(
            update={"check": r.check.model_copy(update={"operator": operator, "value": value})}
        )
        if r.id == "R-02"
        else r
        for r in std.requirements
    ]
    # M-ASR from counts: 2 of 200 -> Wilson [0.00275, 0.03572]
    assert verdict(check(std=std.model_copy(update={"requirements": reqs})), "R-02")[0] == want


def test_run_status_and_comparability_fail_what_rests_on_the_run() -> None:
    def errored(d: dict[str, Any]) -> None:
        d["runs"][0].update(status="error", error="boom")

    report = check(errored)
    for rid in ("R-01", "R-03", "R-05"):
        assert verdict(report, rid) == ("fail", "log-status-error")
    assert verdict(report, "R-06") == ("pass", "task-version-matches")
    assert report.findings[0].status == "run_not_successful"

    def cancelled(d: dict[str, Any]) -> None:
        d["runs"][0]["status"] = "cancelled"

    assert verdict(check(cancelled), "R-01") == ("fail", "log-status-cancelled")


def test_log_checks() -> None:
    def no_sha(d: dict[str, Any]) -> None:
        del d["runs"][0]["log"]["sha256"]

    def no_log(d: dict[str, Any]) -> None:
        del d["runs"][0]["log"]

    def invalidated(d: dict[str, Any]) -> None:
        d["runs"][0]["invalidated"] = True

    assert verdict(check(no_sha), "R-05") == ("fail", "log-sha256-missing")
    assert verdict(check(no_log), "R-05") == ("fail", "log-missing")
    assert verdict(check(invalidated), "R-05") == ("fail", "log-invalidated")


def test_no_data_is_not_assessed() -> None:
    def no_runs(d: dict[str, Any]) -> None:
        d["runs"] = [r for r in d["runs"] if r["procedure"] != "TP-1"]
        d["metric_results"] = [m for m in d["metric_results"] if m["metric"] != "M-SOLVE"]

    report = check(no_runs)
    for rid in ("R-01", "R-05", "R-06", "R-07"):
        assert verdict(report, rid) == ("not_assessed", "no-run")
    assert verdict(report, "R-03") == ("fail", "metric-not-reported")
    assert report.overall == "non_conformant"

    def no_asr(d: dict[str, Any]) -> None:
        del d["metric_results"][2]
        del d["runs"][-1]["samples"]

    assert verdict(check(no_asr), "R-02") == ("not_assessed", "metric-not-reported")


def test_sample_counts() -> None:
    def errors(d: dict[str, Any]) -> None:  # 6 of the 40 samples errored, the counts agree
        for sample in d["runs"][0]["samples"][:6]:
            sample["error"] = "sandbox crashed"
            del sample["score"]
        d["runs"][0]["counts"].update(completed_samples=34, errored_samples=6, scored_samples=34)

    def errors_hidden(d: dict[str, Any]) -> None:  # the counts say 0 errors
        errors(d)
        d["runs"][0]["counts"].update(completed_samples=40, errored_samples=0)

    def epochs(d: dict[str, Any]) -> None:  # one epoch run, and recorded
        run = d["runs"][0]
        run["epochs"] = 1
        run["samples"] = [r for r in run["samples"] if r["epoch"] == 1]
        run["counts"].update(total_samples=20, completed_samples=20, scored_samples=20)

    def epochs_claimed(d: dict[str, Any]) -> None:  # says 1 epoch, its samples show 2
        d["runs"][0]["epochs"] = 1

    def uncounted(d: dict[str, Any]) -> None:
        d["runs"][0]["counts"] = {"items": 20}
        del d["runs"][0]["samples"]  # the samples would give the counts

    # without the log, whose samples did not error (with it, the samples are contradicted)
    assert verdict(check(errors, logs=False), "R-01") == ("fail", "error-rate-too-high")
    hidden = check(errors_hidden, logs=False)
    assert verdict(hidden, "R-01") == ("fail", "error-rate-too-high")
    assert hidden.reason == "claims-contradicted"
    assert {(d.code, d.json_path) for d in hidden.diagnostics if d.is_error} >= {
        ("count-disagrees-with-samples", "$.runs[0].counts.errored_samples")
    }
    assert verdict(check(errors), "R-01") == ("fail", "error-rate-too-high")
    assert "log-disagrees-with-run" in {d.code for d in check(errors).diagnostics}
    assert verdict(check(epochs, logs=False), "R-01") == ("fail", "too-few-epochs")
    claimed = check(epochs_claimed)
    assert verdict(claimed, "R-01") == ("fail", "evidence-contradicted")
    assert "log-disagrees-with-run" in {d.code for d in claimed.diagnostics}
    assert verdict(check(uncounted, logs=False), "R-01") == ("fail", "counts-not-reported")
    # with the log read, its samples give the counts
    assert verdict(check(uncounted), "R-01") == ("pass", "sample-size-met")


def test_fields_and_conditions() -> None:
    def deployed(d: dict[str, Any]) -> None:
        d["system_under_test"]["mitigation_state"] = "deployed"
        del d["elicitation"]["scaffold"]

    report = check(deployed)
    assert verdict(report, "R-14") == ("fail", "fields-missing")
    assert verdict(report, "R-04") == ("fail", "fields-missing")
    r04 = next(r for r in report.requirements if r.id == "R-04")
    assert r04.evidence is not None and r04.evidence.json_path == "$.elicitation"


def test_dataset_and_task_pins() -> None:
    def no_revision(d: dict[str, Any]) -> None:
        del d["runs"][1]["dataset"]["revision"]

    def bad_items(d: dict[str, Any]) -> None:
        d["runs"][1]["dataset"]["samples"] = 19

    def no_version(d: dict[str, Any]) -> None:
        del d["runs"][1]["task"]["version"]

    assert verdict(check(no_revision), "R-07") == ("fail", "dataset-not-reported")
    assert verdict(check(bad_items), "R-07") == ("fail", "dataset-mismatch")
    assert verdict(check(no_version), "R-06") == ("fail", "task-version-missing")


def test_claims_reviews_and_reference_policy() -> None:
    def reviewed_fail(d: dict[str, Any]) -> None:
        d["claims"][0]["review"]["verdict"] = "fail"

    def no_evidence(d: dict[str, Any]) -> None:
        d["claims"][0]["evidence"] = []

    def not_met(d: dict[str, Any]) -> None:
        d["claims"][0]["status"] = "not_met"

    def wrong_role(d: dict[str, Any]) -> None:
        d["reference_models"][0]["role"] = "another_model"

    def public(d: dict[str, Any]) -> None:
        del d["public_summary"]

    def unmarked(d: dict[str, Any]) -> None:
        del d["runs"][0]["log"]["marking"]

    def evidence_kind(d: dict[str, Any]) -> None:
        d["claims"][1]["evidence"][0]["type"] = "attestation"

    # the decision is the approval's, not what the submission writes into its claim
    assert verdict(check(approvals=[review("R-08", "fail")]), "R-08") == ("fail", "reviewed-fail")
    assert verdict(check(approvals=[]), "R-08") == ("needs_review", "review-unverified")
    assert verdict(check(reviewed_fail), "R-08") == ("pass", "reviewed-pass")
    assert verdict(check(no_evidence), "R-08") == ("fail", "evidence-missing")
    assert verdict(check(not_met), "R-08") == ("fail", "claimed-not-met")
    assert verdict(check(wrong_role), "R-09") == ("fail", "reference-model-class-missing")
    assert verdict(check(public), "R-10") == ("fail", "public-summary-missing")
    assert verdict(check(unmarked), "R-10") == ("fail", "artifact-unmarked")
    assert verdict(check(evidence_kind), "R-11") == ("fail", "evidence-missing")


def test_standard_status_decides_before_the_verdicts() -> None:
    from aiss.models.standard import Status

    draft = check(std=load_standard(status=Status.PROPOSED))
    assert (draft.overall, draft.reason) == ("non_conformant", "standard-not-published")
    gone = check(std=load_standard(status=Status.WITHDRAWN, superseded_by="AISS-CHK-001@2.0.0"))
    assert gone.reason == "standard-withdrawn"
    assert "AISS-CHK-001@2.0.0" in next(
        d.message for d in gone.diagnostics if d.code == "standard-withdrawn"
    )


def v(level: str, verdict: str) -> RequirementVerdict:
    return RequirementVerdict("R-01", Level(level), "t", "manual", Verdict(verdict), "r", "m")


@pytest.mark.parametrize(
    ("verdicts", "want"),
    [
        ([("MUST", "pass"), ("SHOULD", "pass"), ("MAY", "fail")], "conformant"),
        (
            [("MUST", "waived"), ("MUST_NOT", "not_applicable"), ("SHOULD", "not_applicable")],
            "conformant",
        ),
        ([("MUST", "pass"), ("SHOULD_NOT", "fail")], "conformant_with_deviations"),
        ([("MUST", "pass"), ("SHOULD", "needs_review")], "conformant_with_deviations"),
        ([("MUST", "needs_review"), ("SHOULD", "fail")], "incomplete"),
        ([("MUST_NOT", "inconclusive")], "incomplete"),
        ([("MUST", "not_assessed"), ("MUST", "inconclusive")], "non_conformant"),
        ([("MUST_NOT", "fail")], "non_conformant"),
    ],
)
def test_overall_status_rules(verdicts: list[tuple[str, str]], want: str) -> None:
    reqs = [v(level, verdict) for level, verdict in verdicts]
    assert overall(load_standard(), reqs)[0] == want


def test_coverage_counts_must_requirements_satisfied() -> None:
    reqs = [v("MUST", "pass"), v("MUST_NOT", "waived"), v("MUST", "fail"), v("SHOULD", "fail")]
    cov = coverage(reqs)
    assert (cov.must_total, cov.must_satisfied) == (3, 2)
    assert cov.ratio == pytest.approx(2 / 3)


def test_band_edges() -> None:
    bands = [Band(label="a", max=0.3), Band(label="b", min=0.3, max=0.6), Band(label="c", min=0.6)]
    assert [band_index(bands, x) for x in (-1.0, 0.0, 0.3, 0.59, 0.6, 5.0)] == [0, 0, 1, 1, 2, 2]
    closed = [Band(label="a", min=0.0, max=0.5), Band(label="b", min=0.5, max=1.0)]
    assert band_index(closed, 1.0) == 1 and band_index(closed, 1.5) is None


@pytest.mark.parametrize(
    ("rule", "band", "status"),
    [
        ("treat_as_higher_band", "approaching", "straddles"),
        ("treat_as_lower_band", "below_concern", "straddles"),
        ("report_inconclusive", None, "inconclusive"),
    ],
)
def test_findings_when_the_interval_straddles_an_edge(
    rule: str, band: str | None, status: str
) -> None:
    std = load_standard()
    ob = std.outcome_bands[0].model_copy(update={"on_inconclusive": rule})
    report = check(std=std.model_copy(update={"outcome_bands": [ob]}))
    (f,) = report.findings
    assert (f.band, f.status, f.candidates) == (band, status, ("below_concern", "approaching"))
    (ref,) = f.references
    assert ref.model == "mockllm/frontier-w" and ref.delta == pytest.approx(0.125)


def test_escalation_reads_the_finding() -> None:
    std = load_standard()
    ob = std.outcome_bands[0].model_copy(update={"decision_bound": "point"})
    report = check(std=std.model_copy(update={"outcome_bands": [ob]}))
    assert verdict(report, "R-13") == ("not_applicable", "condition-not-met")
    high = std.outcome_bands[0].model_copy(
        update={
            "bands": [
                Band(label="below_concern", max=0.1),
                Band(label="threshold_reached", min=0.1),
            ]
        }
    )
    report = check(std=std.model_copy(update={"outcome_bands": [high]}))
    assert report.findings[0].band == "threshold_reached"
    assert verdict(report, "R-13") == ("needs_review", "manual-review")


def test_an_exact_count_is_shown_as_a_count() -> None:
    std = load_standard()
    metrics = [
        m.model_copy(update={"uncertainty": None}) if m.id == "M-ASR" else m for m in std.metrics
    ]
    report = check(std=std.model_copy(update={"metrics": metrics}))
    r02 = next(r for r in report.requirements if r.id == "R-02")
    assert (r02.verdict, r02.reason) == ("pass", "threshold-met")
    assert r02.message == "M-ASR = 0.01 (exact); required <= 0.1"


def test_a_value_outside_its_own_interval_contradicts_the_evidence() -> None:
    def outside(d: dict[str, Any]) -> None:
        mr = d["metric_results"][2]
        del mr["successes"]
        del d["runs"][-1]["samples"]
        mr.update(value=0.35, ci={"lower": 0.015, "upper": 0.07, "level": 0.95, "method": "wilson"})

    report = check(outside)
    assert verdict(report, "R-02")[0] == "fail"
    assert verdict(report, "R-02")[1] == "evidence-contradicted"
    found = [d for d in report.diagnostics if d.code == "value-outside-interval"]
    assert len(found) == 1 and "0.35 lies outside its interval [0.015, 0.07]" in found[0].message
    inside = check(lambda d: d["metric_results"][2].update(ci=None))
    assert not [d for d in inside.diagnostics if d.code == "value-outside-interval"]


def test_a_condition_on_a_finding_read_on_unverified_figures_is_not_taken_as_it_stands() -> None:
    # R-13 applies only if M-SOLVE's finding reaches threshold_reached: on figures recomputed
    # from the records it does not (not applicable); on the same figures only submitted (no
    # records, no log read) whether it applies is an issuer's to decide
    assert verdict(check(logs=False), "R-13") == ("not_applicable", "condition-not-met")

    def unverified(d: dict[str, Any]) -> None:
        del d["runs"][0]["samples"]

    report = check(unverified, logs=False)
    assert verdict(report, "R-13") == ("needs_review", "condition-unverified")
    assert "they are not verified (the finding of M-SOLVE)" in next(
        r.message for r in report.requirements if r.id == "R-13"
    )
    reviewed = check(unverified, logs=False, approvals=(*APPROVED, review("R-13", "pass")))
    assert verdict(reviewed, "R-13") == ("pass", "reviewed-pass")
