"""Nothing restricted is published: GREEN, AMBER, AMBER+STRICT and embargoed content, planted
with unique marker strings, appears nowhere in a real `mkdocs build --strict` of the site."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from aiss.cli.main import cli

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
    return secrets


def test_restricted_content_never_reaches_the_built_site(tmp_path: Path) -> None:
    root = tmp_path / "standards"
    secrets = _plant(root)
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
    files = [p for p in site.rglob("*") if p.is_file()]
    assert len(files) > 50
    found = {
        (p.relative_to(site).as_posix(), s)
        for p in files
        for s in [*secrets, SECRET]
        if s.encode() in p.read_bytes()
    }
    assert found == set()
    # the scan can fail: the public example's marker is there, on the page and as a download
    public_hits = [p for p in files if PUBLIC.encode() in p.read_bytes()]
    assert any(p.name == "public.yaml" for p in public_hits)
    assert any(p.name == "index.html" for p in public_hits)
