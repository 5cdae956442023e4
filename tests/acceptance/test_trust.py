"""The "Why" of issue 10 that concerns results and logs, each a test that ends not conformant
(or conformant, for the honest pass@k log) with the diagnostic that names what was broken.

Every case starts from the conformant check fixture (`tests/fixtures/submissions/
conformant.yaml`, whose two TP-1 runs cite real Inspect logs) copied with its logs to a temporary
folder, changes one thing the way a careless or dishonest submitter would, and checks it with
the real CLI against the fixture registry and its recorded approvals (re-recorded for the edited
file, so that only the change itself is judged). The pass@k, reducer and provenance cases import
real logs written by inspect_ai (`tests/fixtures/inspect/`)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from aiss.cli.main import cli
from aiss.compose.attestations import read_submission
from tests.support.edited_logs import rewrite

REPO = Path(__file__).resolve().parents[2]
SUBMISSIONS = REPO / "tests" / "fixtures" / "submissions"
INSPECT = REPO / "tests" / "fixtures" / "inspect"
SYSTEM = ("--system-type", "foundation_model", "--access-level", "api")
EXPECTED: dict[str, Any] = json.loads((INSPECT / "expected.json").read_text(encoding="utf-8"))


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def case(tmp_path: Path) -> Path:
    """A registry and the conformant fixture with its logs, in `tmp_path`."""
    shutil.copytree(SUBMISSIONS / "registry", tmp_path / "registry")
    shutil.copytree(SUBMISSIONS / "logs", tmp_path / "logs")
    shutil.copytree(SUBMISSIONS / "evidence", tmp_path / "evidence")
    shutil.copy(SUBMISSIONS / "conformant.yaml", tmp_path / "sub.yaml")
    return tmp_path


def edit(folder: Path, change: Callable[[str], str]) -> Path:
    """Change the submission's text, then record the issuer's approvals of the new file (as
    `approve.py` does for the fixtures), so its reviews still hold."""
    sub = folder / "sub.yaml"
    sub.write_text(change(sub.read_text(encoding="utf-8")), encoding="utf-8")
    read = read_submission(sub)
    assert read.digest is not None, read.diagnostics
    approvals = [
        {
            "kind": "review",
            "standard": "AISS-CHK-001@1.0.0",
            "requirement": rid,
            "submission_sha256": read.digest,
            "org": "test-institute",
            "verdict": "pass",
            "date": "2026-05-10",
        }
        for rid in ("R-07", "R-08", "R-12")
    ]
    doc = {"schema_version": "1.0.0", "kind": "Approvals", "approvals": approvals}
    (folder / "registry" / "approvals.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    return sub


def check(folder: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    code, out, err = invoke(
        "check",
        "--root",
        str(folder / "registry"),
        "--format",
        "json",
        *extra,
        str(folder / "sub.yaml"),
    )
    assert out, err
    return code, json.loads(out)["reports"][0]


def errors(report: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [
        (d["code"], d["line"], d["column"])
        for d in report["diagnostics"]
        if d["severity"] == "error"
    ]


def verdict(report: dict[str, Any], rid: str) -> tuple[str, str]:
    r = next(r for r in report["requirements"] if r["id"] == rid)
    return r["verdict"], r["reason"]


def line_of(folder: Path, text: str, nth: int = 1) -> int:
    """1-based line of the nth line of the submission containing `text`."""
    lines = (folder / "sub.yaml").read_text(encoding="utf-8").splitlines()
    found = [i + 1 for i, line in enumerate(lines) if text in line]
    return found[nth - 1]


def test_the_base_is_conformant(case: Path) -> None:
    edit(case, lambda t: t)
    code, report = check(case)
    assert (code, report["overall"], report["reason"]) == (0, "conformant", "all-met")


def _drop_samples(text: str, keep: Callable[[str, int], bool]) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        if line.startswith("      - {id: c") and "epoch:" in line:
            sid = line.split("id: ")[1].split(",")[0]
            epoch = int(line.split("epoch: ")[1].split(",")[0])
            if not keep(sid, epoch):
                continue
        out.append(line)
    return "".join(out)


def test_samples_covering_10_of_the_20_items_claimed(case: Path) -> None:
    edit(case, lambda t: _drop_samples(t, lambda sid, _: int(sid[1:]) <= 10))
    code, report = check(case)
    assert (code, report["overall"], report["reason"]) == (
        1,
        "non_conformant",
        "claims-contradicted",
    )
    counts = line_of(case, "counts: {items: 20", 1)
    assert ("count-disagrees-with-samples", counts, 21) in errors(report)  # counts.items
    assert any(c == "log-disagrees-with-run" for c, *_ in errors(report))  # not the log's samples
    assert verdict(report, "R-01")[0] == "fail"


def test_one_epoch_recorded_where_two_are_claimed(case: Path) -> None:
    edit(case, lambda t: _drop_samples(t, lambda _, epoch: epoch == 1))
    code, report = check(case)
    assert (code, report["overall"]) == (1, "non_conformant")
    found = errors(report)
    assert any(c == "count-disagrees-with-samples" for c, *_ in found)
    assert verdict(report, "R-01")[0] == "fail"


def test_records_moved_to_an_epoch_the_log_did_not_run(case: Path) -> None:
    # the log's failed second attempts replaced by successes at an epoch it never ran: every
    # item is the log's, every record kept scores as in the log, the counts still agree; but
    # the records are not the log's, and a metric recomputed from them (one the log's results
    # do not give, as a pass@k) would rest on the forged ones
    def forge(text: str) -> str:
        return text.replace("epoch: 2, score: I}", "epoch: 3, score: C}")

    edit(case, forge)
    code, report = check(case)
    assert (code, report["overall"], report["reason"]) == (
        1,
        "non_conformant",
        "claims-contradicted",
    )
    samples = line_of(case, "      - {id: c01, epoch: 1", 1)  # the run's first record
    messages = {
        (d["line"], d["column"]): d["message"]
        for d in report["diagnostics"]
        if d["code"] == "log-disagrees-with-run"
    }
    assert messages[(samples, 7)] == (
        "run tp1: the sample records are not the log's: 14 record(s) only in the submission "
        "(first: c07 epoch 3), 14 only in the log (first: c07 epoch 2)"
    )
    assert verdict(report, "R-01")[0] == "fail"
    assert verdict(report, "R-05") == ("fail", "log-disagrees-with-run")


def _forged_and_restated(case: Path) -> None:
    """The forged records of the case above, and M-SOLVE stated as they give it (the log's
    results give 0.375)."""

    def forge(text: str) -> str:
        text = text.replace("epoch: 2, score: I}", "epoch: 3, score: C}")
        return text.replace(
            "    value: 0.375\n    ci: {lower: 0.1619, upper: 0.5881,",
            "    value: 0.725\n    ci: {lower: 0.6056, upper: 0.8444,",
        )

    edit(case, forge)


def test_figures_recomputed_from_records_the_log_refutes_are_not_verified(case: Path) -> None:
    # before, the finding said `verified: true` of 0.725
    _forged_and_restated(case)
    code, report = check(case)
    assert (code, report["overall"]) == (1, "non_conformant")
    (row,) = [r for r in report["recomputed"] if r["run"] == "tp1"]
    assert (row["value"], row["value_agrees"], row["refuted"]) == (0.725, True, True)
    (solve,) = [f for f in report["findings"] if f["metric"] == "M-SOLVE"]
    assert solve["verified"] is False
    others = [r for r in report["recomputed"] if r["run"] != "tp1"]
    assert others and not any(r["refuted"] for r in others)


def _another_evaluation(name: str, data: Any) -> Any:
    """A log member as another evaluation with the same scores would write it: another
    `eval_id` (the header, the journal), and other uuids for its sample executions."""
    if isinstance(data, dict) and isinstance(data.get("eval"), dict):
        data["eval"]["eval_id"] = "another-evaluation"
    if isinstance(data, dict) and isinstance(data.get("uuid"), str):
        data["uuid"] = f"another-{name}"
    return data


def test_a_comparison_pairs_on_the_log_where_it_refutes_the_records(case: Path) -> None:
    # the forged submission beside the honest one, over the same samples (the honest side
    # cites a copy of the log under another eval_id: the same log would be one result, not
    # compared at all): the comparison shows the forged side's figures as only submitted and
    # pairs the runs on the log's samples, which agree (before, it showed 0.725 as recomputed
    # and a difference of 0.35)
    log, copy = case / "logs" / "ctf-frontier-x.eval", case / "logs" / "ctf-frontier-x-2.eval"
    rewrite(log, copy, _another_evaluation)
    old, new = (hashlib.sha256(f.read_bytes()).hexdigest() for f in (log, copy))
    honest = case / "honest.yaml"
    text = (SUBMISSIONS / "conformant.yaml").read_text(encoding="utf-8")
    assert f"uri: logs/ctf-frontier-x.eval, sha256: {old}" in text
    text = text.replace(
        f"ctf-frontier-x.eval, sha256: {old}", f"ctf-frontier-x-2.eval, sha256: {new}"
    )
    honest.write_text(text, encoding="utf-8")
    _forged_and_restated(case)
    code, out, err = invoke(
        "compare", "--root", str(case / "registry"), "--format", "json",
        str(case / "sub.yaml"), str(honest),
    )  # fmt: skip
    assert code == 1 and out, err  # the verdicts disagree
    (pair,) = json.loads(out)["pairs"]
    solve = next(m for m in pair["metrics"] if m["metric"] == "M-SOLVE")
    assert (solve["a"]["value"], solve["a"]["source"]) == (0.725, "submitted")
    assert (solve["b"]["value"], solve["b"]["source"]) == (0.375, "recomputed")
    diff = solve["difference"]
    assert (diff["a_value"], diff["b_value"], diff["value"]) == (0.375, 0.375, 0.0)
    assert (diff["method"], diff["n_items"]) == ("paired_t", 20)


def test_a_requirement_claimed_not_to_apply_is_decided_by_an_issuer(case: Path) -> None:
    # the submitter says R-04 (the disclosure of the scaffold and limits) does not apply:
    # before, that claim alone made it not_applicable, whatever the requirement; now only an
    # issuer's review does
    claimed = "  - requirement: R-04\n    status: not_applicable\n    justification: No scaffold.\n"

    def claim(text: str) -> str:
        return text.replace("claims:\n", "claims:\n" + claimed, 1)

    sub = edit(case, claim)
    code, report = check(case)
    assert (code, report["overall"], report["reason"]) == (1, "incomplete", "must-undecided")
    r04 = next(r for r in report["requirements"] if r["id"] == "R-04")
    assert (r04["verdict"], r04["reason"]) == ("needs_review", "not-applicable-unverified")
    assert r04["message"] == (
        "claimed not applicable (No scaffold.); that is the submitter's word, not taken "
        "as it stands: a reviewer from test-institute decides"
    )
    # the issuer's review upholds the claim: recorded in the registry, it decides
    approvals = case / "registry" / "approvals.yaml"
    doc = yaml.safe_load(approvals.read_text(encoding="utf-8"))
    digest = read_submission(sub).digest
    doc["approvals"].append(
        {
            "kind": "review", "standard": "AISS-CHK-001@1.0.0", "requirement": "R-04",
            "submission_sha256": digest, "org": "test-institute", "verdict": "not_applicable",
            "date": "2026-05-10",
        }
    )  # fmt: skip
    approvals.write_text(yaml.safe_dump(doc), encoding="utf-8")
    code, report = check(case)
    assert (code, report["overall"]) == (0, "conformant")
    assert verdict(report, "R-04") == ("not_applicable", "reviewed-not-applicable")


def test_ids_padded_with_int_and_str_twins(case: Path) -> None:
    twins = "      - {id: 7, epoch: 1, score: C}\n      - {id: '7', epoch: 1, score: C}\n"
    edit(
        case,
        lambda t: t.replace(
            "      - {id: c20, epoch: 2, score: I}\n",
            "      - {id: c20, epoch: 2, score: I}\n" + twins,
        ),
    )
    code, report = check(case)
    assert (code, report["overall"]) == (1, "invalid")
    second = line_of(case, "{id: '7', epoch: 1")
    assert ("invalid-sample", second, 14) in errors(report)
    twin = next(d for d in report["diagnostics"] if d["code"] == "invalid-sample")
    assert "7 and '7' are the same item written twice" in twin["message"]


def test_errored_samples_while_the_counts_say_none(case: Path) -> None:
    def crash(text: str) -> str:
        for sid in ("c01", "c02"):
            text = text.replace(
                f"{{id: {sid}, epoch: 1, score: C}}",
                f"{{id: {sid}, epoch: 1, error: sandbox crashed}}",
            )
        return text

    edit(case, crash)
    code, report = check(case)
    assert (code, report["overall"], report["reason"]) == (
        1,
        "non_conformant",
        "claims-contradicted",
    )
    counts = line_of(case, "counts: {items: 20", 1)
    messages = {(d["code"], d["line"]): d["message"] for d in report["diagnostics"]}
    assert "errored_samples is 0" in messages[("count-disagrees-with-samples", counts)]
    assert verdict(report, "R-01")[0] == "fail"


def test_a_run_pointing_at_the_reference_models_log(case: Path) -> None:
    text = (case / "sub.yaml").read_text(encoding="utf-8")
    ref_log = next(line for line in text.splitlines() if "uri: logs/ctf-frontier-w.eval" in line)
    sut_log = next(line for line in text.splitlines() if "uri: logs/ctf-frontier-x.eval" in line)
    edit(case, lambda t: t.replace(sut_log, ref_log))  # with the reference log's correct sha256
    code, report = check(case)
    assert (code, report["overall"], report["reason"]) == (
        1,
        "non_conformant",
        "claims-contradicted",
    )
    codes = {c for c, *_ in errors(report)}
    assert {"log-cited-twice", "log-disagrees-with-run"} <= codes
    model = next(d for d in report["diagnostics"] if "the log's model" in d["message"])
    assert "mockllm/frontier-w" in model["message"] and model["line"] == line_of(
        case, "model: mockllm/frontier-x", 1
    )
    assert verdict(report, "R-01")[0] == "fail" and verdict(report, "R-05")[0] == "fail"


def test_a_log_file_that_does_not_exist(case: Path) -> None:
    edit(
        case, lambda t: t.replace("uri: logs/ctf-frontier-x.eval", "uri: logs/ctf-frontier-x2.eval")
    )
    code, report = check(case)
    assert (code, report["overall"]) == (1, "non_conformant")
    where = line_of(case, "logs/ctf-frontier-x2.eval")
    assert any(c == "log-not-found" and line == where for c, line, _ in errors(report))
    r05 = next(r for r in report["requirements"] if r["id"] == "R-05")
    assert r05["verdict"] == "fail" and "hash(es) verified" not in r05["message"]


def _cite(case: Path, name: str) -> None:
    digest = __import__("hashlib").sha256((case / "logs" / name).read_bytes()).hexdigest()

    def change(text: str) -> str:
        line = next(x for x in text.splitlines() if "uri: logs/ctf-frontier-x.eval" in x)
        start = line.index("uri:")
        end = line.index(", marking")
        return text.replace(line, line[:start] + f"uri: logs/{name}, sha256: {digest}" + line[end:])

    edit(case, change)


def test_an_inspect_log_whose_header_model_was_edited(case: Path) -> None:
    # the reference model's log, its header edited to name the system under test
    def lie(name: str, doc: Any) -> Any:
        if name == "header.json":
            doc["eval"]["model"] = "mockllm/frontier-x"
        return doc

    rewrite(case / "logs" / "ctf-frontier-w.eval", case / "logs" / "edited.eval", lie)
    _cite(case, "edited.eval")
    code, report = check(case)
    assert (code, report["overall"]) == (1, "non_conformant")
    edited = [d for d in report["diagnostics"] if "header was edited" in d["message"]]
    assert {d["code"] for d in edited} == {"log-disagrees-with-run"}
    assert any("journal" in d["message"] for d in edited)  # header vs _journal/start.json
    assert any("generated by mockllm/frontier-w" in d["message"] for d in edited)  # vs samples


def test_an_inspect_log_whose_sample_list_was_edited(case: Path) -> None:
    # two failed items taken out of the header's sample list (the samples remain)
    def hide(name: str, doc: Any) -> Any:
        if name in ("header.json", "_journal/start.json"):
            ids = doc["eval"]["dataset"]["sample_ids"]
            doc["eval"]["dataset"]["sample_ids"] = [i for i in ids if i not in ("c19", "c20")]
        return doc

    rewrite(case / "logs" / "ctf-frontier-x.eval", case / "logs" / "edited.eval", hide)
    _cite(case, "edited.eval")
    code, report = check(case)
    assert (code, report["overall"]) == (1, "non_conformant")
    messages = [
        d["message"] for d in report["diagnostics"] if d["code"] == "log-disagrees-with-run"
    ]
    assert any("other sample ids than its samples hold" in m for m in messages)
    assert any("the log covers 18 items, the run says 20" in m for m in messages)


def test_a_submitted_review_alone_decides_nothing(case: Path) -> None:
    edit(case, lambda t: t)
    (case / "registry" / "approvals.yaml").unlink()
    code, report = check(case)
    assert (code, report["overall"]) == (1, "incomplete")
    assert verdict(report, "R-08") == ("needs_review", "review-unverified")


def test_a_waiver_written_into_the_file_decides_nothing(case: Path) -> None:
    def waive(text: str) -> str:
        return text.replace(
            "  - requirement: R-08\n    status: met\n",
            "  - requirement: R-08\n    status: waived\n"
            "    waiver: {id: W-1, issued_by: test-institute, reference: W-1}\n",
        )

    edit(case, waive)
    code, report = check(case)
    assert (code, report["overall"]) == (1, "non_conformant")
    assert verdict(report, "R-08") == ("fail", "waiver-not-verified")


# --- evidence a claim cites ------------------------------------------------------------------

CITED = "uri: evidence/contamination-check.md, sha256: "
"""How the fixture's claim for R-11 (an `evidence_present` check) cites its document."""
EVIDENCE_BYTES = (SUBMISSIONS / "evidence" / "contamination-check.md").read_bytes()


def _cite_evidence(case: Path, cited: str) -> dict[str, Any]:
    """The fixture with R-11's evidence cited as `cited` (its `uri` and `sha256`), checked."""
    edit(case, lambda t: re.sub(CITED + "[0-9a-f]{64}", cited, t))
    assert cited in (case / "sub.yaml").read_text(encoding="utf-8")
    return check(case)[1]


def test_evidence_read_beside_the_submission_is_present(case: Path) -> None:
    report = _cite_evidence(case, CITED + hashlib.sha256(EVIDENCE_BYTES).hexdigest())
    r11 = next(r for r in report["requirements"] if r["id"] == "R-11")
    assert (r11["verdict"], r11["reason"]) == ("pass", "evidence-present")
    assert "evidence/contamination-check.md" in r11["message"]


@pytest.mark.parametrize(
    ("cited", "outside"),
    [
        ('uri: "https://example.org/contamination.pdf", sha256: ' + "ab" * 32, False),
        ("sha256: " + hashlib.sha256(EVIDENCE_BYTES).hexdigest(), False),
        ("uri: /etc/hostname", True),
        ("uri: ../outside/contamination-check.md", True),
    ],
    ids=["url", "sha256-alone", "absolute-path", "parent-folder"],
)
def test_evidence_only_cited_awaits_an_issuer(case: Path, cited: str, outside: bool) -> None:
    """Evidence that was not read (whatever lies at the other end) is the submitter's word."""
    (case.parent / "outside").mkdir(exist_ok=True)
    (case.parent / "outside" / "contamination-check.md").write_bytes(EVIDENCE_BYTES)
    report = _cite_evidence(case, cited)
    assert verdict(report, "R-11") == ("needs_review", "evidence-unverified")
    assert report["overall"] == "conformant_with_deviations"
    warned = {d["code"] for d in report["diagnostics"]}
    assert ("path-outside-folder" in warned) == outside


def test_a_link_to_evidence_outside_the_folder_is_not_read(case: Path) -> None:
    elsewhere = case.parent / "elsewhere.md"
    elsewhere.write_bytes(EVIDENCE_BYTES)
    (case / "evidence" / "linked.md").symlink_to(elsewhere)
    report = _cite_evidence(case, "uri: evidence/linked.md")
    assert verdict(report, "R-11") == ("needs_review", "evidence-unverified")
    assert "path-outside-folder" in {d["code"] for d in report["diagnostics"]}


@pytest.mark.parametrize(
    ("cited", "reason"),
    [
        ("uri: evidence/no-such-file.md", "evidence-not-found"),
        ("uri: evidence", "evidence-not-found"),
        (CITED + "ab" * 32, "evidence-sha256-mismatch"),
    ],
    ids=["missing", "a-folder", "other-bytes"],
)
def test_evidence_the_folder_refutes_fails(case: Path, cited: str, reason: str) -> None:
    """A cited file that is not there, or has other bytes, fails the check and contradicts
    the submission, as a log would."""
    report = _cite_evidence(case, cited)
    assert verdict(report, "R-11") == ("fail", reason)
    assert (report["overall"], report["reason"]) == ("non_conformant", "claims-contradicted")
    where = line_of(case, "uri: evidence")  # R-11's claim, the one citing a local file
    assert reason in {c for c, line, _ in errors(report) if line == where}


def test_an_attested_claims_evidence_is_held_to_its_sha256_too(case: Path) -> None:
    """Evidence of a claim an issuer reviews (R-08, an attestation) that the folder refutes:
    the review stands for what it reviewed, and the file beside it contradicts the claim."""
    attested = 'uri: "https://example.org/attest/helpful-only.pdf"'

    def cite(text: str) -> str:
        assert attested in text
        return text.replace(attested, "uri: evidence/contamination-check.md, sha256: " + "cd" * 32)

    edit(case, cite)
    code, report = check(case)
    assert verdict(report, "R-08") == ("pass", "reviewed-pass")
    assert (code, report["overall"]) == (1, "non_conformant")
    where = line_of(case, "sha256: " + "cd" * 32)
    assert ("evidence-sha256-mismatch", where) in {(c, line) for c, line, _ in errors(report)}


def test_an_issuer_decides_evidence_only_cited(case: Path) -> None:
    _cite_evidence(case, 'uri: "https://example.org/contamination.pdf"')
    read = read_submission(case / "sub.yaml")
    approvals = case / "registry" / "approvals.yaml"
    doc = yaml.safe_load(approvals.read_text(encoding="utf-8"))
    doc["approvals"].append(
        {
            "kind": "review",
            "standard": "AISS-CHK-001@1.0.0",
            "requirement": "R-11",
            "submission_sha256": read.digest,
            "org": "test-institute",
            "verdict": "pass",
            "date": "2026-05-10",
        }
    )
    approvals.write_text(yaml.safe_dump(doc), encoding="utf-8")
    code, report = check(case)
    assert (code, report["overall"]) == (0, "conformant")
    assert verdict(report, "R-11") == ("pass", "reviewed-pass")


# --- Inspect's reducers and what an import keeps --------------------------------------------


def check_log(standard: str, log: str) -> dict[str, Any]:
    code, out, err = invoke(
        "check", "--root", str(SUBMISSIONS / "registry"), "--standard", standard,
        "--format", "json", *SYSTEM, str(INSPECT / log),
    )  # fmt: skip
    report: dict[str, Any] = json.loads(out)["reports"][0]
    assert code == (0 if report["overall"] == "conformant" else 1), err
    return report


def test_an_honest_pass_at_5_from_ten_epochs_is_conformant() -> None:
    report = check_log("AISS-INS-003@1.0.0", "pass_at.eval")
    assert (report["overall"], report["reason"]) == ("conformant", "all-met")
    inspect_value = next(
        s["metrics"]["accuracy"]
        for s in EXPECTED["pass_at.eval"]["results"]["scores"]
        if s["reducer"] == "pass_at_5"
    )
    (row,) = [r for r in report["recomputed"] if r["metric"] == "M-PASS5"]
    assert row["value"] == pytest.approx(inspect_value, abs=1e-12)  # Inspect's unbiased pass@5
    assert row["value_agrees"] and row["n_epochs"] == 10


def test_no_value_for_a_reducer_the_log_did_not_apply() -> None:
    one_epoch = check_log("AISS-INS-005@1.0.0", "success.eval")  # at_least_2 of one epoch
    assert verdict(one_epoch, "R-01") == ("fail", "metric-not-reported")
    assert "metric-not-in-log" in {d["code"] for d in one_epoch["diagnostics"]}
    short = check_log("AISS-INS-003@1.0.0", "pass_at_short.eval")  # pass@5 of 3 epochs
    assert verdict(short, "R-02") == ("fail", "metric-not-reported")
    assert short["overall"] == "non_conformant"


def _import_provenance(tmp_path: Path) -> Path:
    """The submission `aiss import inspect` makes of a copy of the real log `provenance.eval`
    (task arguments, a grader model, a two-step plan) under AISS-INS-004@1.0.0."""
    shutil.copy(INSPECT / "provenance.eval", tmp_path / "provenance.eval")
    out = tmp_path / "sub.yaml"
    code, _, err = invoke(
        "import", "inspect", "--root", str(SUBMISSIONS / "registry"), "--standard",
        "AISS-INS-004@1.0.0", *SYSTEM, "-o", str(out), str(tmp_path / "provenance.eval"),
    )  # fmt: skip
    assert code == 0, err
    return out


def test_import_keeps_what_the_log_says(tmp_path: Path) -> None:
    out = _import_provenance(tmp_path)
    want = json.loads((INSPECT / "expected_provenance.json").read_text(encoding="utf-8"))
    (run,) = yaml.safe_load(out.read_text(encoding="utf-8"))["runs"]
    # a local @task: the log names no registry, and none is made up from the standard
    assert "registry" not in run["task"] and run["task"]["name"] == want["task"]
    assert run["task"]["file"] == want["task_file"] and run["task"]["args"] == want["task_args"]
    assert [[s["solver"], s.get("params", {})] for s in run["solver"]] == want["solver"]
    assert [run["sandbox"]["type"], run["sandbox"].get("config")] == want["sandbox"]
    assert run["model_roles"] == want["model_roles"]  # the grader model
    assert run["counts"]["scored_samples"] == 12  # 6 items x 2 epochs, not 6
    assert {r.get("scorer") for r in run["samples"]} == {None, "graded"}  # both scorers kept
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    results = {m["metric"]: m for m in data["metric_results"]}
    assert results["M-GRADED"]["ci"] is not None and results["M-FLAG"]["ci"] is not None
    code, out_json, _ = invoke(
        "check", "--root", str(SUBMISSIONS / "registry"), "--format", "json", str(out)
    )
    assert (code, json.loads(out_json)["reports"][0]["overall"]) == (0, "conformant")


def test_a_second_scorers_records_are_held_to_the_log(tmp_path: Path) -> None:
    """The records of a scorer other than the run's sample scorer (the grader's, which
    M-GRADED is recomputed from) are the log's too: scores flipped, or a scorer the log does
    not have, contradict it as the sample scorer's would."""
    out = _import_provenance(tmp_path)
    text = out.read_text(encoding="utf-8")
    for forged, said in [
        (
            text.replace("scorer: graded, score: I}", "scorer: graded, score: C}"),
            "scorer 'graded': 6 sample score(s) differ from the log's (first: g03 epoch 2 is 1 "
            "in the submission, 0 in the log)",
        ),
        (
            text.replace("scorer: graded,", "scorer: regraded,"),
            "scorer 'regraded': the log holds no scores of this scorer",
        ),
    ]:
        out.write_text(forged, encoding="utf-8")
        code, out_json, _ = invoke(
            "check", "--root", str(SUBMISSIONS / "registry"), "--format", "json", str(out)
        )
        report = json.loads(out_json)["reports"][0]
        (run,) = yaml.safe_load(forged)["runs"]
        messages = [
            d["message"] for d in report["diagnostics"] if d["code"] == "log-disagrees-with-run"
        ]
        assert messages == [f"run {run['id']}: {said}"]
        assert (code, report["overall"]) == (1, "non_conformant")
        assert verdict(report, "R-03") == ("fail", "log-disagrees-with-run")


def test_a_grader_or_plan_the_log_does_not_record_is_contradicted(tmp_path: Path) -> None:
    """The submission `aiss import inspect` made of a real log with task arguments, a grader
    model and a two-step plan, edited to claim another difficulty, another grader and another
    system prompt: the log read beside it contradicts all three."""
    out = _import_provenance(tmp_path)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    (run,) = data["runs"]
    run["model_roles"] = {"grader": "mockllm/stronger-grader"}
    run["solver"][0]["params"]["template"] = "You are a helpful assistant."
    assert run["task"]["args"] == {"difficulty": "hard", "shots": 2}
    run["task"]["args"]["difficulty"] = "easy"
    out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out_json, _ = invoke(
        "check", "--root", str(SUBMISSIONS / "registry"), "--format", "json", str(out)
    )
    report = json.loads(out_json)["reports"][0]
    said = [d["message"] for d in report["diagnostics"] if d["code"] == "log-disagrees-with-run"]
    run_id = run["id"]
    assert sorted(said) == sorted(
        [
            f"run {run_id}: the log's task argument difficulty is 'hard', the run says 'easy'",
            f"run {run_id}: the log's grader is 'mockllm/grader', the run says "
            "'mockllm/stronger-grader'",
            f"run {run_id}: the log's solver plan is system_message(template='You are a careful "
            "security researcher.') -> generate(tool_calls='loop'), the run says "
            "system_message(template='You are a helpful assistant.') -> generate(tool_calls='loop')",
        ]
    )
    assert (code, report["overall"]) == (1, "non_conformant")


def test_a_result_under_a_superseded_version_is_told_the_current_one(case: Path) -> None:
    old = case / "registry" / "AISS-CHK-001" / "1.0.0" / "standard.yaml"
    new = case / "registry" / "AISS-CHK-001" / "1.1.0" / "standard.yaml"
    new.parent.mkdir()
    text = old.read_text(encoding="utf-8").replace(
        '\nversion: "1.0.0"\n', '\nversion: "1.1.0"\n', 1
    )
    text = text.replace(
        "changelog:\n",
        'changelog:\n  - version: "1.1.0"\n    date: 2026-06-01\n    changes: [Clarified R-01.]\n',
    )
    new.write_text(text, encoding="utf-8")
    edit(case, lambda t: t)
    code, report = check(case)
    assert (code, report["overall"]) == (0, "conformant")  # judged against the version it names
    (warning,) = [d for d in report["diagnostics"] if d["code"] == "standard-superseded"]
    assert "AISS-CHK-001@1.1.0" in warning["message"] and warning["severity"] == "warning"
    assert warning["line"] == line_of(case, "standard: {id: AISS-CHK-001")


def test_a_citation_of_the_content_digest_survives_a_deprecation(case: Path) -> None:
    std = case / "registry" / "AISS-CHK-001" / "1.0.0" / "standard.yaml"
    code, out, err = invoke(
        "lock", "--digest", "AISS-CHK-001@1.0.0", "--root", str(case / "registry")
    )
    assert code == 0, err
    content = out.split()[-1]
    edit(
        case,
        lambda t: t.replace(
            'standard: {id: AISS-CHK-001, version: "1.0.0"}',
            f'standard: {{id: AISS-CHK-001, version: "1.0.0", sha256: {content}}}',
        ),
    )
    assert check(case)[1]["overall"] == "conformant"
    # a lifecycle change (deprecation) changes the file's bytes, not its content digest
    text = std.read_text(encoding="utf-8").replace("status: published\n", "status: deprecated\n", 1)
    std.write_text(
        text.replace(
            "status_history:\n", "status_history:\n  - {status: deprecated, date: 2026-07-01}\n", 1
        ),
        encoding="utf-8",
    )
    code, report = check(case)
    assert report["overall"] == "conformant" and "standard-deprecated" in {
        d["code"] for d in report["diagnostics"]
    }
    # while any other change to the version breaks the citation
    std.write_text(text.replace("title: ", "title: Changed ", 1), encoding="utf-8")
    code, report = check(case)
    assert (code, report["overall"]) == (1, "invalid")
    assert [d["code"] for d in report["diagnostics"]] == ["standard-sha256-mismatch"]


def test_sharing_is_enforced_not_only_labelled(case: Path) -> None:
    base = 'marking: {tlp: "TLP:AMBER", embargo_until: 2026-06-01, public_summary_marking: "TLP:CLEAR"}'

    def share(tlp: str, orgs: str) -> Callable[[str], str]:
        return lambda t: t.replace(
            base, base.replace('"TLP:AMBER"', f'"{tlp}"')[:-1] + f", shared_with: [{orgs}]}}"
        )

    edit(case, share("TLP:AMBER", "test-institute, unknown-lab"))
    code, report = check(case)
    assert (code, report["overall"], report["reason"]) == (1, "non_conformant", "marking-invalid")
    where = line_of(case, "shared_with:")
    assert any(c == "shared-with-unknown" and line == where for c, line, _ in errors(report))
    # TLP:AMBER+STRICT goes to the recipient's organisation only
    shutil.copy(SUBMISSIONS / "conformant.yaml", case / "sub.yaml")
    edit(case, share("TLP:AMBER+STRICT", "test-institute, other-institute"))
    assert {c for c, *_ in errors(check(case)[1])} == set()  # one recipient besides the submitter
    shutil.copy(SUBMISSIONS / "conformant.yaml", case / "sub.yaml")
    registry_issuers = case / "registry" / "vocabularies" / "issuers.yaml"
    registry_issuers.write_text(
        registry_issuers.read_text(encoding="utf-8")
        + "  - {code: third-institute, name: Third Institute}\n",
        encoding="utf-8",
    )
    edit(case, share("TLP:AMBER+STRICT", "other-institute, third-institute"))
    code, report = check(case)
    assert (code, report["reason"]) == (1, "marking-invalid")
    assert any(
        c == "sharing-too-wide" and line == line_of(case, "shared_with:")
        for c, line, _ in errors(report)
    )
    # TLP:GREEN and TLP:CLEAR need no list, and any recipient may be named
    shutil.copy(SUBMISSIONS / "conformant.yaml", case / "sub.yaml")
    edit(case, share("TLP:GREEN", "other-institute, third-institute"))
    assert "sharing-too-wide" not in {c for c, *_ in errors(check(case)[1])}
