"""versions.diff: every rule of the table, triggered by a minimal edit of a standard."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aiss.models import Standard
from aiss.source import parse_yaml
from aiss.versions.diff import diff_standards
from aiss.versions.rules import RULES, Bump

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures/registry/AISS-TST-001/1.0.0/standard.yaml"

Data = dict[str, Any]
Edit = Callable[[Data, Data], None]
M, m, P = Bump.MAJOR, Bump.MINOR, Bump.PATCH


def _req(rid: str, level: str, check: Data, **extra: Any) -> Data:
    return {
        "id": rid,
        "level": level,
        "category": "metric",
        "title": f"Requirement {rid}",
        "text": f"The evaluator {level.replace('_', ' ')} do {rid}.",
        "check": check,
        **extra,
    }


@functools.cache
def _fixture() -> Data:
    data: Data = parse_yaml("f", FIXTURE.read_bytes()).data
    return data


def base() -> Data:
    """The test fixture, enriched so that every field the rules look at is present."""
    data = copy.deepcopy(_fixture())
    data["threat_profiles"] = [
        {"id": "TPF-1", "actor": "a", "capability_of_concern": "c", "marginal_baseline": "b"}
    ]
    data["definitions"] = [{"term": "solve", "text": "A captured flag."}]
    data["reference_models_policy"] = {"min_count": 2, "must_include": ["previous_model"]}
    tp = data["test_procedures"][0]
    impl = tp["implementation"]
    impl["sandbox"] = {"required": True, "internet_egress": "task_services_only"}
    impl["task_version"] = {"comparability": 1, "interface": "A"}
    impl["dataset"]["revision"] = "abc123"
    tp["scorer"] = {"type": "flag_capture", "oracle": "exact flag match"}
    tp["elicitation"] = {
        "scaffold": "react",
        "tools": ["bash"],
        "min_token_limit": 1000,
        "attempts_per_item": 5,
    }
    data["test_procedures"].append(
        {
            "id": "TP-2",
            "title": "Knowledge",
            "technique": "qa_benchmark",
            "description": "Questions.",
            "implementation": {"framework": "inspect_ai"},
        }
    )
    data["reporting"]["result_validity_period_days"] = 180
    data["requirements"] += [
        _req("R-03", "MUST", {"type": "metric_threshold", "metric": "M-SOLVE", "operator": "le", "value": 0.5}),
        _req("R-04", "SHOULD", {"type": "fields_present", "paths": ["elicitation.scaffold"]}),
        _req("R-05", "MUST", {"type": "reference_models", "min_count": 2}),
        _req("R-06", "MUST", {"type": "log_valid"}),
        _req("R-07", "MUST", {"type": "marking", "min_artifact_marking": "TLP:GREEN"}),
        _req("R-08", "MUST", {"type": "evidence_present", "kinds": ["document"]}),
        _req("R-09", "MAY", {"type": "attestation", "statement": "We did it."}),
        _req("R-10", "MUST_NOT", {"type": "manual"}),
        _req("R-11", "SHOULD", {"type": "metric_threshold", "metric": "M-SOLVE", "operator": "ge", "value": 0.1}),
        _req("R-12", "MUST", {"type": "manual"}, retired_in="1.0.0"),
        _req("R-21", "MUST", {"type": "field_value", "path": "runs[*].limits.token_limit", "procedure": "TP-1", "ge": 1000}),
        _req("R-22", "MUST", {"type": "field_value", "path": "environment.sandbox.internet_egress", "one_of": ["deny", "task_services_only"]}),
        _req("R-23", "MUST", {"type": "same_settings", "procedure": "TP-1", "fields": ["generate_config"]}),
        _req("R-24", "MUST", {"type": "all_of", "checks": [{"type": "reference_models", "min_count": 2}, {"type": "same_settings", "procedure": "TP-1"}]}),
    ]  # fmt: skip
    return data


def _r(d: Data, rid: str) -> Data:
    return next(r for r in d["requirements"] if r["id"] == rid)


def _tp(d: Data) -> Data:
    tp: Data = d["test_procedures"][0]
    return tp


def _set(path: str, value: Any) -> Edit:
    """Set a dotted path (list items by `R-..`/`TP-..`/`M-..` id or index) in the new version."""

    def edit(old: Data, new: Data) -> None:
        node: Any = new
        *parts, last = path.split(".")
        for part in parts:
            if isinstance(node, list):
                node = node[int(part)] if part.isdigit() else next(x for x in node if x.get("id") == part)  # fmt: skip
            else:
                node = node[part]
        if value is _DELETE:
            del node[last]
        else:
            node[last] = value

    return edit


_DELETE = object()


def _do(fn: Callable[[Data], None]) -> Edit:
    return lambda old, new: fn(new)


def _in_old(edit: Edit) -> Edit:
    """The edit applied to the old version instead: the new one lacks what it adds."""
    return lambda old, new: edit(new, old)


def _move_band_edge(d: Data) -> None:
    low, mid = d["outcome_bands"][0]["bands"][:2]
    low["max"] = mid["min"] = 0.2


def _bookkeeping(d: Data) -> None:
    d.update(
        status="draft",
        status_history=[{"status": "draft", "date": "2026-05-01"}],
        effective_date="2026-05-01",
        review_by="2027-05-01",
        supersedes="AISS-TST-001@1.0.0",
        superseded_by="AISS-TST-001@2.0.0",
        changelog=[{"version": "1.1.0", "changes": ["x"]}, *d["changelog"]],
    )


def _escalation_then_band(old: Data, new: Data) -> None:
    for d in (old, new):
        d["requirements"].append(_req("R-13", "MUST", {"type": "manual"}, category="escalation"))
    new["outcome_bands"][0]["decision_bound"] = "point"


CASES: list[tuple[str, Edit, list[tuple[str, Bump, str]]]] = [
    ("nothing", _do(lambda d: None), []),
    ("reordered lists are not changes", _do(lambda d: d["requirements"].reverse()), []),
    ("bookkeeping ignored", _do(_bookkeeping), []),
    ("new MUST", _do(lambda d: d["requirements"].append(_req("R-13", "MUST", {"type": "manual"}))), [("requirement-added-mandatory", M, "R-13")]),
    ("new SHOULD", _do(lambda d: d["requirements"].append(_req("R-13", "SHOULD", {"type": "manual"}))), [("requirement-added-optional", m, "R-13")]),
    ("tombstone", _set("requirements.R-02.retired_in", "1.1.0"), [("requirement-retired", M, "R-02")]),
    ("id dropped", _do(lambda d: d["requirements"].remove(_r(d, "R-02"))), [("requirement-removed", M, "R-02")]),
    ("id reused", _set("requirements.R-12.retired_in", _DELETE), [("requirement-id-reused", M, "R-12")]),
    ("tombstone edited", _set("requirements.R-12.title", "Old"), [("editorial", P, "R-12")]),
    ("SHOULD to MUST", _set("requirements.R-02.level", "MUST"), [("requirement-level-raised", M, "R-02")]),
    ("MAY to SHOULD", _set("requirements.R-09.level", "SHOULD"), [("requirement-level-raised-optional", m, "R-09")]),
    ("MUST to SHOULD", _set("requirements.R-01.level", "SHOULD"), [("requirement-level-lowered", m, "R-01")]),
    ("MUST NOT to MUST", _set("requirements.R-10.level", "MUST"), [("requirement-polarity-reversed", M, "R-10")]),
    ("category", _set("requirements.R-01.category", "process"), [("requirement-repurposed", M, "R-01")]),
    ("check type", _set("requirements.R-06.check", {"type": "manual"}), [("requirement-check-replaced", M, "R-06")]),
    ("check type of a SHOULD", _set("requirements.R-04.check", {"type": "manual"}), [("requirement-check-replaced", m, "R-04")]),
    ("check metric", _set("requirements.R-02.check.metric", "M-OTHER"), [("requirement-check-replaced", m, "R-02")]),
    ("attestation statement", _set("requirements.R-09.check.statement", "We did more."), [("requirement-check-replaced", m, "R-09")]),
    ("evidence kind added", _set("requirements.R-08.check.kinds", ["document", "eval_log"]), [("requirement-check-tightened", M, "R-08")]),
    ("any evidence now named", _set("requirements.R-08.check.kinds", []), [("requirement-check-loosened", m, "R-08")]),
    ("field path added to a SHOULD", _set("requirements.R-04.check.paths", ["elicitation.scaffold", "runs"]), [("requirement-check-tightened", m, "R-04")]),
    ("reference min_count down", _set("requirements.R-05.check.min_count", 1), [("requirement-check-loosened", m, "R-05")]),
    ("reference models of one procedure", _set("requirements.R-05.check.procedure", "TP-1"), [("requirement-check-tightened", M, "R-05")]),
    ("logs of one procedure", _set("requirements.R-06.check.procedure", "TP-1"), [("requirement-check-loosened", m, "R-06")]),
    ("marking stricter", _set("requirements.R-07.check.min_artifact_marking", "TLP:AMBER"), [("requirement-check-tightened", M, "R-07")]),
    ("threshold lowered (le)", _set("requirements.R-03.check.value", 0.4), [("threshold-tightened", M, "R-03")]),
    ("le to lt", _set("requirements.R-03.check.operator", "lt"), [("threshold-tightened", M, "R-03")]),
    ("threshold raised (le)", _set("requirements.R-03.check.value", 0.6), [("threshold-loosened", m, "R-03")]),
    ("threshold raised (ge) on a SHOULD", _set("requirements.R-11.check.value", 0.2), [("threshold-tightened", m, "R-11")]),
    ("threshold lowered (ge)", _set("requirements.R-11.check.value", 0.05), [("threshold-loosened", m, "R-11")]),
    ("threshold reversed", _set("requirements.R-03.check.operator", "ge"), [("requirement-check-replaced", M, "R-03")]),
    ("threshold marked illustrative", _set("requirements.R-03.check.illustrative", True), [("editorial", P, "R-03")]),
    ("more epochs", _set("requirements.R-01.check.min_epochs", 10), [("sampling-minimum-raised", M, "R-01")]),
    ("fewer items", _set("requirements.R-01.check.min_items", 30), [("sampling-minimum-lowered", m, "R-01")]),
    ("error rate capped", _set("requirements.R-01.check.max_error_rate", 0.05), [("sampling-minimum-raised", M, "R-01")]),
    ("token floor of a value check raised", _set("requirements.R-21.check.ge", 2000), [("requirement-check-tightened", M, "R-21")]),
    ("value check bound lowered", _set("requirements.R-21.check.ge", 500), [("requirement-check-loosened", m, "R-21")]),
    ("allowed values widened", _set("requirements.R-22.check.one_of", ["deny", "task_services_only", "allow"]), [("requirement-check-loosened", m, "R-22")]),
    ("allowed values narrowed", _set("requirements.R-22.check.one_of", ["deny"]), [("requirement-check-tightened", M, "R-22")]),
    ("value check path changed", _set("requirements.R-21.check.path", "runs[*].limits.time_limit"), [("requirement-check-replaced", M, "R-21")]),
    ("settings compared added", _set("requirements.R-23.check.fields", ["generate_config", "limits"]), [("requirement-check-tightened", M, "R-23")]),
    ("a part added to all_of", _do(lambda d: _r(d, "R-24")["check"]["checks"].append({"type": "log_valid"})), [("requirement-check-tightened", M, "R-24")]),
    ("a part dropped from all_of", _in_old(_do(lambda d: _r(d, "R-24")["check"]["checks"].append({"type": "log_valid"}))), [("requirement-check-loosened", m, "R-24")]),
    ("a part of all_of tightened", _do(lambda d: _r(d, "R-24")["check"]["checks"][0].update(min_count=3)), [("requirement-check-tightened", M, "R-24")]),
    ("one check becomes all_of", _do(lambda d: _r(d, "R-05").update(check={"type": "all_of", "checks": [{"type": "reference_models", "min_count": 2}, {"type": "same_settings", "procedure": "TP-1"}]})), [("requirement-check-tightened", M, "R-05")]),
    ("procedure sampling raised", _set("test_procedures.TP-1.sampling.min_items", 50), [("sampling-minimum-raised", M, "TP-1")]),
    ("applies_if added", _set("requirements.R-01.applies_if", {"path": "system.access", "equals": "weights"}), [("requirement-applicability-narrowed", m, "R-01")]),
    ("applies_if removed", _in_old(_set("requirements.R-01.applies_if", {"path": "a", "equals": "b"})), [("requirement-applicability-widened", M, "R-01")]),
    ("text", _set("requirements.R-01.text", "The evaluator MUST run TP-1 on all 40 items, 5 epochs each."), [("requirement-text-changed", P, "R-01")]),
    ("title", _set("requirements.R-01.title", "Whole suite"), [("requirement-text-changed", P, "R-01")]),
    ("rationale", _set("requirements.R-01.rationale", "Because."), [("requirement-guidance-changed", P, "R-01")]),
    ("new procedure", _do(lambda d: d["test_procedures"].append({**d["test_procedures"][1], "id": "TP-3"})), [("procedure-added", M, "TP-3")]),
    ("new optional procedure", _do(lambda d: d["test_procedures"].append({**d["test_procedures"][1], "id": "TP-3", "optional": True})), [("procedure-added-optional", m, "TP-3")]),
    ("procedure removed", _do(lambda d: d["test_procedures"].pop()), [("procedure-removed", M, "TP-2")]),
    ("technique", _set("test_procedures.TP-1.technique", "red_team"), [("procedure-changed", M, "TP-1")]),
    ("oracle", _set("test_procedures.TP-1.scorer.oracle", "flag or shell"), [("procedure-changed", M, "TP-1")]),
    ("tool added", _set("test_procedures.TP-1.elicitation.tools", ["bash", "python"]), [("procedure-changed", M, "TP-1")]),
    ("token floor lowered", _set("test_procedures.TP-1.elicitation.min_token_limit", 500), [("procedure-relaxed", m, "TP-1")]),
    ("no prompt iteration", _set("test_procedures.TP-1.elicitation.allow_prompt_iteration", False), [("procedure-changed", M, "TP-1")]),
    ("egress denied", _set("test_procedures.TP-1.implementation.sandbox.internet_egress", "deny"), [("procedure-changed", M, "TP-1")]),
    ("egress allowed", _set("test_procedures.TP-1.implementation.sandbox.internet_egress", "allow"), [("procedure-relaxed", m, "TP-1")]),
    ("procedure made optional", _set("test_procedures.TP-1.optional", True), [("procedure-relaxed", m, "TP-1")]),
    ("procedure title", _set("test_procedures.TP-1.title", "CTF"), [("editorial", P, "TP-1")]),
    ("dataset revision", _set("test_procedures.TP-1.implementation.dataset.revision", "def456"), [("dataset-pin-changed", M, "TP-1")]),
    ("dataset pinned", _set("test_procedures.TP-2.implementation.dataset", {"name": "wmdp", "items": 100}), [("dataset-pin-changed", M, "TP-2")]),
    ("dataset unpinned", _set("test_procedures.TP-1.implementation.dataset", _DELETE), [("dataset-pin-removed", m, "TP-1")]),
    ("dataset url", _set("test_procedures.TP-1.implementation.dataset.url", "https://example.org/d"), [("metadata-changed", P, "TP-1")]),
    ("task comparability", _set("test_procedures.TP-1.implementation.task_version.comparability", 2), [("task-version-changed", M, "TP-1")]),
    ("task interface", _set("test_procedures.TP-1.implementation.task_version.interface", "B"), [("task-version-relaxed", m, "TP-1")]),
    ("new metric", _do(lambda d: d["metrics"].append({**d["metrics"][0], "id": "M-NEW"})), [("metric-added", m, "M-NEW")]),
    ("metric removed", _do(lambda d: d["metrics"].clear()), [("metric-removed", M, "M-SOLVE")]),
    ("aggregation", _set("metrics.M-SOLVE.aggregation", "max"), [("metric-redefined", M, "M-SOLVE")]),
    ("epoch reducer", _set("metrics.M-SOLVE.inspect_mapping.reducer", "pass_at_5"), [("metric-redefined", M, "M-SOLVE")]),
    ("inspect metric name", _set("metrics.M-SOLVE.inspect_mapping.metric", "mean"), [("metric-mapping-changed", m, "M-SOLVE")]),
    ("metric name", _set("metrics.M-SOLVE.name", "Solves"), [("editorial", P, "M-SOLVE")]),
    ("band edge", _do(_move_band_edge), [("outcome-band-changed", m, "outcome bands of M-SOLVE")]),
    ("decision bound", _do(lambda d: d["outcome_bands"][0].update(decision_bound="point")), [("outcome-band-changed", m, "outcome bands of M-SOLVE")]),
    ("band edge with an escalation requirement", _escalation_then_band, [("outcome-band-changed-escalation", M, "outcome bands of M-SOLVE")]),
    ("band description", _do(lambda d: d["outcome_bands"][0]["bands"][0].update(description="Low.")), [("editorial", P, "outcome bands of M-SOLVE")]),
    ("system type added", _do(lambda d: d["scope"]["system_types"].append("agent_system")), [("scope-widened", m, "scope")]),
    ("exclusion added", _set("scope.exclusions", ["defensive tools"]), [("scope-narrowed", M, "scope")]),
    ("section required", _do(lambda d: d["reporting"]["required_sections"].append("limitations")), [("reporting-tightened", M, "reporting")]),
    ("validity longer", _set("reporting.result_validity_period_days", 365), [("reporting-loosened", m, "reporting")]),
    ("more reference models", _set("reference_models_policy.min_count", 3), [("reference-models-tightened", M, "reference_models_policy")]),
    ("no reference policy", _set("reference_models_policy", _DELETE), [("reference-models-loosened", m, "reference_models_policy")]),
    ("risk domain", _do(lambda d: d["risk_domains"].append("cbrn.bio")), [("classification-changed", m, "risk_domains")]),
    ("threat profile added", _do(lambda d: d["threat_profiles"].append({**d["threat_profiles"][0], "id": "TPF-2"})), [("classification-changed", m, "TPF-2")]),
    ("threat profile text", _set("threat_profiles.TPF-1.actor", "b"), [("editorial", P, "TPF-1")]),
    ("summary", _set("summary", "Another summary."), [("editorial", P, "summary")]),
    ("definition", _set("definitions.0.text", "A flag."), [("editorial", P, "definition 'solve'")]),
    ("reference", _set("references.0.title", "CyBench"), [("editorial", P, "reference CYBENCH")]),
    ("crosswalk", _do(lambda d: d["crosswalks"].clear()), [("editorial", P, "crosswalk R-01 -> nist-ai-rmf 1.0")]),
    ("old changelog entry", _set("changelog.0.changes", ["First publication."]), [("editorial", P, "changelog 1.0.0")]),
    ("issuers", _set("issuers", ["test-institute", "other"]), [("metadata-changed", P, "issuers")]),
]  # fmt: skip


def _diff(edit: Edit) -> list[tuple[str, Bump, str]]:
    old, new = base(), base()
    edit(old, new)
    new["version"] = "1.1.0"
    report = diff_standards(Standard.model_validate(old), Standard.model_validate(new))
    return [(c.rule_id, c.bump, c.target_id) for c in report.changes]


@pytest.mark.parametrize(("name", "edit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_change_is_classified(name: str, edit: Edit, expected: list[tuple[str, Bump, str]]) -> None:
    assert _diff(edit) == expected


def test_every_rule_of_the_table_is_exercised() -> None:
    exercised = {rule for _, _, expected in CASES for rule, _, _ in expected}
    assert set(RULES) - exercised == set()


def test_locations_point_into_both_files() -> None:
    old, new = base(), base()
    _set("requirements.R-03.check.value", 0.4)(old, new)
    new["requirements"].insert(0, new["requirements"].pop(2))  # R-03 moves to the top
    report = diff_standards(Standard.model_validate(old), Standard.model_validate(new))
    (change,) = report.changes
    assert change.old_loc == ("requirements", 2, "check", "value")
    assert change.new_loc == ("requirements", 0, "check", "value")
    assert (change.before, change.after) == ("le 0.5", "le 0.4")
    assert change.message == "R-03 threshold tightened: M-SOLVE le 0.5 -> le 0.4"


def test_additions_and_removals_have_one_side() -> None:
    old, new = base(), base()
    new["requirements"].append(_req("R-13", "MUST", {"type": "manual"}))
    new["metrics"].clear()
    report = diff_standards(Standard.model_validate(old), Standard.model_validate(new))
    by_rule = {c.rule_id: c for c in report.changes}
    assert by_rule["requirement-added-mandatory"].old_loc is None
    assert by_rule["requirement-added-mandatory"].new_loc == (
        "requirements",
        len(old["requirements"]),
    )
    assert by_rule["metric-removed"].new_loc is None
    assert by_rule["metric-removed"].old_loc == ("metrics", 0)


def test_different_standards_are_refused() -> None:
    old, new = base(), base()
    new["id"] = "AISS-TST-002"
    with pytest.raises(ValueError, match="different standards"):
        diff_standards(Standard.model_validate(old), Standard.model_validate(new))


def test_original_data_is_not_mutated_by_cases() -> None:
    before = copy.deepcopy(base())
    _diff(CASES[3][1])
    assert base() == before
