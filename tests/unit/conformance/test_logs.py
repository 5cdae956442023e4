"""`aiss.conformance.logs`, with the pin it feeds: settings come from the run's log where the
checker read it. A run that states limits, generation settings or a sandbox its log records
otherwise is contradicted by the evidence, and a pin on the token limit is judged on what the
log records."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from aiss.conformance.evidence import LogHeader
from aiss.conformance.report import ConformanceReport
from aiss.models.procedures import DatasetPin, Elicitation
from aiss.models.standard import Requirement, Standard
from tests.unit.conformance.test_engine import pin_messages, verdict, with_procedure
from tests.unit.conformance.test_verified import checked_with_log, header, mapped, message


def _tp2(edit: dict[str, Any]) -> Any:
    def apply(data: dict[str, Any]) -> None:
        data["runs"][-1].update(edit)

    return apply


def _disagreements(report: ConformanceReport) -> list[str]:
    return [d.message for d in report.diagnostics if d.code == "log-disagrees-with-run"]


def test_a_log_that_records_what_the_run_states_contradicts_nothing() -> None:
    h = dataclasses.replace(header(0.01), generate_config={"temperature": 0.0}, sandbox="docker")
    edit = _tp2({"generate_config": {"temperature": 0}, "sandbox": {"type": "docker"}})
    report = checked_with_log(h, edit)
    assert _disagreements(report) == []
    assert verdict(report, "R-02") == ("pass", "threshold-met")


def test_a_limit_the_log_records_otherwise_is_contradicted() -> None:
    report = checked_with_log(header(0.01), _tp2({"limits": {"message_limit": 200}}))
    assert _disagreements(report) == ["run tp2: the log's message_limit is 20, the run says 200"]
    assert verdict(report, "R-02")[0] == "fail"
    assert not report.overall.conformant


def test_a_limit_the_log_does_not_set_is_contradicted() -> None:
    edit = _tp2({"limits": {"message_limit": 20, "token_limit": 1_000_000}})
    report = checked_with_log(header(0.01), edit)
    assert _disagreements(report) == [
        "run tp2: the log sets no token_limit, the run says 1,000,000"
    ]


def test_generation_settings_the_log_records_otherwise_are_contradicted() -> None:
    h = dataclasses.replace(header(0.01), generate_config={"temperature": 1.0})
    edit = _tp2({"generate_config": {"temperature": 0.0, "seed": 7}})
    assert _disagreements(checked_with_log(h, edit)) == [
        "run tp2: the log's temperature is 1.0, the run says 0.0",
        "run tp2: the log's generation settings have no seed, the run says 7",
    ]


def test_a_sandbox_the_log_did_not_use_is_contradicted() -> None:
    edit = _tp2({"sandbox": {"type": "docker", "internet_egress": "deny"}})
    assert _disagreements(checked_with_log(header(0.01), edit)) == [
        "run tp2: the log used no sandbox, the run says 'docker'"
    ]
    h = dataclasses.replace(header(0.01), sandbox="local")
    assert _disagreements(checked_with_log(h, edit)) == [
        "run tp2: the log used sandbox 'local', the run says 'docker'"
    ]


def _floored(floor: int) -> Standard:
    """The mapped fixture standard with TP-2 pinning a token limit of at least `floor`."""
    return with_procedure(mapped(), "TP-2", elicitation=Elicitation(min_token_limit=floor))


def _with_limits(**limits: float) -> LogHeader:
    return dataclasses.replace(header(0.01), limits={"message_limit": 20, **limits})


def test_the_token_limit_pin_is_judged_on_the_log() -> None:
    # the run states no token limit: the log's is what it was given
    low = checked_with_log(_with_limits(token_limit=1_000), std=_floored(500_000))
    assert pin_messages(low) == [
        "run tp2 (TP-2): token limit 1,000 is below the floor 500,000 (as the run's log "
        "records it) [pin TP-2 elicitation.min_token_limit]"
    ]
    high = checked_with_log(_with_limits(token_limit=2_000_000), std=_floored(500_000))
    assert pin_messages(high) == []
    # a log that sets no token limit gave the run none: no floor is broken
    assert pin_messages(checked_with_log(_with_limits(), std=_floored(500_000))) == []


def test_a_stated_token_limit_the_log_contradicts_does_not_meet_the_pin() -> None:
    edit = _tp2({"limits": {"message_limit": 20, "token_limit": 2_000_000}})
    report = checked_with_log(_with_limits(token_limit=1_000), edit, std=_floored(500_000))
    assert "run tp2: the log's token_limit is 1,000, the run says 2,000,000" in _disagreements(
        report
    )
    assert any("token limit 1,000 is below the floor 500,000" in m for m in pin_messages(report))


def test_a_sample_id_digest_the_log_does_not_give_is_contradicted() -> None:
    ids = "\n".join(sorted(f"j{i:03d}" for i in range(1, 201)))
    right = hashlib.sha256(ids.encode()).hexdigest()
    dataset = {"name": "jailbreaks"}  # the base's TP-2 run names no dataset
    ok = checked_with_log(header(0.01), _tp2({"dataset": {**dataset, "sample_ids_sha256": right}}))
    assert _disagreements(ok) == []
    wrong = "0" * 64
    bad = checked_with_log(header(0.01), _tp2({"dataset": {**dataset, "sample_ids_sha256": wrong}}))
    assert _disagreements(bad) == [
        f"run tp2: the sha256 of the log's sample ids is {right}, the run says {wrong}"
    ]


def _dataset_pinned(revision: str | None = None, sha256: str | None = None) -> Standard:
    """The mapped fixture standard with TP-2 pinning its 200-item dataset (and a revision or a
    sample-id digest) and a requirement R-90 checking it (`dataset_pinned`)."""
    std = mapped()
    pin = DatasetPin(name="jailbreaks", items=200, revision=revision, sha256=sha256)
    procs = [
        p.model_copy(
            update={"implementation": p.implementation.model_copy(update={"dataset": pin})}
        )
        if p.id == "TP-2"
        else p
        for p in std.test_procedures
    ]
    r = std.requirements[0].model_dump(exclude_none=True)
    r |= {"id": "R-90", "check": {"type": "dataset_pinned", "procedure": "TP-2"}}
    reqs = [*std.requirements, Requirement.model_validate(r)]
    return std.model_copy(update={"test_procedures": procs, "requirements": reqs})


def _on_dataset(**extra: str) -> Any:
    return _tp2({"dataset": {"name": "jailbreaks", "samples": 200, **extra}})


def test_a_pinned_dataset_passes_on_what_a_read_log_records() -> None:
    ids = "\n".join(sorted(f"j{i:03d}" for i in range(1, 201)))
    digest = hashlib.sha256(ids.encode()).hexdigest()
    std = _dataset_pinned(sha256=digest)
    edit = _on_dataset(sample_ids_sha256=digest)
    assert verdict(checked_with_log(header(0.01), edit, std=std), "R-90") == (
        "pass",
        "dataset-matches",
    )
    # the log's header gives no item count: what the run states is its word alone
    h = dataclasses.replace(header(0.01), dataset_samples=None)
    got = checked_with_log(h, edit, std=std)
    assert verdict(got, "R-90") == ("needs_review", "dataset-unverified")
    assert "run(s) tp2 is only declared" in message(got, "R-90")


def test_a_pinned_dataset_revision_is_never_verified_by_a_log() -> None:
    std = _dataset_pinned(revision="release-2026-03")
    got = checked_with_log(header(0.01), _on_dataset(revision="release-2026-03"), std=std)
    assert verdict(got, "R-90") == ("needs_review", "dataset-unverified")
    assert "an Inspect log's header records no dataset revision" in message(got, "R-90")
    # a revision stated otherwise than the pin stands against the submitter
    wrong = checked_with_log(header(0.01), _on_dataset(revision="other"), std=std)
    assert verdict(wrong, "R-90") == ("fail", "dataset-mismatch")


def test_a_solver_plan_the_log_records_otherwise_is_contradicted() -> None:
    plan = (("basic_agent", {"max_attempts": 3}),)
    h = dataclasses.replace(header(0.01), solver=plan)
    same = _tp2({"solver": [{"solver": "basic_agent", "params": {"max_attempts": 3}}]})
    assert _disagreements(checked_with_log(h, same)) == []
    assert _disagreements(checked_with_log(h)) == []  # a run that states no plan
    other = _tp2({"solver": [{"solver": "basic_agent", "params": {"max_attempts": 10}}]})
    assert _disagreements(checked_with_log(h, other)) == [
        "run tp2: the log's solver plan is basic_agent(max_attempts=3), the run says "
        "basic_agent(max_attempts=10)"
    ]
    empty = dataclasses.replace(header(0.01), solver=())
    assert _disagreements(checked_with_log(empty, same)) == [
        "run tp2: the log's solver plan is empty, the run says basic_agent(max_attempts=3)"
    ]


def test_a_grader_the_log_did_not_use_is_contradicted() -> None:
    h = dataclasses.replace(header(0.01), model_roles={"grader": "mockllm/grader"})
    assert (
        _disagreements(checked_with_log(h, _tp2({"model_roles": {"grader": "mockllm/grader"}})))
        == []
    )
    assert _disagreements(checked_with_log(h, _tp2({"model_roles": {"grader": "m/other"}}))) == [
        "run tp2: the log's grader is 'mockllm/grader', the run says 'm/other'"
    ]
    assert _disagreements(
        checked_with_log(header(0.01), _tp2({"model_roles": {"judge": "m/j"}}))
    ) == ["run tp2: the log has no judge model, the run says 'm/j'"]


def test_a_long_plan_is_cut_short_in_the_message() -> None:
    prompt = "You are an expert. " * 300  # a system prompt of pages, as a log may hold
    plan = tuple(("system_message", {"template": prompt}) for _ in range(20))
    h = dataclasses.replace(header(0.01), solver=plan)
    (said,) = _disagreements(checked_with_log(h, _tp2({"solver": [{"solver": "generate"}]})))
    assert said.endswith("-> ... (12 more), the run says generate()")
    assert prompt not in said and len(said) < 2_000


def test_a_task_file_argument_or_sandbox_configuration_the_log_records_otherwise() -> None:
    h = dataclasses.replace(
        header(0.01),
        task_file="tasks/jb.py",
        task_args={"subset": "hard", "n": 3},
        sandbox="docker",
        sandbox_config="compose.yaml",
    )
    task = {"name": "jailbreaks", "file": "tasks/jb.py", "args": {"subset": "hard"}}
    same = _tp2({"task": task, "sandbox": {"type": "docker", "config": "compose.yaml"}})
    assert _disagreements(checked_with_log(h, same)) == []
    other = {**task, "file": "tasks/other.py", "args": {"subset": "easy", "seed": 1}}
    edit = _tp2({"task": other, "sandbox": {"type": "docker", "config": "open.yaml"}})
    assert _disagreements(checked_with_log(h, edit)) == [
        "run tp2: the log's task file is 'tasks/jb.py', the run says 'tasks/other.py'",
        "run tp2: the log's task argument subset is 'hard', the run says 'easy'",
        "run tp2: the log's task arguments have no seed, the run says 1",
        "run tp2: the log's sandbox configuration is 'compose.yaml', the run says 'open.yaml'",
    ]
