"""Inspect logs -> result submission: procedure matching, score lookup, counts, references."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from aiss.compose.tables import KINDS
from aiss.conformance.intake import Intake
from aiss.conformance.serialize import samples_jsonl, to_json, to_yaml
from aiss.importers.inspect_log import InspectLog, ScoreSummary, read_inspect_log
from aiss.importers.inspect_submission import build_submission, match_procedure
from aiss.models.common import Tlp
from aiss.models.standard import Standard
from aiss.source import parse_yaml
from aiss.validation.document import check_document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
LOGS = FIXTURES / "inspect"


def standard(sid: str = "AISS-INS-001") -> Standard:
    path = FIXTURES / "submissions" / "registry" / sid / "1.0.0" / "standard.yaml"
    model = check_document(parse_yaml(path.name, path.read_bytes()), KINDS).model
    assert isinstance(model, Standard)
    return model


@pytest.fixture(scope="module")
def success() -> InspectLog:
    return read_inspect_log(LOGS / "success.eval")


@pytest.fixture(scope="module")
def epochs() -> InspectLog:
    return read_inspect_log(LOGS / "epochs.eval")


def test_procedures_match_by_task_name_with_or_without_registry(success: InspectLog) -> None:
    std = standard()
    assert match_procedure(std, success) is std.test_procedures[0]
    prefixed = std.model_copy(
        update={
            "test_procedures": [
                p.model_copy(
                    update={
                        "implementation": p.implementation.model_copy(
                            update={"task": "inspect_evals/hazard_mcq"}
                        )
                    }
                )
                for p in std.test_procedures
            ]
        }
    )
    assert match_procedure(prefixed, success) is not None
    assert (
        match_procedure(prefixed, replace(success, task="other", task_registry_name=None)) is None
    )


def test_single_log_import(success: InspectLog) -> None:
    imported = build_submission(standard(), [("success.eval", success)], standard_sha256="a" * 64)
    sub = imported.submission
    assert sub is not None and imported.diagnostics == []
    assert sub.standard.sha256 == "a" * 64
    assert sub.marking.tlp is Tlp.AMBER_STRICT
    assert sub.sut_model == "mockllm/model" and sub.reference_models == []
    assert sub.environment is not None and sub.environment.harness == "inspect_ai==0.3.285"
    (run,) = sub.runs
    assert run.sample_scorer == "choice_with_refusal"
    assert run.samples is not None and len(run.samples) == 12
    assert sum(1 for s in run.samples if s.refusal) == 1
    (mr,) = sub.metric_results
    assert mr.value == pytest.approx(0.7083333333)
    assert mr.ci is not None and mr.ci.method == "t"
    assert (mr.n_items, mr.n_epochs, mr.n_scored) == (12, 1, 12)
    assert mr.stderr == pytest.approx(0.12995239998794275)


def test_epochs_log_uses_the_mean_reducer(epochs: InspectLog) -> None:
    sub = build_submission(standard("AISS-INS-002"), [("epochs.eval", epochs)]).submission
    assert sub is not None
    (mr,) = sub.metric_results
    assert mr.value == pytest.approx(0.5416666667)  # reducer mean, not max (1.0)
    assert mr.ci is not None and mr.ci.method == "clustered_t"
    assert (mr.n_items, mr.n_epochs) == (4, 3)
    assert sub.runs[0].epochs_reducer == ["mean", "max"]


def test_reference_models_and_settings(success: InspectLog) -> None:
    other = replace(success, model="other/ref", sha256="b" * 64)
    slower = replace(success, model="other/slow", sha256="c" * 64, epochs=3)
    logs = [("a.eval", success), ("b.eval", other), ("c.eval", slower)]
    sub = build_submission(standard(), logs).submission
    assert sub is not None
    assert [(r.model, r.same_settings) for r in sub.reference_models] == [
        ("other/ref", True),
        ("other/slow", False),
    ]
    assert [r.id for r in sub.runs] == ["tp-1", "tp-1-2", "tp-1-3"]


def test_missing_metric_and_unmatched_logs(success: InspectLog) -> None:
    renamed = replace(
        success,
        scores=tuple(
            replace(s, metrics={"mean": 0.5}) for s in success.scores if isinstance(s, ScoreSummary)
        ),
    )
    imported = build_submission(standard(), [("r.eval", renamed)])
    assert [d.code for d in imported.diagnostics] == ["metric-not-in-log"]
    none = build_submission(standard("AISS-CHK-001"), [("s.eval", success)])
    assert none.submission is None
    assert [d.code for d in none.diagnostics] == ["log-not-matched", "no-log-matched"]


def test_serialised_forms_read_back(success: InspectLog) -> None:
    sub = build_submission(standard(), [("success.eval", success)]).submission
    assert sub is not None
    yaml_text = to_yaml(sub)
    assert yaml_text.startswith("# yaml-language-server:")
    checked = check_document(parse_yaml("x.yaml", yaml_text.encode()), KINDS)
    # the submission pass keeps sample records in its tables, not in the model
    assert isinstance(checked, Intake) and checked.diagnostics == []
    runs = [r.model_copy(update={"samples": None}) for r in sub.runs]
    assert checked.model == sub.model_copy(update={"runs": runs})
    assert {k: len(v) for k, v in checked.samples.items()} == {
        r.id: len(r.samples) for r in sub.runs if r.samples
    }
    assert '"2026-' in yaml_text  # timestamps stay text, quoted
    assert '"samples": [' in to_json(sub) and '"samples": [' not in to_json(
        sub, without_samples=True
    )
    assert len(samples_jsonl(sub).splitlines()) == 12
