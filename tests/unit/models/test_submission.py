"""The `ResultSubmission` model: markings, sample-file paths, run ids, documented fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from aiss.catalog.schemas import generate
from aiss.models.common import Tlp
from aiss.models.submission import ResultSubmission
from aiss.source import parse_yaml

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "submissions" / "conformant.yaml"


def data() -> dict[str, Any]:
    loaded = parse_yaml("conformant.yaml", FIXTURE.read_bytes()).data
    assert isinstance(loaded, dict)
    return loaded


def test_the_conformant_fixture_is_a_valid_submission() -> None:
    sub = ResultSubmission.model_validate(data())
    assert sub.sut_model == "examplelab/frontier-x"
    assert sub.reference_model_ids() == {"mockllm/frontier-w"}
    assert sub.runs[0].samples is not None and len(sub.runs[0].samples) == 40
    assert "samples" in sub.dump()["runs"][0]


@pytest.mark.parametrize("label", [t.value for t in Tlp])
def test_every_tlp_2_label_is_accepted_by_the_model(label: str) -> None:
    d = data()
    d["marking"]["tlp"] = label
    assert ResultSubmission.model_validate(d).marking.tlp.value == label


@pytest.mark.parametrize("label", ["TLP:WHITE", "TLP:PURPLE", "tlp:clear", "CLEAR"])
def test_other_labels_are_refused_by_the_model(label: str) -> None:
    d = data()
    d["marking"]["tlp"] = label
    with pytest.raises(ValidationError):
        ResultSubmission.model_validate(d)


@pytest.mark.parametrize(
    ("path", "ok"),
    [
        ("samples.jsonl", True),
        ("data/run-1.samples.jsonl", True),
        (".hidden/s.jsonl", True),
        ("..x.jsonl", True),
        ("../s.jsonl", False),
        ("data/../../s.jsonl", False),
        ("./s.jsonl", False),
        ("/etc/s.jsonl", False),
        ("C:/s.jsonl", False),
        ("a\\b.jsonl", False),
        ("s.json", False),
    ],
)
def test_samples_file_stays_beside_the_submission(path: str, ok: bool) -> None:
    d = data()
    d["samples_file"] = path
    if ok:
        assert ResultSubmission.model_validate(d).samples_file == path
    else:
        with pytest.raises(ValidationError):
            ResultSubmission.model_validate(d)


def test_run_ids_are_unique() -> None:
    d = data()
    d["runs"][1]["id"] = d["runs"][0]["id"]
    with pytest.raises(ValidationError, match="used twice"):
        ResultSubmission.model_validate(d)


def test_sample_scores_are_numbers_or_inspect_letters() -> None:
    d = data()
    d["runs"][0]["samples"][0]["score"] = "X"
    with pytest.raises(ValidationError):
        ResultSubmission.model_validate(d)


def _described(schema: dict[str, Any], defs: dict[str, Any], where: str) -> list[str]:
    missing = []
    for name, prop in schema.get("properties", {}).items():
        if "description" not in prop:
            missing.append(f"{where}.{name}")
    return missing


def test_every_field_is_documented_in_the_schema() -> None:
    schema = generate("submission.schema.json")
    defs = schema["$defs"]
    missing = _described(schema, defs, "ResultSubmission")
    for name, sub in defs.items():
        missing += _described(sub, defs, name)
    assert missing == []
