"""Exercise pages: what is shown, what is left out and why, and contributor text kept text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from aiss.compose.site import render
from aiss.compose.validate import load_registry
from tests.support.joint import EX_ID, PUBLIC_TITLE, SECRET_TITLE, build_joint, write_exercise

TODAY = dt.date(2026, 12, 1)


def test_public_summary_page_and_version_link(tmp_path: Path) -> None:
    j = build_joint(tmp_path)
    site = render(load_registry(j.root), today=TODAY)
    page = site.pages[f"exercises/{EX_ID}/index.md"]
    assert PUBLIC_TITLE in page and SECRET_TITLE not in page
    assert "RESTRICTED-NOTE" not in page and "2026-02-16" not in page  # notes, access window
    assert "Center for AI Standards and Innovation (US) (participant)" in page
    assert page.count("aiss-verdict-pass") == 4 and page.count("aiss-verdict-fail") == 2
    assert "threshold_reached" in page
    # the figures come from the submissions' per-sample scores, and the page says so
    assert page.count("recomputed by the check") == 2 and "not verified" not in page
    version = site.pages["standards/AISS-JNT-001/1.0.0/index.md"]
    assert f'<a href="../../../exercises/{EX_ID}/">{EX_ID}</a>' in version
    assert site.nav["exercises"][1] == {EX_ID: f"exercises/{EX_ID}/index.md"}


def test_before_the_embargo_nothing_is_shown(tmp_path: Path) -> None:
    j = build_joint(tmp_path)
    site = render(load_registry(j.root), today=dt.date(2026, 2, 28))
    assert f"exercises/{EX_ID}/index.md" not in site.pages
    assert "No joint exercise has published a summary yet." in site.pages["exercises/index.md"]
    assert "Used in exercises" not in site.pages["standards/AISS-JNT-001/1.0.0/index.md"]
    assert [(x.ref, x.reason) for x in site.left_out] == [
        (EX_ID, "no TLP:CLEAR public summary past its embargo")
    ]


def test_summary_text_stays_text(tmp_path: Path) -> None:
    j = build_joint(tmp_path)
    record = j.exercise / "exercise.yaml"
    text = record.read_text(encoding="utf-8").replace(
        "access window and compared their results.",
        "access window. <script>alert(1)</script> [x](javascript:alert(2)) {{ 7*7 }}",
    )
    record.write_text(text, encoding="utf-8")
    page = render(load_registry(j.root), today=TODAY).pages[f"exercises/{EX_ID}/index.md"]
    assert "<script>" not in page and 'href="javascript:' not in page
    assert "{{ 7*7 }}" not in page  # no template or macro reaches Markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_figures_only_submitted_are_marked_so(tmp_path: Path) -> None:
    """Submissions whose runs carry no per-sample records and cite no log: nothing recomputes
    their metrics, and the public page says their figures are only submitted, never passing
    the submitters' word off as a measured headline."""
    j = build_joint(tmp_path)
    for path in (j.submissions["uk"], j.submissions["us"]):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for run in data["runs"]:
            run.pop("samples")
            run.pop("log")
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    write_exercise(j.root, j.submissions["uk"], j.submissions["us"])
    page = render(load_registry(j.root), today=TODAY).pages[f"exercises/{EX_ID}/index.md"]
    assert page.count("submitted, not verified") == 2 and "recomputed by the check" not in page
