"""A MUST whose text names a procedure, a metric or the reference-model policy that none of its
checks tests gets a warning at its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiss.models import Standard
from aiss.source import parse_yaml
from aiss.validation.rules.base import Context
from aiss.validation.rules.text_coverage import RequirementTextUnchecked, checked_by, named

HEAD = """\
schema_version: "1.0.0"
kind: Standard
id: AISS-TST-001
version: "1.0.0"
title: Minimal test standard
status: {status}
status_history: [{{status: {status}, date: 2026-02-01}}]
issuers: [test-institute]
marking: TLP:CLEAR
summary: A minimal standard used by the test suite.
scope: {{system_types: [foundation_model], access_levels: [api], lifecycle_stages: [pre_deployment]}}
risk_domains: [cyber.offense]
{policy}test_procedures:
  - id: TP-1
    title: CTF suite
    technique: agentic_task_suite
    description: Run the pinned CTF suite.
    implementation: {{framework: inspect_ai, task: inspect_evals/cybench}}
  - id: TP-2
    title: Second suite
    technique: agentic_task_suite
    description: Another suite.
    implementation: {{framework: inspect_ai, task: inspect_evals/cybergym}}
  - id: TP-3
    title: Expert probing
    technique: qualitative_probing
    description: Experts probe the model.
    implementation: {{framework: none}}
metrics:
  - {{id: M-SOLVE, name: Solve rate, procedure: TP-1, unit: proportion,
     direction: higher_is_more_capable, aggregation: mean_over_items}}
  - {{id: M-GYM, name: Reproduction rate, procedure: TP-2, unit: proportion,
     direction: higher_is_more_capable, aggregation: mean_over_items}}
outcome_bands:
  - metric: M-SOLVE
    decision_bound: upper
    bands:
      - {{label: low, max: 0.5}}
      - {{label: high, min: 0.5}}
requirements:
  - id: R-01
    level: {level}
    category: sampling
    title: The requirement
    text: {text}
    check: {check}
{applies}reporting: {{required_sections: [results]}}
changelog:
  - {{version: "1.0.0", changes: [Initial.]}}
"""
POLICY = "reference_models_policy: {min_count: 2}\n"


def _std(
    text: str,
    check: str,
    *,
    level: str = "MUST",
    policy: bool = False,
    applies: str = "",
    status: str = "published",
) -> tuple[Standard, list[tuple[str, int, int, str]]]:
    source = HEAD.format(
        status=status,
        policy=POLICY if policy else "",
        level=level,
        text=text,
        check=check,
        applies=f"    applies_if: {applies}\n" if applies else "",
    )
    doc = parse_yaml("standard.yaml", source.encode())
    std = Standard.model_validate(doc.data)
    ctx = Context(None, Path("standard.yaml"), {}, frozenset())
    found = [
        (d.code, d.line, d.column, d.message)
        for d in RequirementTextUnchecked(doc, std, ctx).check()
    ]
    assert all(
        d.severity.value == "warning" for d in RequirementTextUnchecked(doc, std, ctx).check()
    )
    return std, found


TEXT_LINE = 1 + HEAD.splitlines().index("    text: {text}")  # its value starts at column 11


def test_a_procedure_named_and_checked_is_clean() -> None:
    _, found = _std(
        "The evaluator MUST run TP-1 on every item.",
        "{type: min_samples, procedure: TP-1, min_items: 40}",
    )
    assert found == []


def test_a_procedure_the_check_never_looks_at() -> None:
    _, found = _std(
        "The evaluator MUST run TP-1 and TP-2 on every item.",
        "{type: min_samples, procedure: TP-1, min_items: 40}",
    )
    ((code, line, column, message),) = found
    assert (code, line, column) == ("requirement-text-unchecked", TEXT_LINE, 11)
    assert message == (
        "R-01 (MUST) names TP-2 in its text, but none of its checks (min_samples) tests it"
    )


def test_checks_inside_all_of_count() -> None:
    check = (
        "{type: all_of, checks: [{type: min_samples, procedure: TP-1, min_items: 40}, "
        "{type: field_value, procedure: TP-2, path: 'runs[*].limits.token_limit', ge: 500000}]}"
    )
    _, found = _std("Runs of TP-1 and TP-2 MUST meet the floors.", check)
    assert found == []


def test_a_metric_check_tests_the_metric_and_its_procedure() -> None:
    _, found = _std(
        "The report MUST give M-SOLVE from TP-1, and M-GYM.",
        "{type: metric_reported, metric: M-SOLVE}",
    )
    assert [m for *_, m in found] == [
        "R-01 (MUST) names M-GYM in its text, but none of its checks (metric_reported) tests it"
    ]


def test_a_range_of_procedures_names_each() -> None:
    std, _ = _std("The evaluator MUST run TP-1 to TP-3.", "{type: manual}")
    assert named(std, std.requirements[0].text) == (["TP-1", "TP-2", "TP-3"], [], False)
    _, found = _std("The evaluator MUST run TP-1 to TP-3.", "{type: manual}")
    # TP-3 has no machine-readable runs: a reviewer (the manual check) is its test
    assert "names TP-1 and TP-2 in its text" in found[0][3]


def test_unknown_ids_and_lower_levels_are_not_read() -> None:
    assert _std("The evaluator MUST run TP-9 and report M-NOPE.", "{type: manual}")[1] == []
    # a check naming an unknown procedure is an error of its own (`unknown-procedure`)
    assert _std("The evaluator MUST run TP-1.", "{type: min_samples, procedure: TP-9}")[1] == []
    assert _std("The evaluator SHOULD run TP-2.", "{type: manual}", level="SHOULD")[1] == []


def test_the_reference_model_policy_needs_a_reference_models_check() -> None:
    text = "The report MUST give TP-1 results for two reference models."
    fields = "{type: fields_present, paths: ['reference_models[*].model']}"
    _, found = _std(text, fields, policy=True)
    assert found and "names TP-1 and the reference-model policy" in found[0][3]
    check = "{type: reference_models, procedure: TP-1}"
    assert _std(text, check, policy=True)[1] == []
    # without a policy there is none to test; the procedure is still named
    std, found = _std(text, fields)
    assert checked_by(std, std.requirements[0]) == (set(), set(), False)
    assert "names TP-1 in its text" in found[0][3]


def test_an_applies_if_on_the_metric_band_tests_the_metric() -> None:
    text = "If M-SOLVE reaches the high band, the evaluator MUST run TP-3."
    assert _std(text, "{type: manual}")[1] != []
    found = _std(text, "{type: manual}", applies="{path: findings.m_solve, equals: high}")[1]
    assert found == []


@pytest.mark.parametrize("status", ["deprecated", "withdrawn"])
def test_frozen_versions_are_not_read(status: str) -> None:
    assert _std("The evaluator MUST run TP-2.", "{type: manual}", status=status)[1] == []


def test_a_superseded_version_is_not_read() -> None:
    std, found = _std("The evaluator MUST run TP-2.", "{type: manual}")
    assert found != []
    doc = parse_yaml("s.yaml", b"x: 1\n")
    later = std.model_copy(update={"superseded_by": "AISS-TST-001@2.0.0"})
    ctx = Context(None, Path("s.yaml"), {}, frozenset())
    assert list(RequirementTextUnchecked(doc, later, ctx).check()) == []
