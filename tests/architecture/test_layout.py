"""Tests mirror modules: `tests/unit/<package>/test_<module>.py` tests `aiss/<package>/<module>.py`."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "tools" / "aiss"
UNIT = REPO / "tests" / "unit"


def test_every_unit_test_file_mirrors_a_module() -> None:
    modules = {
        p.relative_to(PACKAGE).with_suffix("")
        for p in PACKAGE.rglob("*.py")
        if p.name != "__init__.py"
    }
    tests = {
        p.relative_to(UNIT).with_name(p.name.removeprefix("test_")).with_suffix("")
        for p in UNIT.rglob("test_*.py")
    }
    assert tests, "the unit tests were not found"
    orphans = sorted(f"tests/unit/{t.parent / ('test_' + t.name)}.py" for t in tests - modules)
    assert orphans == [], "name each unit test file after the module it tests"


def test_every_test_package_has_an_init() -> None:
    """Test files of the same name in two folders (`versions/test_diff.py`, ...) need packages."""
    folders = {p.parent for p in (REPO / "tests").rglob("test_*.py") if "fixtures" not in p.parts}
    assert (
        sorted(str(f.relative_to(REPO)) for f in folders if not (f / "__init__.py").is_file()) == []
    )
