"""Every code `aiss check` and `aiss import` can emit is documented in the code catalogue."""

from __future__ import annotations

import ast
from pathlib import Path

from aiss.codes import CODES
from aiss.conformance.reasons import CHECK_CODES

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "aiss"
SOURCES = [
    *sorted((TOOLS / "conformance").glob("*.py")),
    TOOLS / "importers" / "inspect_submission.py",
    TOOLS / "importers" / "inspect_runs.py",
    TOOLS / "cli" / "cmd_check.py",
]


CODE_ARGUMENT = {"Outcome": 1, "Diagnostic": 1, "diagnostic": 1, "at": 3, "whole_file": 1}
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
            if position is None or len(node.args) <= position:
                continue
            arg = node.args[position]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def test_every_emitted_code_is_documented() -> None:
    codes = emitted()
    assert len(codes) > 60
    assert codes - set(CODES) == set()


def test_codes_built_at_run_time_are_documented() -> None:
    dynamic = {f"log-status-{s}" for s in ("error", "cancelled", "started")}
    dynamic |= {f"reviewed-{v}" for v in ("pass", "fail")}
    dynamic |= {"all-met", "should-not-met", "must-undecided", "must-not-met", "invalid-document"}
    assert dynamic - set(CODES) == set()


def test_check_codes_are_unique_and_well_formed() -> None:
    names = [c[0] for c in CHECK_CODES]
    assert len(names) == len(set(names))
    for code, group, title, explanation, fix in CHECK_CODES:
        assert group in {"submission", "verdict", "import", "examples"}, code
        assert title and explanation.endswith(".") and fix, code
