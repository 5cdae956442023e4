"""versions.render and `aiss diff`: the shipped 1.0.0 -> 1.1.0 diff in every format (golden files)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from aiss.catalog import schemas
from aiss.cli.main import cli
from aiss.models import Standard
from aiss.site.changes import changes_section
from aiss.source import parse_yaml
from aiss.versions.change import Change, DiffReport
from aiss.versions.diff import diff_standards
from aiss.versions.render import Pair, md_escape, render_markdown, render_text
from aiss.versions.rules import Bump
from tests.goldens import check_golden

REPO = Path(__file__).resolve().parents[3]
CYB = "AISS-CYB-001"
FORMATS = {"text": "txt", "json": "json", "markdown": "md"}


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_shipped_diff_matches_the_golden_file(
    fmt: str, in_repo: None, update_goldens: bool
) -> None:
    result = CliRunner().invoke(cli, ["diff", f"{CYB}@1.0.0", f"{CYB}@1.1.0", "--format", fmt])
    assert result.exit_code == 0, result.output
    check_golden(update_goldens, f"diff/{CYB}-1.0.0..1.1.0.{FORMATS[fmt]}", result.output)


def test_shipped_diff_lists_exactly_the_real_changes(in_repo: None) -> None:
    doc = json.loads(
        CliRunner().invoke(cli, ["diff", f"{CYB}@1.0.0", f"{CYB}@1.1.0", "--format", "json"]).output
    )
    (diff,) = doc["diffs"]
    assert (diff["declared"], diff["required"], diff["ok"]) == ("MINOR", "MINOR", True)
    found = [(c["bump"], c["rule"], c["target"]) for c in diff["changes"]]
    assert found == [
        ("PATCH", "editorial", "summary"),
        ("PATCH", "editorial", "definition 'shortcut solve'"),
        ("MINOR", "metric-added", "M-SHORTCUT"),
        ("PATCH", "requirement-guidance-changed", "R-04"),
        ("MINOR", "requirement-added-optional", "R-12"),
        ("PATCH", "editorial", "crosswalk R-12 -> nist-ai-600-1 NIST AI 600-1 (July 2024)"),
    ]


def test_json_output_follows_its_schema(in_repo: None) -> None:
    out = (
        CliRunner().invoke(cli, ["diff", f"{CYB}@1.0.0", f"{CYB}@1.1.0", "--format", "json"]).output
    )
    schema = json.loads((REPO / "schemas" / "diff-report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(json.loads(out))
    assert schema == schemas.generate("diff-report.schema.json")


def test_files_can_be_diffed_directly(in_repo: None) -> None:
    result = CliRunner().invoke(
        cli, ["diff", f"standards/{CYB}/1.0.0/standard.yaml", f"{CYB}@1.1.0"]
    )
    assert result.exit_code == 0
    assert "MINOR[metric-added] M-SHORTCUT added" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([f"{CYB}@1.0.0", f"{CYB}@9.9.9"], "no such standard version"),
        ([f"{CYB}@1.0.0", "AISS-TST-001@1.0.0"], "no such standard version"),
        ([f"{CYB}@1.0.0", "nothing.yaml"], "neither ID@version nor a file"),
        ([f"{CYB}@1.0.0"], "give OLD and NEW"),
        ([f"{CYB}@1.0.0", f"{CYB}@1.1.0", "--against", "HEAD"], "not both"),
    ],
)
def test_bad_arguments_exit_2(args: list[str], message: str, in_repo: None) -> None:
    result = CliRunner().invoke(cli, ["diff", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_markdown_escapes_text_from_the_standard() -> None:
    hostile = "R-01 added (MUST): <script>x</script> | [a](javascript:b) *c* `d`"
    report = DiffReport(
        "AISS-TST-001",
        "1.0.0",
        "2.0.0",
        (Change("requirement-added-mandatory", "R-01", Bump.MAJOR, hostile),),
    )
    md = render_markdown(report)
    assert "<script>" not in md and "](javascript" not in md and "| [a]" not in md
    assert md_escape("a|b<c>&") == "a&#124;b&#60;c&#62;&#38;"


def test_text_without_documents_has_no_locations() -> None:
    report = DiffReport(
        "AISS-TST-001",
        "1.0.0",
        "1.0.1",
        (Change("editorial", "summary", Bump.PATCH, "summary changed"),),
    )
    assert render_text([Pair(report)]).splitlines()[1] == "  PATCH[editorial] summary changed"


def _std(version: str) -> Standard:
    raw = (REPO / "standards" / CYB / version / "standard.yaml").read_bytes()
    return Standard.model_validate(parse_yaml("f", raw).data)


def test_site_section_links_both_versions_and_the_rule_table(update_goldens: bool) -> None:
    section = changes_section(diff_standards(_std("1.0.0"), _std("1.1.0")))
    assert section.startswith("### 1.0.0 → 1.1.0 {#changes-1.0.0..1.1.0 data-search-exclude}\n")
    assert "[1.0.0](1.0.0/index.md)" in section and "[1.1.0](1.1.0/index.md)" in section
    assert "(../../versioning.md#metric-added)" in section
    check_golden(update_goldens, f"diff/{CYB}-1.0.0..1.1.0.site.md", section)


def test_the_overview_shows_what_changed_and_the_old_address_redirects(
    tmp_path: Path, in_repo: None
) -> None:
    result = CliRunner().invoke(cli, ["render", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    docs = tmp_path / "out" / "docs" / "standards" / CYB
    overview = (docs / "index.md").read_text(encoding="utf-8")
    assert 'href="#changes-1.0.0..1.1.0"' in overview
    assert overview.rstrip("\n").endswith(
        changes_section(diff_standards(_std("1.0.0"), _std("1.1.0"))).rstrip("\n")
    )
    assert not (docs / "changes" / "1.0.0..1.1.0" / "index.md").exists()  # no page of its own
    redirect = (docs / "changes" / "1.0.0..1.1.0" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../../#changes-1.0.0..1.1.0"' in redirect
