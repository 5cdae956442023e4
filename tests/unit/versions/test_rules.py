"""versions.rules / specs / change: the table is complete, documented, and covers every field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest
from pydantic import BaseModel

from aiss.models import Standard, procedures, standard
from aiss.models import checks as check_models
from aiss.versions.change import Change, DiffReport, declared_bump
from aiss.versions.compare import Nested, Policy
from aiss.versions.reqdiff import CHECKS, REQUIREMENT_FIELDS
from aiss.versions.rules import RULES, Bump, rule_table_markdown
from aiss.versions.specs import (
    KEYED_TOP,
    METRIC,
    PROCEDURE,
    REFERENCE_MODELS,
    REPORTING,
    SAMPLING,
    SCOPE,
    THREAT_PROFILE,
    TOP,
)

REPO = Path(__file__).resolve().parents[3]


def _nested(spec: dict[str, Policy], name: str) -> dict[str, Policy]:
    policy = spec[name]
    assert isinstance(policy, Nested)
    return dict(policy.spec)


_IMPL = _nested(PROCEDURE, "implementation")
SPECS: list[tuple[str, dict[str, Policy] | set[str], type[BaseModel]]] = [
    ("standard", set(TOP) | set(KEYED_TOP), Standard),
    ("procedure", PROCEDURE, procedures.TestProcedure),
    ("implementation", _IMPL, procedures.Implementation),
    ("task_version", _nested(_IMPL, "task_version"), procedures.TaskVersion),
    ("dataset", _nested(_IMPL, "dataset"), procedures.DatasetPin),
    ("sandbox", _nested(_IMPL, "sandbox"), procedures.Sandbox),
    ("scorer", _nested(PROCEDURE, "scorer"), procedures.Scorer),
    ("elicitation", _nested(PROCEDURE, "elicitation"), procedures.Elicitation),
    ("sampling", SAMPLING, procedures.Sampling),
    ("metric", METRIC, procedures.Metric),
    ("uncertainty", _nested(METRIC, "uncertainty"), procedures.Uncertainty),
    ("inspect_mapping", _nested(METRIC, "inspect_mapping"), procedures.InspectMapping),
    ("threat_profile", THREAT_PROFILE, standard.ThreatProfile),
    ("scope", SCOPE, standard.Scope),
    ("reporting", REPORTING, standard.Reporting),
    ("reference_models_policy", REFERENCE_MODELS, standard.ReferenceModelsPolicy),
    ("requirement", set(REQUIREMENT_FIELDS), standard.Requirement),
    (
        "metric_threshold",
        {"type", "metric", "operator", "value", "illustrative"},
        check_models.MetricThreshold,
    ),
    *[
        (f"check {name}", spec, model)
        for name, spec in CHECKS.items()
        for model in [
            m
            for m in vars(check_models).values()
            if isinstance(m, type)
            and issubclass(m, BaseModel)
            and "type" in m.model_fields
            and name in get_args(m.model_fields["type"].annotation)
        ]
    ],
]


@pytest.mark.parametrize(("name", "spec", "model"), SPECS, ids=[s[0] for s in SPECS])
def test_every_model_field_has_a_policy(
    name: str, spec: dict[str, Policy] | set[str], model: type[BaseModel]
) -> None:
    """A field added to the models must be classified here, or the diff would not see it."""
    assert set(spec) == set(model.model_fields)


def test_every_check_type_has_a_spec() -> None:
    types = {
        t
        for m in vars(check_models).values()
        if isinstance(m, type) and issubclass(m, BaseModel) and "type" in m.model_fields
        for t in get_args(m.model_fields["type"].annotation)
    }
    assert types - {"metric_threshold"} == set(CHECKS)


def test_rule_ids_are_stable_kebab_case_with_text() -> None:
    for rule in RULES.values():
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule.id)
        assert rule.when.endswith(".") and rule.why.endswith(".")
        assert rule.optional_bump is None or rule.optional_bump < rule.bump


def test_versioning_page_holds_the_current_table() -> None:
    page = (REPO / "site_src" / "versioning.md").read_text(encoding="utf-8")
    assert rule_table_markdown() in page, "site_src/versioning.md is stale: paste rule_table_markdown()"  # fmt: skip


def test_contributing_links_the_rule_table() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "site_src/versioning.md" in text
    for code in ("frozen-version-modified", "version-bump-too-small", "acknowledged-changes.yaml"):
        assert code in text


@pytest.mark.parametrize(
    ("old", "new", "bump"),
    [
        ("1.0.0", "2.0.0", Bump.MAJOR),
        ("1.0.0", "1.1.0", Bump.MINOR),
        ("1.1.0", "1.1.1", Bump.PATCH),
        ("1.0.0", "3.0.0", Bump.MAJOR),
        ("0.3.0", "0.4.0", Bump.MAJOR),
        ("0.3.0", "0.3.1", Bump.MINOR),
        ("1.0.0-rc.1", "1.0.0", Bump.PATCH),
        ("1.1.0", "1.1.0", None),
        ("1.1.0", "1.0.9", None),
    ],
)
def test_declared_bump(old: str, new: str, bump: Bump | None) -> None:
    assert declared_bump(old, new) == bump


def _report(*bumps: Bump, new: str = "1.1.0") -> DiffReport:
    changes = tuple(Change("editorial", f"T-{i}", b, f"change {i}") for i, b in enumerate(bumps))
    return DiffReport("AISS-TST-001", "1.0.0", new, changes)


def test_report_verdicts() -> None:
    assert _report().required is None and _report().ok
    assert _report(Bump.MINOR, Bump.PATCH).ok
    r = _report(Bump.MAJOR, Bump.MINOR, Bump.MAJOR)
    assert not r.ok and r.required is Bump.MAJOR
    assert [c.target_id for c in r.reasons()] == ["T-0", "T-2"]
    assert not _report(new="1.0.0").ok


def test_acknowledged_changes_do_not_count() -> None:
    r = _report(Bump.MAJOR, Bump.PATCH).acknowledge({("editorial", "T-0"): "approved"})
    assert r.ok and r.required is Bump.PATCH
    assert r.changes[0].acknowledged == "approved"
    assert _report(Bump.MAJOR).acknowledge({("editorial", "*"): "all"}).ok
