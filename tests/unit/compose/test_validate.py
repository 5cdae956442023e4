"""`validate` and `load_registry`: the per-file pass and the registry checks on one result."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from aiss.compose.validate import load_registry, validate
from tests.support.site_registry import add_hostile, build_registry

REPO = Path(__file__).resolve().parents[3]


def test_the_site_registry_is_valid(tmp_path: Path) -> None:
    root = build_registry(tmp_path)
    add_hostile(root)
    result = load_registry(root)
    registry = result.the_registry()
    assert [d for d in result.diagnostics if d.is_error] == []
    assert len(list(registry)) == 6


def test_registry_checks_run_on_the_files_of_the_pass(tmp_path: Path) -> None:
    """A version whose bump is too small is found by the versions check, and its diff is
    handed on with the result, for the site."""
    root = build_registry(tmp_path)
    result = validate([root], root=root)
    assert result.registry is not None and result.files == len(result.checked)
    assert result.reports and set(result.reports) == set(result.pairs)
    for (old, new), report in result.reports.items():
        assert old.split("@")[0] == new.split("@")[0] == report.standard_id


def test_the_approvals_file_names_what_the_registry_has(tmp_path: Path) -> None:
    """Each recorded approval names a version of the registry, one of its requirements and
    one of its issuers, with its decision; anything else is a diagnostic at its line."""
    root = tmp_path / "registry"
    shutil.copytree(REPO / "tests" / "fixtures" / "submissions" / "registry", root)
    base = {
        "kind": "review",
        "standard": "AISS-CHK-001@1.0.0",
        "requirement": "R-08",
        "submission_sha256": "a" * 64,
        "org": "test-institute",
        "verdict": "pass",
        "date": "2026-05-10",
    }
    entries = [
        base,
        {**base, "standard": "AISS-CHK-001@9.0.0"},
        {**base, "requirement": "R-99"},
        {**base, "org": "other-institute"},
        {k: v for k, v in base.items() if k != "verdict"},
        {**{k: v for k, v in base.items() if k != "verdict"}, "kind": "waiver"},
    ]
    doc = {"schema_version": "1.0.0", "kind": "Approvals", "approvals": entries}
    (root / "approvals.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    result = load_registry(root)
    found = [(d.code, d.json_path) for d in result.diagnostics if d.path.endswith("approvals.yaml")]
    assert found == [
        ("unknown-standard-version", "$.approvals[1].standard"),
        ("unknown-requirement", "$.approvals[2].requirement"),
        ("approval-org-not-issuer", "$.approvals[3].org"),
        ("approval-incomplete", "$.approvals[4]"),
        ("approval-incomplete", "$.approvals[5]"),
    ]
    assert all(d.line > 0 for d in result.diagnostics if d.path.endswith("approvals.yaml"))
