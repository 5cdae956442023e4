"""`aiss build` of a registry holding hostile texts and an invalid version: the build reports the
errors, leaves the invalid version out, exits 1, and nothing contributors wrote is live."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.acceptance.test_site_build import REPO, Html, parse, run
from tests.support.site_registry import HOSTILE_ID, PAYLOADS, add_hostile, build_registry

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hostile_site(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    tmp = tmp_path_factory.mktemp("hostile")
    root = build_registry(tmp)
    add_hostile(root)
    broken = root / "AISS-TST-002" / "1.0.0" / "standard.yaml"
    broken.write_text(broken.read_text().replace("procedure: TP-1", "procedure: TP-9"))
    out = tmp / "site"
    proc = run("-m", "aiss", "build", "--root", str(root), "--site-dir", str(out), "--strict")
    return out, proc


def test_build_reports_invalid_versions_leaves_them_out_and_exits_1(
    hostile_site: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, proc = hostile_site
    assert proc.returncode == 1, proc.stderr
    assert "AISS-TST-002/1.0.0/standard.yaml" in proc.stderr
    assert "error[unknown-procedure]" in proc.stderr
    assert "AISS-TST-002@1.0.0 left off the site: has validation errors" in proc.stderr
    assert "Documentation built" in proc.stderr
    assert not (out / "standards" / "AISS-TST-002" / "1.0.0").exists()
    assert (out / "standards" / "AISS-TST-001" / "1.1.0" / "index.html").is_file()
    assert (out / "standards" / HOSTILE_ID / "1.0.0" / "index.html").is_file()


def test_hostile_text_is_never_live(
    hostile_site: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, _ = hostile_site
    baseline = len(parse(out / "guides" / "authors" / "index.html").scripts)
    hostile_pages = [
        out / "standards" / HOSTILE_ID / "1.0.0" / "index.html",
        out / "standards" / HOSTILE_ID / "index.html",
        out / "catalog" / "index.html",
        out / "crosswalks" / "index.html",
        out / "index.html",
    ]
    for path in hostile_pages:
        doc = parse(path)
        assert len(doc.scripts) == baseline, path  # the theme's scripts, nothing more
        srcs = [s.split("|")[0].lstrip("./") for s in doc.scripts]
        assert all(src == "" or src.startswith("assets/") for src in srcs), path
        raw = path.read_text(encoding="utf-8")
        article = Html()
        article.feed(raw[raw.index("<article") : raw.index("</article>")])
        tags = {t for t, _ in article.elements}
        assert not tags & {"script", "img", "iframe", "object", "embed", "svg", "b"}, path
        for tag, attrs in doc.elements:
            for name, value in attrs.items():
                assert not name.startswith("on"), (path, tag, name)
                assert not value.strip().lower().startswith(("javascript:", "data:")), (path, value)
                assert "__pwned" not in value, (path, tag, name, value)
        assert not any("__pwned" in s for s in doc.scripts), path
    page = parse(hostile_pages[0])
    text = " ".join(" ".join(page.text).split())
    for payload in ("{{ 7*7 }}", "{% include 'base.html' %}", '--8<-- "README.md"', "<script>"):
        assert payload in text
    readme = (REPO / "README.md").read_text().splitlines()[0].lstrip("# ")
    assert readme not in text  # the include was not performed
    for doc in json.loads((out / "search" / "search_index.json").read_text())["docs"]:
        if HOSTILE_ID not in doc["location"]:
            continue
        snippet = Html()
        snippet.feed(doc["title"] + doc["text"])
        for tag, attrs in snippet.elements:
            assert tag in {
                "p",
                "code",
                "ul",
                "li",
                "a",
                "span",
                "strong",
                "em",
                "table",
                "thead",
                "tbody",
                "tr",
                "th",
                "td",
                "pre",
            }, (doc["location"], tag)
            assert not any(k.startswith("on") for k in attrs), (doc["location"], attrs)


def test_hostile_title_cannot_leave_the_title_element(
    hostile_site: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, _ = hostile_site
    raw = (out / "standards" / HOSTILE_ID / "index.html").read_text()
    head = raw[raw.index("<title>") : raw.index("</head>")]
    assert head.count("</title>") == 1
    assert "<script>window" not in raw
    assert PAYLOADS["script"] not in raw
