"""The composition layer hands the diffs validation computed to the site: none is made twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from aiss.compose import site as compose_site
from aiss.compose.validate import load_registry
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
