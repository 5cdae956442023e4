"""`aiss.conformance.settings` and the checks it feeds: whether a reference run used the system
under test's settings is read from what both runs' Inspect logs record when both were read, a
setting neither run states included; otherwise from the run records, and then the
`same_settings` check awaits an issuer's review instead of passing on them."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from aiss.conformance.evidence import LogRead
from aiss.conformance.settings import differences, recorded_by_log
from aiss.models.results import Run
from aiss.models.standard import Requirement, Standard
from tests.unit.conformance.test_engine import (
    APPROVED,
    FIXTURES,
    check,
    load_standard,
    review,
    verdict,
)
from tests.unit.conformance.test_verified import header, message

SUT = Run.model_validate({"id": "a", "procedure": "TP-1", "model": "m/sut"})
REF = Run.model_validate({"id": "b", "procedure": "TP-1", "model": "m/ref"})


def _read(**changes: Any) -> LogRead:
    return LogRead("read", "x.eval", "ab" * 32, header=dataclasses.replace(header(0.5), **changes))


def test_settings_neither_run_states_are_compared_from_both_logs() -> None:
    logs = {
        "a": _read(generate_config={"temperature": 1.0}),
        "b": _read(generate_config={"temperature": 0.7}),
    }
    assert differences(REF, SUT, ("generate_config",), logs) == [
        ("generate_config", {"temperature": 0.7}, {"temperature": 1.0})
    ]
    # without the logs the records say nothing, and nothing differs in what they say
    assert differences(REF, SUT, ("generate_config",)) == []


def test_limits_epochs_task_versions_and_plans_come_from_the_logs() -> None:
    logs = {
        "a": _read(limits={"token_limit": 1000}, epochs=2, solver=(("generate", {}),)),
        "b": _read(limits={"token_limit": 5000}, epochs=1, task_version=4, solver=()),
    }
    got = differences(REF, SUT, ("limits", "epochs", "task.version", "solver"), logs)
    assert got == [
        ("limits", {"token_limit": 5000}, {"token_limit": 1000}),
        ("epochs", 1, 2),
        ("task.version", 4, 3),
        ("solver", None, [{"solver": "generate", "params": {}}]),
    ]


def test_a_revision_is_as_the_runs_state_it_and_a_log_only_hashed_gives_nothing() -> None:
    ref = Run.model_validate(
        {**REF.model_dump(exclude_none=True), "dataset": {"name": "d", "revision": "r1"}}
    )
    logs = {"a": _read(), "b": _read()}
    assert differences(ref, SUT, ("dataset.revision",), logs) == [("dataset.revision", "r1", None)]
    # one log only hashed: the runs' statements are compared, as without logs
    hashed = {"a": _read(generate_config={"temperature": 1.0}), "b": LogRead("hash_only", "x")}
    assert differences(REF, SUT, ("generate_config",), hashed) == []


def _same_settings() -> Standard:
    """The fixture standard with R-90 checking that TP-1's reference runs used the system
    under test's settings (`same_settings`, every setting)."""
    std = load_standard()
    r = std.requirements[0].model_dump(exclude_none=True)
    r |= {"id": "R-90", "check": {"type": "same_settings", "procedure": "TP-1"}}
    return std.model_copy(
        update={"requirements": [*std.requirements, Requirement.model_validate(r)]}
    )


def _hot_reference(data: dict[str, Any]) -> None:
    """Neither TP-1 run states its settings; the reference run cites its log at 0.7."""
    log = "logs/ctf-frontier-w-t07.eval"
    for run in data["runs"]:
        run.pop("generate_config", None)
    ref = next(r for r in data["runs"] if r["id"] == "tp1-ref")
    digest = hashlib.sha256((FIXTURES / log).read_bytes()).hexdigest()
    ref["log"] = {**ref["log"], "uri": log, "sha256": digest}


def test_same_settings_passes_on_what_both_logs_record() -> None:
    assert verdict(check(std=_same_settings()), "R-90") == ("pass", "settings-same")
    hot = check(_hot_reference, std=_same_settings())
    assert verdict(hot, "R-90") == ("fail", "settings-differ")
    assert "'temperature': 0.7" in message(hot, "R-90")


def test_same_settings_on_the_run_records_alone_awaits_review() -> None:
    got = check(std=_same_settings(), logs=False)
    assert verdict(got, "R-90") == ("needs_review", "settings-unverified")
    assert "the settings of tp1, tp1-ref are only what the run records state" in message(
        got, "R-90"
    )
    reviewed = check(std=_same_settings(), logs=False, approvals=(*APPROVED, review("R-90")))
    assert verdict(reviewed, "R-90") == ("pass", "reviewed-pass")


def test_the_fields_a_read_log_vouches_for() -> None:
    h = header(0.5)
    assert recorded_by_log(("limits", "token_limit"), h)
    assert recorded_by_log(("generate_config",), h) and recorded_by_log(("sandbox", "type"), h)
    assert not recorded_by_log(("sandbox", "internet_egress"), h)
    assert not recorded_by_log(("dataset", "revision"))  # no Inspect log records one
    # a count the header may lack vouches only where this header gives it
    assert recorded_by_log(("dataset", "samples"), h)
    bare = dataclasses.replace(h, dataset_samples=None)
    assert not recorded_by_log(("dataset", "samples"), bare)
    assert recorded_by_log(("dataset", "samples"))  # some logs do
