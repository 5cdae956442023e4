"""The composition layer hands the diffs validation computed to the site: none is made twice."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from aiss.catalog.codes import CODES
from aiss.compose import site as compose_site
from aiss.compose.site import code_examples
from aiss.compose.validate import load_registry
from aiss.site.codes_pages import render_code
from aiss.versions.diff import diff_standards
from tests.support.site_registry import build_registry


def test_the_site_reuses_the_diffs_validation_computed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validation = load_registry(build_registry(tmp_path))
    assert validation.reports, "the test registry has consecutive versions"
    diffed: list[tuple[str, str]] = []

    def counting(old: Any, new: Any) -> Any:
        diffed.append((old.ref, new.ref))
        return diff_standards(old, new)

    monkeypatch.setattr(compose_site, "diff_standards", counting)
    site = compose_site.render(validation, today=dt.date.min)
    assert diffed == []  # every pair the site shows was diffed by validation, once
    shown = [p for p in site.pages.values() if "data-search-exclude" in p]
    assert shown, "the change sections are on the overview pages"


def test_every_code_example_gets_its_code_from_the_real_tools() -> None:
    """Each example in codes.yaml, run through validation (and `aiss check` against the
    shipped registry), prints its own code; its page shows the file and that output."""
    shipped = load_registry(Path(__file__).resolve().parents[3] / "standards")
    wanted = {c for c, info in CODES.items() if info.example}
    found = code_examples(shipped, list(CODES.values()))
    assert len(wanted) >= 20 and set(found) == wanted
    for code, example in found.items():
        assert all(f"[{code}]" in line for line in example.printed), code
        page = render_code(CODES[code], example)
        assert "## Example {#example}" in page and example.printed[0].split("\n")[0] in page
    broken = CODES["duplicate-key"]
    assert code_examples(shipped, [replace(broken, example="a: 1\n")]) == {}
