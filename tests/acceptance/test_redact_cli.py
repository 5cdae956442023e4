"""`aiss redact --to TLP:CLEAR`: a public summary of a restricted submission that validates and
checks like any submission, names its source's sha256, and carries nothing restricted."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from aiss.cli.main import cli
from tests.support.joint import Joint, build_joint

MARK = "SECRETMARK"


@pytest.fixture(scope="module")
def joint(tmp_path_factory: pytest.TempPathFactory) -> Joint:
    return build_joint(tmp_path_factory.mktemp("joint"))


def _restricted(joint: Joint, tmp: Path) -> Path:
    data = yaml.safe_load(joint.submissions["uk"].read_text(encoding="utf-8"))
    data["marking"]["public_summary_marking"] = "TLP:AMBER"
    data["public_summary"] = f"{MARK}-summary"
    data["limitations"] = [f"{MARK}-limitation"]
    data["elicitation"] = {"scaffold": f"{MARK}-scaffold", "tools": [f"{MARK}-tool"]}
    data["system_under_test"]["safeguards"] = [f"{MARK}-safeguard"]
    # the run's solver plan stays the one its log records (with its prompt template): a plan
    # or a `generate_config` the log does not record would contradict the log
    assert data["runs"][0]["solver"][0]["params"]["template"].startswith("{question}")
    data["runs"][0]["dataset"]["location"] = f"s3://{MARK}-bucket/data"
    data["claims"] = [
        {"requirement": "R-03", "status": "not_met", "justification": f"{MARK}-claim",
         "marking": "TLP:AMBER"},
        {"requirement": "R-01", "status": "met", "justification": "PUBLICCLAIM",
         "marking": "TLP:CLEAR",
         "evidence": [{"type": "document", "uri": f"https://{MARK}/doc", "marking": "TLP:AMBER"}]},
    ]  # fmt: skip
    data["attestation"] = {
        "name": "A. Person", "org": "uk-aisi", "date": "2026-03-01", "statement": f"{MARK}-attest",
    }  # fmt: skip
    out = joint.submissions["uk"].parent / "restricted.yaml"
    out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return out


def test_public_summary(joint: Joint, tmp_path: Path) -> None:
    source = _restricted(joint, tmp_path)
    out = tmp_path / "public.yaml"
    result = CliRunner().invoke(
        cli, ["redact", "--to", "TLP:CLEAR", "--root", str(joint.root), str(source), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert MARK not in text
    assert "j01" not in text and ".eval" not in text
    data = yaml.safe_load(text)
    assert all("samples" not in r and "log" not in r for r in data["runs"])
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert data["marking"] == {"tlp": "TLP:CLEAR", "public_summary_marking": "TLP:CLEAR"}
    assert digest in data["public_summary"] and digest in data["limitations"][0]
    attest = CliRunner().invoke(cli, ["attest", "--digest", str(source)])
    assert data["derived_from"] == {
        "sha256": digest,
        "digest": attest.stdout.strip(),
        "submission_id": yaml.safe_load(source.read_text(encoding="utf-8"))["submission_id"],
    }
    assert "R-01 MUST pass, R-02 MUST pass, R-03 SHOULD fail" in data["public_summary"]
    assert "Finding: M-ACC is in band threshold_reached" in data["public_summary"]
    assert data["metric_results"][0]["ci"]["lower"] == pytest.approx(0.6565, abs=1e-4)
    assert [c["justification"] for c in data["claims"]] == ["PUBLICCLAIM"]
    assert data["claims"][0].get("evidence", []) == []
    assert data["runs"][0]["generate_config"] == {"max_tokens": 64, "temperature": 0.0, "seed": 7}
    # the prompt template, free text of the source's, is withheld; the plan's shape is kept
    (step,) = data["runs"][0]["solver"]
    assert step["solver"] == "multiple_choice"
    assert step["params"]["template"].startswith("[withheld ")
    assert "ANSWER: $LETTER" not in text
    # it validates and checks like any submission
    valid = CliRunner().invoke(cli, ["validate", "--root", str(joint.root), str(out)])
    assert valid.exit_code == 0, valid.output
    check = CliRunner().invoke(cli, ["check", "--root", str(joint.root), str(out)])
    assert "R-03 SHOULD fail[threshold-not-met]" in check.output
    assert "marking of this output: TLP:CLEAR" in check.output


def test_red_and_invalid_sources_are_refused(joint: Joint, tmp_path: Path) -> None:
    red = tmp_path / "red.yaml"
    red.write_text(
        joint.submissions["uk"].read_text(encoding="utf-8").replace("'TLP:AMBER'", "'TLP:RED'"),
        encoding="utf-8",
    )
    out = tmp_path / "out.yaml"
    args = ["redact", "--to", "TLP:CLEAR", "--root", str(joint.root)]
    result = CliRunner().invoke(cli, [*args, str(red), "-o", str(out)])
    assert result.exit_code == 2 and "TLP:RED" in result.output and not out.exists()
    same = CliRunner().invoke(
        cli, [*args, str(joint.submissions["uk"]), "-o", str(joint.submissions["uk"])]
    )
    assert same.exit_code == 2 and "must not overwrite its source" in same.output
    green = CliRunner().invoke(cli, ["redact", "--to", "TLP:GREEN", str(red), "-o", str(out)])
    assert green.exit_code == 2


def test_figures_the_sources_own_scores_refute_are_never_published(
    joint: Joint, tmp_path: Path
) -> None:
    """A source stating 0.32 where its per-sample records give 46/60: the summary would carry
    the 0.32 without the records that refute it, so none is written, and the reason is said."""
    data = yaml.safe_load(joint.submissions["uk"].read_text(encoding="utf-8"))
    (mr,) = data["metric_results"]
    mr["value"] = 0.32
    source = joint.submissions["uk"].parent / "refuted.yaml"
    source.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "public.yaml"
    args = ["redact", "--to", "TLP:CLEAR", "--root", str(joint.root), str(source), "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "M-ACC" in result.output and "[recomputed-value-mismatch]" in result.output
    assert not out.exists()
    # the figures as the records give them are summarised
    mr["value"] = 46 / 60
    source.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert CliRunner().invoke(cli, args).exit_code == 0 and out.exists()


def _redacted(joint: Joint, tmp_path: Path, data: dict[str, Any], name: str) -> tuple[Any, Path]:
    """`aiss redact --to TLP:CLEAR` of `data` written beside the UK submission as `name`:
    the result and where the summary would go."""
    source = joint.submissions["uk"].parent / name
    source.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "public.yaml"
    args = ["redact", "--to", "TLP:CLEAR", "--root", str(joint.root), str(source), "-o", str(out)]
    return CliRunner().invoke(cli, args), out


def test_figures_the_sources_log_refutes_are_never_published(joint: Joint, tmp_path: Path) -> None:
    """A source whose records agree with its figures, but not with its log: one of the log's
    failures recorded as a success, and the value restated as those records give it (47/60,
    its interval dropped). The log read beside it refutes the records, so no summary of
    those figures is written either."""
    data = yaml.safe_load(joint.submissions["uk"].read_text(encoding="utf-8"))
    (run,) = data["runs"]
    failed = next(r for r in run["samples"] if r["score"] in ("I", 0, 0.0))
    failed["score"] = "C" if failed["score"] == "I" else 1
    (mr,) = data["metric_results"]
    mr["value"] = 47 / 60
    mr.pop("ci", None)
    result, out = _redacted(joint, tmp_path, data, "forged.yaml")
    assert result.exit_code == 2, result.output
    assert "[log-disagrees-with-run]" in result.output, result.output
    assert "[value-disagrees-with-log]" in result.output, result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (("standard", "version", "9.9.9"), "AISS-"),  # a version the registry does not have
        (("submitter", "org", "no-such-institute"), "[unknown-organisation]"),
    ],
)
def test_sources_the_registry_calls_invalid_are_refused(
    joint: Joint, tmp_path: Path, change: tuple[str, str, str], said: str
) -> None:
    """A source that validates on its own but that the registry's check calls invalid (a
    standard version it does not have, an organisation its issuers do not list): its
    figures were checked against nothing, so no public summary of them is written."""
    data = yaml.safe_load(joint.submissions["uk"].read_text(encoding="utf-8"))
    part, key, value = change
    data[part][key] = value
    result, out = _redacted(joint, tmp_path, data, "unchecked.yaml")
    assert result.exit_code == 2, result.output
    assert "does not check against the registry" in result.output and said in result.output
    assert not out.exists()


def test_a_source_its_evidence_refutes_is_not_summarised(joint: Joint, tmp_path: Path) -> None:
    """A claim citing a document beside the source with another sha256 than its bytes: the
    source contradicts its own files, so no public summary of it is written."""
    folder = joint.submissions["uk"].parent
    (folder / "evidence").mkdir(exist_ok=True)
    (folder / "evidence" / "review.md").write_text("the review\n", encoding="utf-8")
    data = yaml.safe_load(joint.submissions["uk"].read_text(encoding="utf-8"))
    document = {"type": "document", "uri": "evidence/review.md", "sha256": "ab" * 32}
    document["marking"] = "TLP:AMBER"
    data["claims"] = [{"requirement": "R-01", "status": "met", "evidence": [document]}]
    result, out = _redacted(joint, tmp_path, data, "refuted.yaml")
    assert result.exit_code == 2, result.output
    assert "[evidence-sha256-mismatch]" in result.output, result.output
    assert not out.exists()
