"""Nothing restricted is published: GREEN, AMBER, AMBER+STRICT and embargoed content, restricted
parts of CLEAR examples (public summary, claims, evidence, logs) and invalid files, planted
with unique marker strings, appear nowhere in a real `mkdocs build --strict` of the site nor
in an `aiss render` tree: no page, search index, sitemap, download or redirect; nor does
anything of a joint exercise but its CLEAR public summary past its embargo, nor anything
restricted of a submission redacted for publication."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from aiss.cli.main import cli
from tests.support import joint
from tests.support.joint import build_joint

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "fixtures" / "registry"
SECRET = "LEAKMARK"
PUBLIC = "PUBLICMARK-5c1d"

EXAMPLE = """\
# yaml-language-server: $schema=../../../../../../schemas/submission.schema.json
schema_version: "1.0.0"
kind: ResultSubmission
standard: {{id: AISS-TST-001, version: "1.0.0"}}
marking: {{tlp: "{tlp}"{embargo}}}
example:
  expected_verdict: non_conformant
  description: "{marker}: a submission with no runs, so nothing is assessed"
"""


def _standard(sid: str, tlp: str, marker: str) -> str:
    text = (BASE / "AISS-TST-001" / "1.0.0" / "standard.yaml").read_text(encoding="utf-8")
    text = text.replace("AISS-TST-001", sid).replace("marking: TLP:CLEAR", f"marking: {tlp}")
    return text.replace("title: Minimal test standard", f"title: {marker} standard").replace(
        "summary: A minimal standard", f"summary: {marker} in the summary of a minimal standard"
    )


PARTS = """\
schema_version: "1.0.0"
kind: ResultSubmission
standard: {id: AISS-TST-001, version: "1.0.0"}
marking: {tlp: "TLP:CLEAR", public_summary_marking: "TLP:AMBER+STRICT"}
public_summary: "LEAKMARK-PART-SUMMARY: the summary is not for the public"
runs:
  - id: tp-1-sut
    procedure: TP-1
    model: examplelab/frontier-x
    status: success
    log:
      format: inspect_eval
      uri: logs/LEAKMARK-PART-LOGURI.eval
      eval_id: LEAKMARK-PART-LOGID
      run_id: LEAKMARK-PART-RUNID
      marking: TLP:AMBER+STRICT
    task: {name: cybench}
    dataset: {name: cybench, samples: 40}
    epochs: 5
claims:
  - requirement: R-02
    status: met
    justification: "LEAKMARK-PART-CLAIM: a claim marked AMBER"
    evidence:
      - {type: document, uri: "https://e.example.org/LEAKMARK-PART-CLAIMURI.pdf", marking: TLP:CLEAR}
    marking: TLP:AMBER
  - requirement: R-01
    status: met
    justification: "PUBLICMARK-CLAIM: a public claim"
    evidence:
      - type: document
        uri: https://evidence.example.org/LEAKMARK-PART-EVIDURI.pdf
        description: "LEAKMARK-PART-EVID: evidence marked AMBER"
        marking: TLP:AMBER
example:
  expected_verdict: non_conformant
  description: "PUBLICMARK-PARTS: an example with restricted parts"
"""

INVALID_EXAMPLES = {
    # an `unknown-field` in the embargo: the embargo is not read, so the file is not published
    "embargo-typo": ('{tlp: "TLP:CLEAR", embargo_untill: 2099-01-01}', "LEAKMARK-BAD-EMBARGO"),
    # duplicate `marking`: aiss reads the first, most YAML tools the last
    "duplicate-marking": ('{tlp: "TLP:CLEAR"}\nmarking: {tlp: "TLP:AMBER"}', "LEAKMARK-BAD-DUP"),
}


def _plant_invalid(root: Path, outside: Path) -> list[str]:
    """Invalid examples and an invalid CLEAR standard, each with its own marker."""
    examples = root / "AISS-TST-001" / "1.0.0" / "examples"
    secrets = []
    for name, (marking, marker) in INVALID_EXAMPLES.items():
        text = EXAMPLE.format(tlp="TLP:CLEAR", embargo="", marker=marker)
        (examples / f"{name}.yaml").write_text(
            text.replace('marking: {tlp: "TLP:CLEAR"}', f"marking: {marking}")
        )
        secrets.append(marker)
    for name, marker in (("bad name", "LEAKMARK-BAD-NAME"), ("linked", "LEAKMARK-BAD-LINK")):
        text = EXAMPLE.format(tlp="TLP:CLEAR", embargo="", marker=marker)
        if name == "linked":
            target = outside / "secret.yaml"
            target.write_text(text)
            (examples / "linked.yaml").symlink_to(target)
        else:
            (examples / f"{name}.yaml").write_text(text)
        secrets.append(marker)
    folder = root / "AISS-TST-005" / "1.0.0"
    folder.mkdir(parents=True)
    text = _standard("AISS-TST-005", "TLP:CLEAR", "LEAKMARK-BAD-STD")
    (folder / "standard.yaml").write_text(
        text.replace("marking: TLP:CLEAR\n", "marking: TLP:CLEAR\nmarking: TLP:AMBER\n")
    )
    secrets.append("LEAKMARK-BAD-STD")
    return secrets


def _scan(folder: Path, needles: list[str]) -> set[tuple[str, str]]:
    """(file, needle) for each needle in any file below `folder`, gzip files unpacked."""
    found = set()
    for p in folder.rglob("*"):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if p.suffix == ".gz":
            data = gzip.decompress(data)
        found |= {(p.relative_to(folder).as_posix(), s) for s in needles if s.encode() in data}
    return found


def _plant(root: Path) -> list[str]:
    shutil.copytree(BASE, root)
    secrets = []
    for n, tlp in ((2, "TLP:GREEN"), (3, "TLP:AMBER"), (4, "TLP:AMBER+STRICT")):
        marker = f"{SECRET}-STD-{tlp.split(':')[1].replace('+', '-')}"
        folder = root / f"AISS-TST-00{n}" / "1.0.0"
        folder.mkdir(parents=True)
        (folder / "standard.yaml").write_text(_standard(f"AISS-TST-00{n}", tlp, marker))
        secrets.append(marker)
    examples = root / "AISS-TST-001" / "1.0.0" / "examples"
    examples.mkdir()
    planted = {
        "public": ("TLP:CLEAR", "", PUBLIC),
        "green": ("TLP:GREEN", "", f"{SECRET}-EX-GREEN"),
        "amber": ("TLP:AMBER", "", f"{SECRET}-EX-AMBER"),
        "amber-strict": ("TLP:AMBER+STRICT", "", f"{SECRET}-EX-STRICT"),
        "embargoed": ("TLP:CLEAR", ", embargo_until: 2099-01-01", f"{SECRET}-EX-EMBARGO"),
    }
    for name, (tlp, embargo, marker) in planted.items():
        (examples / f"{name}.yaml").write_text(
            EXAMPLE.format(tlp=tlp, embargo=embargo, marker=marker)
        )
        if marker != PUBLIC:
            secrets.append(marker)
    (examples / "parts.yaml").write_text(PARTS)
    secrets += sorted(set(re.findall(r"LEAKMARK-PART-[A-Z]+", PARTS)))
    return secrets


def test_restricted_content_never_reaches_the_built_site(tmp_path: Path) -> None:
    root = tmp_path / "standards"
    secrets = _plant(root)
    for s in ("LEAKMARK-PART-SUMMARY", "LEAKMARK-PART-CLAIM", "LEAKMARK-PART-EVID"):
        assert s in secrets
    valid = CliRunner().invoke(cli, ["validate", str(root)])
    assert valid.exit_code == 0, valid.output
    site = tmp_path / "site"
    result = CliRunner().invoke(
        cli,
        ["build", "--root", str(root), "--site-dir", str(site), "-f", str(REPO / "mkdocs.yml")],
    )
    assert result.exit_code == 0, result.output
    # the build says what it left out, and why
    for ref, tlp in (("AISS-TST-002", "GREEN"), ("AISS-TST-003", "AMBER")):
        assert f"{ref}@1.0.0 left off the site: marked TLP:{tlp}" in result.output
    assert (
        "AISS-TST-001@1.0.0 example parts left off the site: published without public_summary "
        "(TLP:AMBER+STRICT), runs[0].log (TLP:AMBER+STRICT), claims[0] (TLP:AMBER), "
        "claims[1].evidence[0] (TLP:AMBER)"
    ) in result.output
    assert "AISS-TST-001@1.0.0 example embargoed left off the site: under embargo" in result.output
    files = [p for p in site.rglob("*") if p.is_file()]
    assert len(files) > 50
    assert {"sitemap.xml", "search_index.json", "registry.json"} <= {p.name for p in files}
    assert _scan(site, [*secrets, SECRET]) == set()
    # the scan can fail: the public example's marker is there, on the page and as a download
    public_hits = [p for p in files if PUBLIC.encode() in p.read_bytes()]
    assert any(p.name == "public.yaml" for p in public_hits)
    assert any(p.name == "index.html" for p in public_hits)
    # and the example with restricted parts is published without them
    parts = site / "standards" / "AISS-TST-001" / "1.0.0" / "examples" / "parts.yaml"
    assert b"PUBLICMARK-PARTS" in parts.read_bytes() and b"PUBLICMARK-CLAIM" in parts.read_bytes()
    assert b"left out: claims[0] (TLP:AMBER)" in parts.read_bytes()


def test_invalid_files_are_never_published(tmp_path: Path) -> None:
    root = tmp_path / "standards"
    secrets = _plant(root)
    outside = tmp_path / "outside"
    outside.mkdir()
    secrets += _plant_invalid(root, outside)
    valid = CliRunner().invoke(cli, ["validate", str(root)])
    assert valid.exit_code == 1
    for code in ("unknown-field", "duplicate-key", "unsafe-file-name", "unreadable-file"):
        assert f"error[{code}]" in valid.output, code
    site = tmp_path / "site"
    result = CliRunner().invoke(
        cli,
        ["build", "--root", str(root), "--site-dir", str(site), "-f", str(REPO / "mkdocs.yml")],
    )
    assert result.exit_code == 1, result.output  # built, without the invalid files
    assert "AISS-TST-005@1.0.0 left off the site: has validation errors" in result.output
    for name in INVALID_EXAMPLES:
        assert f"example {name} left off the site: it has validation errors" in result.output
    assert "example ? left off the site: its file name is not plain" in result.output
    linked = "example linked left off the site: it was not read ("
    assert linked in result.output
    assert "/examples/linked.yaml leads outside " in result.output.partition(linked)[2]
    assert _scan(site, [*secrets, SECRET]) == set()
    assert any(PUBLIC in s for _, s in _scan(site, [PUBLIC]))
    # the same for the plain Markdown tree of `aiss render`
    out = tmp_path / "rendered"
    rendered = CliRunner().invoke(
        cli, ["render", "--root", str(root), "--out", str(out), "-f", str(REPO / "mkdocs.yml")]
    )
    assert rendered.exit_code == 1, rendered.output
    assert _scan(out, [*secrets, SECRET]) == set()
    assert _scan(out, [PUBLIC])


def _plant_joint(tmp: Path) -> tuple[Path, list[str], list[str]]:
    """The joint fixture with restricted markers in the exercise record, in a submission, in an
    embargoed and in a GREEN exercise, and a redacted (public) summary of the restricted
    submission published as an example."""
    j = build_joint(tmp)
    secrets = [joint.SECRET_TITLE, "RESTRICTED-NOTE-91c4"]
    uk = j.submissions["uk"]
    text = uk.read_text(encoding="utf-8").replace(
        "marking: {tlp: 'TLP:AMBER', shared_with: [uk-aisi, us-caisi]}",
        "marking: {tlp: 'TLP:AMBER', shared_with: [uk-aisi, us-caisi],"
        " public_summary_marking: 'TLP:AMBER'}\n"
        f"elicitation: {{scaffold: {SECRET}-SUB-SCAFFOLD, tools: [{SECRET}-SUB-TOOL]}}\n"
        f"limitations: [{SECRET}-SUB-LIMIT]\n"
        f"public_summary: {SECRET}-SUB-SUMMARY is not for publication\n"
        "claims:\n"
        f"  - {{requirement: R-03, status: not_met, justification: {SECRET}-SUB-CLAIM,"
        " marking: 'TLP:AMBER'}",
    )
    uk.write_text(text, encoding="utf-8")
    secrets += [f"{SECRET}-SUB-{k}" for k in ("SCAFFOLD", "TOOL", "LIMIT", "SUMMARY", "CLAIM")]
    joint.write_exercise(j.root, uk, j.submissions["us"])
    record = (j.exercise / "exercise.yaml").read_text(encoding="utf-8")
    for ex_id, change, marker in (
        ("EX-2026-002", ("embargo_until: 2026-03-01", "embargo_until: 2099-01-01"), "EMBARGO"),
        (
            "EX-2026-003",
            ("  marking: TLP:CLEAR\n  title:", "  marking: TLP:GREEN\n  title:"),
            "GREEN",
        ),
    ):
        folder = j.root / "exercises" / ex_id
        shutil.copytree(j.exercise, folder)
        other = record.replace(f"id: {joint.EX_ID}", f"id: {ex_id}").replace(*change)
        other = other.replace(joint.PUBLIC_TITLE, f"{SECRET}-EX-{marker} title")
        other = other.replace(joint.PUBLIC_FINDING, f"{SECRET}-EX-{marker} finding")
        if marker == "GREEN":
            other = other.replace("status: published", "status: complete")
        (folder / "exercise.yaml").write_text(other, encoding="utf-8")
        secrets += [f"{SECRET}-EX-{marker}"]
    examples = j.root / "AISS-JNT-001" / "1.0.0" / "examples"
    examples.mkdir()
    public = examples / "redacted.yaml"
    result = CliRunner().invoke(
        cli, ["redact", "--to", "TLP:CLEAR", "--root", str(j.root), str(uk), "-o", str(public)]
    )
    assert result.exit_code == 0, result.output
    with public.open("a", encoding="utf-8") as f:
        f.write(
            # a public summary carries neither logs nor per-sample records: its counts are
            # only declared, so the sample size awaits review (`counts-unverified`)
            "example:\n  expected_verdict: incomplete\n"
            "  description: the redacted public summary of a restricted submission\n"
        )
    return j.root, secrets, [joint.PUBLIC_TITLE, joint.PUBLIC_FINDING.split(":")[0]]


def test_exercises_and_redacted_summaries_publish_nothing_restricted(tmp_path: Path) -> None:
    root, secrets, public = _plant_joint(tmp_path)
    valid = CliRunner().invoke(cli, ["validate", str(root)])
    assert valid.exit_code == 0, valid.output
    site = tmp_path / "site"
    result = CliRunner().invoke(
        cli,
        ["build", "--root", str(root), "--site-dir", str(site), "-f", str(REPO / "mkdocs.yml")],
    )
    assert result.exit_code == 0, result.output
    assert "EX-2026-002 left off the site: no TLP:CLEAR public summary past its embargo" in (
        result.output
    )
    files = [p for p in site.rglob("*") if p.is_file()]
    found = {
        (p.relative_to(site).as_posix(), s)
        for p in files
        for s in [*secrets, SECRET, "id: j01", '"j01"']
        if s.encode() in p.read_bytes()
    }
    assert found == set()
    assert not (site / "exercises" / "EX-2026-002").exists()
    assert not (site / "exercises" / "EX-2026-003").exists()
    page = (site / "exercises" / "EX-2026-001" / "index.html").read_text(encoding="utf-8")
    for marker in public:
        assert marker in page
    assert "EX-2026-001" in (
        site / "standards" / "AISS-JNT-001" / "1.0.0" / "index.html"
    ).read_text(encoding="utf-8")
    # the redacted summary is published (as a downloadable example) and names its source
    downloads = [p for p in files if p.name == "redacted.yaml"]
    assert downloads and b"sha256" in downloads[0].read_bytes()
