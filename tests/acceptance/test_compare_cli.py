"""`aiss compare` over the joint fixture: the real CLI on submissions imported from real
Inspect logs. The expected differences are recomputed here with scipy from the scores
inspect_ai itself wrote (`tests/fixtures/inspect/expected.json`), not from aiss."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
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
from tests.support.edited_logs import rewrite
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
    # the sample ids each log records, not only what each submission states
    assert [(s["a_from"], s["b_from"]) for s in pair["settings"]] == [("log", "log")]
    assert all(r["agree"] for r in pair["requirements"])
    assert out["marking"] == "TLP:AMBER"
    assert [s["orgs"] for s in out["submissions"]] == [["uk-aisi"], ["us-caisi"]]


def _copy_of_uk(joint: Joint, tmp_path: Path, change: Callable[[str, Any], Any] | None) -> Path:
    """The UK's submission in another folder, its log copied as it is (or rewritten by
    `change`, with the sha256 it cites updated): one run presented as a second result."""
    src = joint.submissions["uk"]
    folder = tmp_path / "copy"
    (folder / "logs").mkdir(parents=True)
    log, copied = src.parent / "logs" / "joint-uk.eval", folder / "logs" / "joint-uk.eval"
    if change is None:
        shutil.copyfile(log, copied)
    else:
        rewrite(log, copied, change)
    old, new = (hashlib.sha256(f.read_bytes()).hexdigest() for f in (log, copied))
    text = src.read_text(encoding="utf-8")
    assert old in text
    (folder / "uk.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return folder / "uk.yaml"


def _tagged(name: str, data: Any) -> Any:
    """The log's header with a tag added: other bytes, the same evaluation."""
    if name in ("header.json", "_journal/start.json"):
        data["eval"]["tags"] = ["replicate"]
    return data


def _renamed(name: str, data: Any) -> Any:
    """The log's header and journal with another eval_id and run_id: only the samples' own
    uuids still say which executions they are."""
    data = _tagged(name, data)
    if name in ("header.json", "_journal/start.json"):
        data["eval"]["eval_id"], data["eval"]["run_id"] = "another-eval", "another-run"
    return data


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (None, "the same log, sha256"),
        (_tagged, "the same Inspect evaluation, eval_id"),
        (_renamed, "the same sample executions (60 sample uuids in both logs)"),
    ],
    ids=["same-log", "same-eval-id", "same-samples"],
)
def test_one_run_shown_twice_is_not_two_results_that_agree(
    joint: Joint, tmp_path: Path, change: Callable[[str, Any], Any] | None, shown: str
) -> None:
    """A second submission resting on the first one's run (its log copied, or edited) agrees
    with it exactly; before, the pair was `consistent` with a difference of 0."""
    copy = _copy_of_uk(joint, tmp_path, change)
    code, out = _compare(joint, joint.submissions["uk"], copy)
    assert code == 1 and out["consistent"] is False
    (pair,) = out["pairs"]
    (m,) = pair["metrics"]
    assert m["verdict"] == "not_compared" and m["difference"] is None
    assert shown in m["reason"] and "one result, not two" in m["reason"]
    assert any("not independent results" in n and shown in n for n in pair["notes"])
    jsonschema.validate(out, schemas.generate("compare-report.schema.json"))


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
    # UK's log beside it has its samples: its figures are the check's; US's only submitted
    assert (m["a"]["source"], m["b"]["source"]) == ("recomputed", "submitted")
    assert "; B's figures only submitted, not verified;" in m["reason"]
    _, text = _compare(joint, uk, us, fmt="text")
    assert "; B 0.3 [0.1684, 0.4316], 50 items x 1, submitted, not verified" in text


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


CHECKED = Path(__file__).resolve().parents[1] / "fixtures" / "submissions"
STATED = "    generate_config: {temperature: 1.0, max_tokens: 16000}\n"


def _unstated(tmp_path: Path, name: str, sut_log: str) -> Path:
    """The check fixtures' conformant submission with no run stating its generation
    settings, its system under test's run citing `sut_log` (a log inspect_ai wrote)."""
    text = (CHECKED / "conformant.yaml").read_text(encoding="utf-8")
    assert text.count(STATED) == 2
    digest = hashlib.sha256((CHECKED / "logs" / sut_log).read_bytes()).hexdigest()
    cited = re.compile(r"uri: logs/ctf-frontier-x\.eval, sha256: [0-9a-f]{64}")
    text, n = cited.subn(f"uri: logs/{sut_log}, sha256: {digest}", text.replace(STATED, ""))
    assert n == 1
    folder = tmp_path / name
    shutil.copytree(CHECKED / "logs", folder / "logs")
    shutil.copytree(CHECKED / "evidence", folder / "evidence")
    (folder / "submission.yaml").write_text(text, encoding="utf-8")
    return folder / "submission.yaml"


def test_settings_neither_submission_states_are_compared_from_their_logs(
    tmp_path: Path,
) -> None:
    """Two submissions whose runs state no generation settings, over logs at temperature
    1.0 and 0.7: the difference is the logs', and each value says where it comes from.
    Before, a setting neither stated was no difference."""
    a = _unstated(tmp_path, "a", "ctf-frontier-x.eval")
    b = _unstated(tmp_path, "b", "ctf-frontier-x-t07.eval")
    args = ["compare", "--root", str(CHECKED / "registry"), "--format", "json", str(a), str(b)]
    result = CliRunner().invoke(cli, args)
    (pair,) = json.loads(result.stdout)["pairs"]
    diffs = {s["field"]: s for s in pair["settings"]}
    assert diffs["run.generate_config.temperature"] == {
        "field": "run.generate_config.temperature",
        "a": 1.0,
        "b": 0.7,
        "a_from": "log",
        "b_from": "log",
    }
    assert "run.generate_config.max_tokens" not in diffs  # both logs record 16000
    # a stated value the logs do not record stays the submission's, and says so
    assert all(
        s["a_from"] == "submission"
        for s in pair["settings"]
        if s["field"].startswith("environment.")
    )
    text = CliRunner().invoke(cli, [*args[:3], "--format", "text", str(a), str(b)]).stdout
    assert "run.generate_config.temperature: A 1.0 (its log) | B 0.7 (its log)" in text
    # the same log on both sides: no setting differs
    same = CliRunner().invoke(
        cli, [*args[:-1], str(_unstated(tmp_path, "c", "ctf-frontier-x.eval"))]
    )
    (pair,) = json.loads(same.stdout)["pairs"]
    assert pair["settings"] == []


def test_runs_that_carry_no_records_are_paired_on_their_logs_samples(
    joint: Joint, tmp_path: Path
) -> None:
    """Each institute's submission cites its log (with its samples) but carries no sample
    records of its own: the items are paired on what the logs record, as with records."""
    bare = []
    for name in ("uk", "us-low"):
        source = joint.submissions[name]
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        for run in data["runs"]:
            assert run.pop("samples")
        folder = tmp_path / name
        shutil.copytree(source.parent / "logs", folder / "logs")
        (folder / "submission.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        bare.append(folder / "submission.yaml")
    code, out = _compare(joint, *bare)
    (pair,) = out["pairs"]
    (m,) = pair["metrics"]
    value, low, high, n = _paired_ci("joint-uk.eval", "joint-us-low.eval")
    assert (m["difference"]["method"], m["difference"]["n_items"]) == ("paired_t", n)
    assert m["difference"]["value"] == pytest.approx(value, abs=TOL)
    assert m["difference"]["lower"] == pytest.approx(low, abs=TOL)
    assert m["difference"]["upper"] == pytest.approx(high, abs=TOL)
    (ov,) = pair["overlap"]
    assert ov["shared"] == 50 and code == 1


def test_a_value_its_samples_contradict_is_compared_as_the_samples_give_it(
    joint: Joint, tmp_path: Path
) -> None:
    """UK states 0.32 for the 46/60 its records give: the comparison shows the recomputed
    value, not the claim (its own check reports the mismatch)."""
    data = yaml.safe_load(joint.submissions["uk"].read_text(encoding="utf-8"))
    (mr,) = data["metric_results"]
    mr["value"] = 0.32
    folder = tmp_path / "uk-aisi"
    shutil.copytree(joint.submissions["uk"].parent / "logs", folder / "logs")
    (folder / "uk.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out = _compare(joint, folder / "uk.yaml", joint.submissions["us-low"])
    (m,) = out["pairs"][0]["metrics"]
    assert m["a"]["value"] == pytest.approx(46 / 60, abs=TOL) and m["a"]["source"] == "recomputed"
    assert m["verdict"] == "inconsistent" and code == 1
