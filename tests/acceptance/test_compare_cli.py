"""`aiss compare` over the joint fixture: the real CLI on submissions imported from real
Inspect logs. The expected differences are recomputed here with scipy from the scores
inspect_ai itself wrote (`tests/fixtures/inspect/expected.json`), not from aiss."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from scipy import stats as sp

from aiss.catalog import schemas
from aiss.cli.main import cli
from aiss.conformance.differences import newcombe
from tests.support.joint import LOGS, Joint, build_joint, import_log

EXPECTED = json.loads((LOGS / "expected.json").read_text(encoding="utf-8"))
TOL = 1e-9


@pytest.fixture(scope="module")
def joint(tmp_path_factory: pytest.TempPathFactory) -> Joint:
    return build_joint(tmp_path_factory.mktemp("joint"))


def _compare(joint: Joint, *paths: Path, fmt: str = "json") -> tuple[int, Any]:
    args = ["compare", "--root", str(joint.root), "--format", fmt, *map(str, paths)]
    result = CliRunner().invoke(cli, args)
    return result.exit_code, json.loads(result.stdout) if fmt == "json" else result.stdout


def _per_item(log: str) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for s in EXPECTED[log]["samples"]:
        out.setdefault(s["id"], []).append(1.0 if s["scores"]["choice"] == "C" else 0.0)
    return out


def _paired_ci(log_a: str, log_b: str) -> tuple[float, float, float, int]:
    a, b = _per_item(log_a), _per_item(log_b)
    shared = sorted(set(a) & set(b))
    diffs = [sum(a[k]) / len(a[k]) - sum(b[k]) / len(b[k]) for k in shared]
    ci = sp.ttest_1samp(diffs, 0.0).confidence_interval(0.95)
    return sum(diffs) / len(diffs), ci.low, ci.high, len(shared)


def test_consistent_pair(joint: Joint) -> None:
    code, out = _compare(joint, joint.submissions["uk"], joint.submissions["us"])
    assert code == 0 and out["consistent"] is True
    jsonschema.validate(out, schemas.generate("compare-report.schema.json"))
    (pair,) = out["pairs"]
    (m,) = pair["metrics"]
    d = m["difference"]
    value, low, high, n = _paired_ci("joint-uk.eval", "joint-us.eval")
    assert (
        (m["verdict"], d["method"], d["n_items"])
        == ("consistent", "paired_t", n)
        == (
            "consistent",
            "paired_t",
            50,
        )
    )
    assert d["value"] == pytest.approx(value, abs=TOL) == pytest.approx(-0.02, abs=TOL)
    assert d["lower"] == pytest.approx(low, abs=TOL) and d["upper"] == pytest.approx(high, abs=TOL)
    assert d["lower"] < 0 < d["upper"]
    # on the shared items: UK 38/50 (README: 38/50 on j01-j50), US 39/50
    assert (d["a_value"], d["b_value"]) == (pytest.approx(0.76), pytest.approx(0.78))
    assert m["a"]["value"] == pytest.approx(46 / 60) and m["b"]["value"] == pytest.approx(0.78)
    (ov,) = pair["overlap"]
    assert ov["shared"] == 50 and ov["only_a"] == [f"j{i}" for i in range(51, 61)]
    assert ov["only_b"] == []
    assert [s["field"] for s in pair["settings"]] == ["run.dataset.sample_ids_sha256"]
    assert all(r["agree"] for r in pair["requirements"])
    assert out["marking"] == "TLP:AMBER"
    assert [s["orgs"] for s in out["submissions"]] == [["uk-aisi"], ["us-caisi"]]


def test_inconsistent_pair(joint: Joint) -> None:
    code, out = _compare(joint, joint.submissions["uk"], joint.submissions["us-low"])
    assert code == 1 and out["consistent"] is False
    (pair,) = out["pairs"]
    (m,) = pair["metrics"]
    d = m["difference"]
    value, low, high, _ = _paired_ci("joint-uk.eval", "joint-us-low.eval")
    assert m["verdict"] == "inconsistent"
    assert d["value"] == pytest.approx(value, abs=TOL) == pytest.approx(0.46, abs=TOL)
    assert d["lower"] == pytest.approx(low, abs=TOL) and d["upper"] == pytest.approx(high, abs=TOL)
    assert d["lower"] > 0
    assert [(r["id"], r["a"], r["b"]) for r in pair["requirements"] if not r["agree"]] == [
        ("R-03", "fail", "pass")
    ]


def test_epochs_are_clustered_by_item(joint: Joint, tmp_path: Path) -> None:
    uk = import_log(joint.root, LOGS / "joint-uk-3ep.eval", tmp_path / "uk" / "uk3.yaml", "uk-aisi")
    us = import_log(
        joint.root, LOGS / "joint-us-3ep.eval", tmp_path / "us" / "us3.yaml", "us-caisi"
    )
    code, out = _compare(joint, uk, us)
    (m,) = out["pairs"][0]["metrics"]
    d = m["difference"]
    value, low, high, n = _paired_ci("joint-uk-3ep.eval", "joint-us-3ep.eval")
    assert n == 40 and d["n_items"] == 40 and d["method"] == "paired_t"
    assert d["value"] == pytest.approx(value, abs=TOL)  # 0.7333 - 0.75
    assert d["value"] == pytest.approx(88 / 120 - 90 / 120, abs=TOL)
    assert d["lower"] == pytest.approx(low, abs=TOL) and d["upper"] == pytest.approx(high, abs=TOL)
    assert code == 0 and m["verdict"] == "consistent"


def _without_samples(src: Path, dst: Path, successes: int) -> Path:
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    for run in data["runs"]:
        run.pop("samples", None)
        run.pop("sample_scorer", None)
    for mr in data["metric_results"]:
        mr["successes"] = successes
    dst.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return dst


def test_without_per_sample_scores_the_difference_is_newcombe(joint: Joint) -> None:
    folder = joint.submissions["uk"].parent
    uk = _without_samples(joint.submissions["uk"], folder / "uk-counts.yaml", 46)
    us = _without_samples(joint.submissions["us-low"], folder / "us-counts.yaml", 15)
    code, out = _compare(joint, uk, us)
    (m,) = out["pairs"][0]["metrics"]
    d = m["difference"]
    iv = newcombe(46, 60, 15, 50)
    w1 = sp.binomtest(46, 60).proportion_ci(0.95, method="wilson")
    w2 = sp.binomtest(15, 50).proportion_ci(0.95, method="wilson")
    p1, p2 = 46 / 60, 0.3
    assert d["method"] == "newcombe" and out["pairs"][0]["overlap"] == []
    assert d["lower"] == pytest.approx(
        p1 - p2 - ((p1 - w1.low) ** 2 + (w2.high - p2) ** 2) ** 0.5, abs=TOL
    )
    assert (d["lower"], d["upper"]) == (pytest.approx(iv.lower), pytest.approx(iv.upper))
    assert code == 1 and m["verdict"] == "inconsistent"


def test_text_and_markdown_say_the_same(joint: Joint) -> None:
    code, text = _compare(joint, joint.submissions["uk"], joint.submissions["us-low"], fmt="text")
    assert code == 1
    assert "INCONSISTENT" in text and "the interval excludes 0" in text
    assert "50 shared, 10 only in A" in text and "they disagree on: R-03" in text
    assert text.rstrip().endswith("marking of this output: TLP:AMBER")
    _, md = _compare(joint, joint.submissions["uk"], joint.submissions["us"], fmt="markdown")
    assert md.startswith("**TLP:AMBER**") and "| M-ACC |" in md and "paired_t, 50 shared" in md


def test_different_versions_or_models_are_said(joint: Joint, tmp_path: Path) -> None:
    ref = import_log(
        joint.root, LOGS / "reference-model.eval", tmp_path / "ref" / "ref.yaml", "uk-aisi"
    )
    code, out = _compare(joint, joint.submissions["uk"], ref)
    (pair,) = out["pairs"]
    assert pair["same_model"] is False
    assert any("different systems under test" in n for n in pair["notes"])
    assert code in (0, 1)


def test_a_file_that_cannot_be_compared_is_exit_2(joint: Joint, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: ResultSubmission\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["compare", "--root", str(joint.root), str(joint.submissions["uk"]), str(bad)]
    )
    assert result.exit_code == 2 and "is not a valid submission" in result.output
    one = CliRunner().invoke(cli, ["compare", "--root", str(joint.root), str(bad)])
    assert one.exit_code == 2


def test_scores_in_a_samples_file_are_paired_too(joint: Joint, tmp_path: Path) -> None:
    outs = []
    for name, log in (("uk", "joint-uk.eval"), ("us", "joint-us-low.eval")):
        out = tmp_path / name / f"{name}.yaml"
        out.parent.mkdir()
        args = ["import", "inspect", "--root", str(joint.root), "--standard", "AISS-JNT-001@1.0.0"]
        result = CliRunner().invoke(
            cli, [*args, str(LOGS / log), "-o", str(out), "--samples-file", f"{name}.jsonl"]
        )
        assert result.exit_code == 0, result.output
        assert "\n  samples:\n" not in out.read_text(encoding="utf-8")
        outs.append(out)
    code, out = _compare(joint, *outs)
    (m,) = out["pairs"][0]["metrics"]
    assert m["difference"]["method"] == "paired_t" and m["difference"]["n_items"] == 50
    assert m["difference"]["value"] == pytest.approx(0.46, abs=TOL) and code == 1
