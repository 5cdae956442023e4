"""`validate` and `load_registry`: the per-file pass and the registry checks on one result."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from aiss.cache import Cache
from aiss.compose.validate import load_registry, validate
from aiss.validation.runner import Result
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


FIXTURE = REPO / "tests" / "fixtures" / "registry"
APPROVAL = """\
  - kind: review
    standard: {standard}
    requirement: R-01
    submission_sha256: {digest}
    org: {org}
    verdict: pass
    date: 2026-05-10
"""


def _with_approvals(tmp_path: Path, *entries: dict[str, str]) -> Path:
    root = tmp_path / "standards"
    shutil.copytree(FIXTURE, root)
    body = "".join(APPROVAL.format(digest="a" * 64, **e) for e in entries)
    (root / "approvals.yaml").write_text(
        'schema_version: "1.0.0"\nkind: Approvals\napprovals:\n' + body, encoding="utf-8"
    )
    return root


def test_the_approvals_file_names_versions_and_issuers_of_the_registry(tmp_path: Path) -> None:
    root = _with_approvals(
        tmp_path,
        {"standard": "AISS-TST-001@1.0.0", "org": "test-institute"},
        {"standard": "AISS-TST-001@1.0.0", "org": "uk-aisi"},
        {"standard": "AISS-TST-001@9.0.0", "org": "test-institute"},
    )
    found = [(d.code, d.line, d.column) for d in validate([root], root=root).diagnostics]
    assert found == [("approval-org-not-issuer", 15, 10), ("unknown-standard-version", 19, 15)]
    # the file alone is checked against the versions on disk
    alone = validate([root / "approvals.yaml"], root=root).diagnostics
    assert [(d.code, d.line) for d in alone] == [(c, ln) for c, ln, _ in found]


def test_validating_one_file_says_nothing_about_the_approvals_file(tmp_path: Path) -> None:
    """The registry of a one-file validation holds that file alone: the approvals file, not
    among the files validated, is not judged against it."""
    root = _with_approvals(tmp_path, {"standard": "AISS-TST-001@1.0.0", "org": "test-institute"})
    one = root / "AISS-TST-001" / "1.0.0" / "standard.yaml"
    assert validate([one], root=root).diagnostics == []


CHK_APPROVAL = {
    "kind": "review",
    "standard": "AISS-CHK-001@1.0.0",
    "requirement": "R-08",
    "submission_sha256": "a" * 64,
    "org": "test-institute",
    "verdict": "pass",
    "date": "2026-05-10",
}
"""A recorded review of the submissions registry's AISS-CHK-001@1.0.0 that holds."""


def _submissions_registry(tmp_path: Path, entries: list[dict[str, str]]) -> Path:
    """A copy of the submissions fixture registry whose approvals file records `entries`."""
    root = tmp_path / "registry"
    shutil.copytree(REPO / "tests" / "fixtures" / "submissions" / "registry", root)
    doc = {"schema_version": "1.0.0", "kind": "Approvals", "approvals": entries}
    (root / "approvals.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return root


def test_the_approvals_file_names_what_the_registry_has(tmp_path: Path) -> None:
    """Each recorded approval names a version of the registry, one of its requirements and
    one of its issuers, with its decision; anything else is a diagnostic at its line."""
    base = CHK_APPROVAL
    entries = [
        base,
        {**base, "standard": "AISS-CHK-001@9.0.0"},
        {**base, "requirement": "R-99"},
        {**base, "org": "other-institute"},
        {k: v for k, v in base.items() if k != "verdict"},
        {**{k: v for k, v in base.items() if k != "verdict"}, "kind": "waiver"},
    ]
    root = _submissions_registry(tmp_path, entries)
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


def test_the_approvals_file_is_judged_alike_from_the_cache(tmp_path: Path) -> None:
    """A version read back from the cache says what the approvals file is checked against
    (its requirement ids and issuers, in its registry facts) without its model being built:
    the same diagnostics, cold and warm, and no model made for the warm check."""
    base = CHK_APPROVAL
    entries = [base, {**base, "requirement": "R-99"}, {**base, "org": "other-institute"}]
    root = _submissions_registry(tmp_path, entries)
    cache = Cache(tmp_path / "cache")

    def approvals(result: Result) -> list[tuple[str, str | None, str]]:
        return [
            (d.code, d.json_path, d.message)
            for d in result.diagnostics
            if d.path.endswith("approvals.yaml")
        ]

    cold = validate([root], root=root, cache=cache)
    expected = [
        ("unknown-requirement", "$.approvals[1].requirement"),
        ("approval-org-not-issuer", "$.approvals[2].org"),
    ]
    assert [(c, p) for c, p, _ in approvals(cold)] == expected
    assert "(test-institute)" in approvals(cold)[1][2]  # the issuers named, as the model has
    warm = validate([root], root=root, cache=cache)
    entry = warm.registry.get("AISS-CHK-001", "1.0.0") if warm.registry else None
    assert entry is not None and entry.facts.requirements and entry.facts.issuers
    assert approvals(warm) == approvals(cold)
    assert entry._standard is None  # judged from the facts, the model not made
