"""`aiss.exchange.redact`: runs reach the public summary through an allow-list; every free
text inside a run is withheld, equal texts under the same placeholder."""

from __future__ import annotations

from typing import Any

from aiss.conformance import serialize
from aiss.conformance.report import ConformanceReport
from aiss.conformance.settings import differences
from aiss.exchange.redact import redact
from aiss.models.common import Tlp
from aiss.models.submission import ResultSubmission
from aiss.models.verdicts import Overall

SECRET = "SECRETMARK"
SHA = "a" * 64


def _run(run_id: str, model: str, prompt: str) -> dict[str, Any]:
    s = SECRET
    return {
        "id": run_id,
        "procedure": "TP-1",
        "model": model,
        "model_roles": {"grader": f"{s}-grader/model", f"{s} role": "x"},
        "org": "uk-aisi",
        "error": f"{s}-error",
        "log": {"format": "inspect_eval", "uri": f"{s}.eval", "eval_id": f"{s}-eval"},
        "task": {
            "name": "cybench",
            "registry": "inspect_evals",
            "version": "1-A",
            "file": f"{s}/task.py",
            "args": {"hint": f"{s}-arg", "n": 3, "nested": {"deep": [f"{s}-deep", True]}},
        },
        "dataset": {
            "name": "cybench",
            "samples": 40,
            "revision": f"{s}-rev",
            "location": f"s3://{s}",
            "sample_ids_sha256": SHA,
        },
        "generate_config": {
            "temperature": 0.7,
            "max_tokens": 100,
            "reasoning_effort": "high",
            "system_message": prompt,
            "stop_seqs": [f"{s}-stop"],
            "extra_body": {"system": f"{s}-extra"},
        },
        "solver": [
            {"solver": "system_message", "params": {"template": prompt}},
            {"solver": f"{s} solver", "params": {f"{s} key": 1}},
        ],
        "sandbox": {"type": "docker", "config": f"{s}-compose.yaml", "internet_egress": "deny"},
        "limits": {"token_limit": 64000, "time_limit": 600},
        "epochs": 5,
        "epochs_reducer": ["mean", f"{s}-reducer"],
        "counts": {"items": 40, "total_samples": 200, "completed_samples": 198},
        "scores": [
            {
                "name": "accuracy",
                "scorer": "includes",
                "reducer": f"{s}-reducer",
                "scored_samples": 198,
                "metrics": {"accuracy": {"value": 0.5, "params": {"cluster": f"{s}-c", "k": 2}}},
            }
        ],
        "token_usage": {model: {"input_tokens": 5}, f"{s}-grader/model": {"input_tokens": 1}},
        "sample_scorer": f"{s}-scorer",
        "samples": [{"id": 1, "score": 1, "error": f"{s}-sample"}],
    }


def _submission(sut_prompt: str, ref_prompt: str) -> ResultSubmission:
    return ResultSubmission.model_validate(
        {
            "schema_version": "1.0.0",
            "kind": "ResultSubmission",
            "submission_id": "sub-1",
            "standard": {"id": "AISS-CYB-001", "version": "2.0.0"},
            "marking": {"tlp": "TLP:AMBER"},
            "evaluating_orgs": ["uk-aisi"],
            "system_under_test": {"model": {"provider_id": "mockllm/sut"}},
            "reference_models": [{"model": "mockllm/ref", "same_settings": True}],
            "runs": [
                _run("sut", "mockllm/sut", sut_prompt),
                _run("ref", "mockllm/ref", ref_prompt),
            ],
        }
    )


def _report() -> ConformanceReport:
    return ConformanceReport("x.yaml", Overall.NON_CONFORMANT, "pins-not-met", Tlp.AMBER)


def test_no_free_text_of_a_run_reaches_the_summary() -> None:
    out = redact(_submission(f"{SECRET}-prompt", f"{SECRET}-prompt"), _report(), SHA)
    assert SECRET not in serialize.to_yaml(out)
    run = out.runs[0]
    assert run.log is None and run.samples is None and run.error is None
    assert run.sample_scorer is None and run.dataset and run.dataset.location is None
    assert "withheld" in out.limitations[0]


def test_what_is_safe_and_needed_survives() -> None:
    out = redact(_submission(f"{SECRET}-prompt", f"{SECRET}-prompt"), _report(), SHA)
    run = out.runs[0]
    assert (run.id, run.procedure, run.model, run.org) == ("sut", "TP-1", "mockllm/sut", "uk-aisi")
    assert run.task and (run.task.name, run.task.registry, run.task.version) == (
        "cybench",
        "inspect_evals",
        "1-A",
    )
    assert run.task.args["n"] == 3
    assert run.dataset and (run.dataset.name, run.dataset.samples) == ("cybench", 40)
    assert run.dataset.sample_ids_sha256 == SHA
    assert run.generate_config["temperature"] == 0.7
    assert run.generate_config["max_tokens"] == 100
    assert run.generate_config["reasoning_effort"] == "high"
    assert run.solver[0].solver == "system_message"
    assert run.sandbox and (run.sandbox.type, run.sandbox.internet_egress) == ("docker", "deny")
    assert run.limits and run.limits.token_limit == 64000
    assert (run.epochs, run.epochs_reducer[0]) == (5, "mean")
    assert run.counts and run.counts.total_samples == 200
    assert run.scores[0].scorer == "includes" and run.scores[0].metrics["accuracy"].value == 0.5
    assert run.token_usage["mockllm/sut"].input_tokens == 5


def test_withheld_texts_keep_equality_so_same_settings_cannot_flip() -> None:
    same = redact(_submission(f"{SECRET}-a", f"{SECRET}-a"), _report(), SHA)
    assert differences(same.runs[1], same.runs[0]) == []
    differ = redact(_submission(f"{SECRET}-a", f"{SECRET}-b"), _report(), SHA)
    names = [d[0] for d in differences(differ.runs[1], differ.runs[0])]
    assert names == ["generate_config", "solver"]


def test_digest_revisions_and_numeric_versions_are_kept() -> None:
    sub = _submission("p", "p")
    data = sub.model_dump(mode="json", exclude_none=True)
    data["runs"][0]["dataset"]["revision"] = "007369b247877daf390f4111aeaed5241437f696"
    data["runs"][0]["task"]["version"] = 2
    out = redact(ResultSubmission.model_validate(data), _report(), SHA)
    assert (
        out.runs[0].dataset
        and out.runs[0].dataset.revision == data["runs"][0]["dataset"]["revision"]
    )
    assert out.runs[0].task and out.runs[0].task.version == 2
