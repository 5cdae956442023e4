"""`validate` and `load_registry`: the per-file pass and the registry checks on one result."""

from __future__ import annotations

from pathlib import Path

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
