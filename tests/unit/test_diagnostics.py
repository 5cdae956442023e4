"""Location and Diagnostic: one location type for line:col and JSON path; deterministic order."""

from __future__ import annotations

from aiss.diagnostics import (
    Diagnostic,
    Location,
    Severity,
    at,
    json_path_of,
    sorted_diagnostics,
    whole_file,
)


def test_a_location_carries_line_column_and_json_path() -> None:
    where = Location("s.yaml", 3, 5, json_path_of(("requirements", 2, "level")))
    assert where.json_path == "$.requirements[2].level"
    assert where.text() == "s.yaml:3:5"
    assert Location("s.yaml").text() == "s.yaml"  # the whole file


def test_diagnostics_sort_by_file_and_position_and_drop_exact_duplicates() -> None:
    a = at("b.yaml", 1, 1, "x", "m")
    b = at("a.yaml", 9, 1, "y", "m", severity=Severity.WARNING)
    c = whole_file("a.yaml", "z", "m")
    assert sorted_diagnostics([a, b, c, a]) == [c, b, a]
    assert not b.is_error and c.line == 0 and c.column == 0


def test_json_form_leaves_out_an_empty_hint() -> None:
    d = Diagnostic(Location("f", 2, 3, "$.a"), "code", "msg")
    assert d.to_json() == {
        "path": "f",
        "line": 2,
        "column": 3,
        "severity": "error",
        "code": "code",
        "message": "msg",
        "json_path": "$.a",
    }
    assert at("f", 1, 1, "c", "m", hint="do this").to_json()["hint"] == "do this"
