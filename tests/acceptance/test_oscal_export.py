"""`aiss export oscal`: the catalog of a standard version and the assessment results of a check
validate against NIST's published OSCAL 1.2.3 JSON Schemas (test data in tests/fixtures/schemas,
read with jsonschema-rs: Python's `re` cannot compile their `\\p{L}` patterns)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from click.testing import CliRunner

from aiss.cli.main import cli
from tests.support.joint import Joint, build_joint

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"
REPO = Path(__file__).resolve().parents[2]


def _validator(name: str) -> Any:
    return jsonschema_rs.validator_for(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))


CATALOG = _validator("oscal_catalog_schema.json")
RESULTS = _validator("oscal_assessment-results_schema.json")


@pytest.fixture(scope="module")
def joint(tmp_path_factory: pytest.TempPathFactory) -> Joint:
    return build_joint(tmp_path_factory.mktemp("joint"))


def _export(*args: str) -> Any:
    result = CliRunner().invoke(cli, ["export", "oscal", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _errors(validator: Any, doc: Any) -> list[str]:
    return [str(e) for e in validator.iter_errors(doc)]


@pytest.mark.parametrize(
    "ref", ["AISS-CYB-001@1.1.0", "AISS-CBRN-001@1.0.0", "AISS-RPT-001@1.1.0", "AISS-SAF-001@1.0.0"]
)
def test_shipped_standards_are_valid_oscal_catalogs(ref: str) -> None:
    doc = _export("catalog", "--root", str(REPO / "standards"), ref)
    assert _errors(CATALOG, doc) == []
    cat = doc["catalog"]
    assert cat["metadata"]["oscal-version"] == "1.2.3"
    assert cat["metadata"]["version"] == ref.split("@")[1]
    controls = [c for g in cat["groups"] for c in g["controls"]]
    assert controls and all(c["parts"][0]["name"] == "statement" for c in controls)
    # the same input gives the same document (UUIDs are version 5, from the standard)
    assert _export("catalog", "--root", str(REPO / "standards"), ref) == doc


def test_the_schema_check_can_fail(joint: Joint) -> None:
    doc = _export("catalog", "--root", str(joint.root), "AISS-JNT-001@1.0.0")
    assert _errors(CATALOG, doc) == []
    bad = copy.deepcopy(doc)
    bad["catalog"]["groups"][0]["controls"][0]["id"] = "1 not a token"
    assert _errors(CATALOG, bad) != []
    del bad["catalog"]["metadata"]
    assert _errors(CATALOG, bad) != []


def test_check_reports_are_valid_assessment_results(joint: Joint, tmp_path: Path) -> None:
    out = tmp_path / "ar.json"
    subs = [str(joint.submissions["uk"]), str(joint.submissions["us-low"])]
    result = CliRunner().invoke(
        cli, ["export", "oscal", "results", "--root", str(joint.root), *subs, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert _errors(RESULTS, doc) == []
    ar = doc["assessment-results"]
    uk, us = ar["results"]
    states = {f["target"]["target-id"]: f["target"]["status"] for f in uk["findings"]}
    assert states == {
        "R-01": {"state": "satisfied", "reason": "pass"},
        "R-02": {"state": "satisfied", "reason": "pass"},
        "R-03": {"state": "not-satisfied", "reason": "fail"},
    }
    assert {f["target"]["target-id"]: f["target"]["status"]["state"] for f in us["findings"]} == {
        "R-01": "satisfied",
        "R-02": "satisfied",
        "R-03": "satisfied",
    }
    obs = {o["uuid"] for o in uk["observations"]}
    assert all(f["related-observations"][0]["observation-uuid"] in obs for f in uk["findings"])
    assert {
        "name": "marking",
        "ns": "https://aiss.example.org/ns/oscal",
        "value": "TLP-AMBER",
    } in ar["metadata"]["props"]
    bad = copy.deepcopy(doc)
    bad["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"] = "maybe"
    assert _errors(RESULTS, bad) != []
