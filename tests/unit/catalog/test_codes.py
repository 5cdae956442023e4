"""Every code aiss can emit is documented in the code catalog, and the catalog is well formed."""

from __future__ import annotations

import ast
from pathlib import Path

from aiss.catalog.codes import CODES, GROUPS

TOOLS = Path(__file__).resolve().parents[3] / "tools" / "aiss"
SOURCES = sorted(TOOLS.rglob("*.py"))
CODE_ARGUMENT = {
    "Outcome": 1,
    "Diagnostic": 1,
    "diagnostic": 1,
    "diag": 1,
    "at": 3,
    "at_node": 2,
    "whole_file": 1,
    "Problem": 1,
    "_run_problem": 3,
}
"""Where the code is among the positional arguments of each way to make a diagnostic."""


def emitted() -> set[str]:
    """Constant codes passed to `Outcome(verdict, code, ...)`, `Diagnostic(location, code, ...)`,
    `doc.diagnostic(loc, code, ...)`, `at(path, line, col, code, ...)` and `whole_file`."""
    found: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            position = CODE_ARGUMENT.get(name or "")
            first = node.args[0] if node.args else None
            if (
                name == "Problem"
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                position = (
                    0  # the exchange's Problem(code, message); conformance's is (loc, code, ...)
                )
            if position is None or len(node.args) <= position:
                continue
            arg = node.args[position]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def test_every_emitted_code_is_documented() -> None:
    codes = emitted()
    assert len(codes) > 100
    assert codes - set(CODES) == set()


def test_codes_built_at_run_time_are_documented() -> None:
    dynamic = {f"log-status-{s}" for s in ("error", "cancelled", "started")}
    dynamic |= {f"reviewed-{v}" for v in ("pass", "fail")}
    dynamic |= {"all-met", "should-not-met", "must-undecided", "must-not-met", "invalid-document"}
    assert dynamic - set(CODES) == set()


def test_catalog_entries_are_well_formed() -> None:
    for info in CODES.values():
        assert info.group in GROUPS, info.code
        assert info.title and info.explanation.endswith(".") and info.fix, info.code
        assert info.code == info.code.lower() and " " not in info.code
