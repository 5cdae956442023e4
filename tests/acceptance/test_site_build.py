"""The real site builds: `mkdocs build --strict` of the shipped registry (every page, data file
and link), and `aiss render` output built by plain MkDocs without the hook."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from aiss.catalog import schemas
from aiss.catalog.codes import CODES
from aiss.compose.validate import load_registry
from aiss.models import Tlp
from aiss.settings import SCHEMA_BASE_URL, SITE_URL
from aiss.site.view import RELEASED
from tests.support.site_registry import build_registry

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
pytestmark = pytest.mark.slow


class Html(HTMLParser):
    """Elements with their attributes, ids, script bodies and visible text of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "script":
            self._in_script = True
            self.scripts.append(a.get("src", "") + "|")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def parse(path: Path) -> Html:
    page = Html()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=120
    )


def target_file(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The built file a relative link on `page` leads to, and its fragment (None if external)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("#") or not parts.path:
        return None
    base = site if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target, parts.fragment


def check_links(site: Path) -> list[str]:
    """Broken relative links and fragments across every page of a built site."""
    problems = []
    pages = {p: parse(p) for p in site.rglob("*.html")}
    for page, doc in pages.items():
        for tag, attrs in doc.elements:
            href = attrs.get("href") if tag in ("a", "link") else attrs.get("src")
            if not href:
                continue
            found = target_file(site, page, href)
            if found is None:
                if href.startswith("#") and len(href) > 1 and unquote(href[1:]) not in doc.ids:
                    problems.append(f"{page}: missing anchor {href}")
                continue
            path, fragment = found
            if not path.is_file():
                problems.append(f"{page.relative_to(site)}: broken link {href}")
            elif fragment and path in pages and fragment not in pages[path].ids:
                problems.append(f"{page.relative_to(site)}: missing anchor {href}")
    return problems


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shipped") / "site"
    proc = run("-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    return out


def test_strict_build_of_the_shipped_registry_has_every_page(shipped_site: Path) -> None:
    _ = load_registry(REPO / "standards")
    registry = _.the_registry()
    public = [e for e in registry if e.standard.marking is Tlp.CLEAR]
    assert public, "no shipped standards"
    for e in public:
        s = e.standard
        assert (shipped_site / "standards" / s.id / s.version / "index.html").is_file()
        assert (shipped_site / "standards" / s.id / "index.html").is_file()
    for sid in registry.ids():
        latest = registry.latest(sid)
        redirect = (shipped_site / "standards" / sid / "latest" / "index.html").read_text()
        if latest is not None:
            assert f'url=../{latest.standard.version}/"' in redirect
    for code in CODES:
        assert (shipped_site / "diagnostics" / code / "index.html").is_file()
    for page in (
        "index.html",
        "catalog/index.html",
        "crosswalks/index.html",
        "guides/authors/index.html",
        "guides/evaluators/index.html",
    ):
        assert (shipped_site / page).is_file()


def test_shipped_site_has_no_broken_links_or_anchors(shipped_site: Path) -> None:
    assert check_links(shipped_site) == []


def test_registry_json_matches_the_files(shipped_site: Path) -> None:
    _ = load_registry(REPO / "standards")
    registry = _.the_registry()
    index = json.loads((shipped_site / "registry.json").read_text())
    listed = {(v["id"], v["version"]): v for s in index["standards"] for v in s["versions"]}
    expected = {
        (e.standard.id, e.standard.version) for e in registry if e.standard.marking is Tlp.CLEAR
    }
    assert set(listed) == expected
    for (sid, ver), v in listed.items():
        entry = registry.get(sid, ver)
        assert entry is not None
        assert v["sha256"] == hashlib.sha256(entry.path.read_bytes()).hexdigest()
        assert v["status"] == entry.standard.status.value
        for key in ("page", "yaml", "json"):
            assert v[key].startswith(SITE_URL)
            local = shipped_site / v[key][len(SITE_URL) :]
            assert (local / "index.html" if v[key].endswith("/") else local).is_file(), v[key]
        downloaded = (shipped_site / v["yaml"][len(SITE_URL) :]).read_bytes()
        assert hashlib.sha256(downloaded).hexdigest() == v["sha256"]


def test_requirements_csv_has_every_published_requirement(shipped_site: Path) -> None:
    _ = load_registry(REPO / "standards")
    registry = _.the_registry()
    text = (shipped_site / "requirements.csv").read_text(encoding="utf-8")
    rows = {
        (r["standard"], r["version"], r["requirement"]) for r in csv.DictReader(io.StringIO(text))
    }
    expected = {
        (e.standard.id, e.standard.version, r.id)
        for e in registry
        if e.standard.status in RELEASED and e.standard.marking is Tlp.CLEAR
        for r in e.standard.requirements
    }
    assert rows == expected


def test_schemas_are_served_at_their_id(shipped_site: Path) -> None:
    for name in schemas.all_names():
        doc = json.loads((shipped_site / "schemas" / name).read_text())
        assert doc["$id"] == SCHEMA_BASE_URL + name
        assert doc["$id"].startswith(SITE_URL)
        assert (shipped_site / doc["$id"][len(SITE_URL) :]).is_file()


def test_rendered_tree_builds_with_plain_mkdocs(tmp_path: Path) -> None:
    root = build_registry(tmp_path)
    out = tmp_path / "rendered"
    proc = run("-m", "aiss", "render", "--out", str(out), "--root", str(root))
    assert proc.returncode == 0, proc.stderr
    config = (out / "mkdocs.yml").read_text()
    assert "hooks" not in config and "aiss:" not in config
    assert (out / "docs" / "standards" / "AISS-TST-001" / "1.1.0" / "index.md").is_file()
    assert (out / "docs" / "guides" / "authors.md").is_file()
    site = tmp_path / "site"
    proc = run("-m", "mkdocs", "build", "--strict", "-f", str(out / "mkdocs.yml"), "-d", str(site))
    assert proc.returncode == 0, proc.stderr
    assert (site / "standards" / "AISS-TST-001" / "latest" / "index.html").is_file()
    assert check_links(site) == []
