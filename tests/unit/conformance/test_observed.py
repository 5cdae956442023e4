"""`aiss.conformance.observed`: the counts a run's per-sample records show, and every count
of the run they contradict; a record at an epoch the run says it did not run among them."""

from __future__ import annotations

from typing import Any

from aiss.conformance.observed import count_problems, observe
from aiss.conformance.samples import RunSamples, add_records
from aiss.models.results import Run
from tests.unit.conformance.test_engine import check, verdict
from tests.unit.conformance.test_verified import checked_with_log, header

ATTACKS = [{"id": f"j{i:03d}", "epoch": 1, "score": "I"} for i in range(1, 201)]
"""TP-2's 200 attack records of the base submission, none succeeding."""


def _one_at_epoch_2(d: dict[str, Any]) -> None:
    # a run of one epoch (it states none): one attack's record moved to an epoch 2, a success
    records = [dict(r) for r in ATTACKS]
    records[16] = {"id": "j017", "epoch": 2, "score": "C"}
    records[122]["score"] = "C"
    d["runs"][-1].update(samples=records, sample_scorer="includes")


def _messages(report: Any) -> list[str]:
    return [d.message for d in report.diagnostics if d.code == "count-disagrees-with-samples"]


def test_a_record_at_an_epoch_the_run_did_not_run_contradicts_it() -> None:
    said = (
        "run tp2: epochs is 1 but 1 of the 200 sample records (inline) are at a later epoch "
        "(first: j017 epoch 2)"
    )
    for report in (
        check(_one_at_epoch_2, logs=False),
        checked_with_log(header(0.01), _one_at_epoch_2),
    ):
        assert _messages(report) == [said]
        assert verdict(report, "R-02")[0] == "fail"
        assert report.reason == "claims-contradicted"


def test_counts_that_the_records_show_contradict_nothing() -> None:
    table = RunSamples("inline")
    assert add_records(table, [{"id": "a", "epoch": e, "score": 1} for e in (1, 2)]) == []
    run = Run.model_validate({"id": "r", "procedure": "TP-1", "model": "m", "epochs": 2})
    assert count_problems(0, run, observe(table), table.beyond(run.epochs)) == []
    one = run.model_copy(update={"epochs": 1})
    found = count_problems(0, one, observe(table), table.beyond(one.epochs))
    assert [p.message for p in found] == [
        "run r: epochs is 1 but the 2 sample records (inline) show 2",
        "run r: epochs is 1 but 1 of the 2 sample records (inline) are at a later epoch "
        "(first: a epoch 2)",
    ]
