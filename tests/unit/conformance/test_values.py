"""`aiss.conformance.values.field_value`: a value constraint passes only on values something
other than the submission vouches for. A run's field that its read Inspect log records (its
limits, generation settings, model, ...: any difference is a contradiction) passes on the
value; one no log records (the system under test's mitigation state, a sandbox's internet
egress) or one whose run's log was not read awaits an issuer's review (`field-unverified`)."""

from __future__ import annotations

from typing import Any

from aiss.models.standard import Requirement, Standard
from tests.unit.conformance.test_engine import APPROVED, check, load_standard, review, verdict
from tests.unit.conformance.test_verified import message


def _constrained(constraint: dict[str, Any]) -> Standard:
    """The fixture standard with R-90: a `field_value` check of `constraint`."""
    std = load_standard()
    r = std.requirements[0].model_dump(exclude_none=True)
    r |= {"id": "R-90", "check": {"type": "field_value", **constraint}}
    return std.model_copy(
        update={"requirements": [*std.requirements, Requirement.model_validate(r)]}
    )


TOKENS = {"path": "runs[*].limits.token_limit", "procedure": "TP-1", "ge": 1_000_000}
STATE = {"path": "system_under_test.mitigation_state", "equals": "helpful_only"}


def test_a_limit_the_runs_read_logs_record_passes_on_its_value() -> None:
    assert verdict(check(std=_constrained(TOKENS)), "R-90") == ("pass", "value-allowed")
    low = _constrained({**TOKENS, "ge": 4_000_000})
    assert verdict(check(std=low), "R-90") == ("fail", "value-not-allowed")


def test_a_limit_whose_logs_were_not_read_awaits_review() -> None:
    got = check(std=_constrained(TOKENS), logs=False)
    assert verdict(got, "R-90") == ("needs_review", "field-unverified")
    assert "is only what run(s) tp1, tp1-ref state (their Inspect logs were not read)" in message(
        got, "R-90"
    )
    # a value that breaks the constraint stands against the submitter, read or not
    low = _constrained({**TOKENS, "ge": 4_000_000})
    assert verdict(check(std=low, logs=False), "R-90") == ("fail", "value-not-allowed")


def test_a_value_no_log_records_awaits_an_issuers_review() -> None:
    got = check(std=_constrained(STATE))
    assert verdict(got, "R-90") == ("needs_review", "field-unverified")
    assert "system_under_test.mitigation_state is only what the submission states" in message(
        got, "R-90"
    )
    reviewed = check(std=_constrained(STATE), approvals=(*APPROVED, review("R-90")))
    assert verdict(reviewed, "R-90") == ("pass", "reviewed-pass")
    refused = check(std=_constrained(STATE), approvals=(*APPROVED, review("R-90", "fail")))
    assert verdict(refused, "R-90") == ("fail", "reviewed-fail")


def test_a_value_of_one_procedures_runs_names_the_procedure_and_the_run_that_breaks_it() -> None:
    """An `all_of` of one path per procedure reads as which procedure each part is about."""
    got = check(std=_constrained(TOKENS))
    assert message(got, "R-90").startswith("runs[*].limits.token_limit of TP-1: ")
    low = check(std=_constrained({**TOKENS, "ge": 4_000_000}))
    assert message(low, "R-90").startswith("runs[*].limits.token_limit of TP-1: ")
    assert message(low, "R-90").endswith(" is not >= 4000000 (run tp1)")
    # figures as written: six significant digits made this "2e+06 is not >= 2e+06"
    close = check(std=_constrained({**TOKENS, "ge": 2_000_001}))
    assert message(close, "R-90").endswith(": 2000000 is not >= 2000001 (run tp1)")
    assert message(check(std=_constrained(STATE)), "R-90").startswith(
        "system_under_test.mitigation_state: "
    )
