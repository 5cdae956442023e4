"""The rendered-Markdown cache: unchanged standards reuse their pages, byte for byte; a
changed standard, or a changed version one of its pages links to, is rendered again; corrupt
entries are ignored, never trusted; the cache can be turned off."""

from __future__ import annotations

import datetime as dt
import zlib
from pathlib import Path

import pytest

from aiss.catalog.codes import CodeInfo
from aiss.compose.site import render
from aiss.compose.validate import load_registry
from aiss.site import cache as site_cache
from aiss.site.cache import NAMESPACE, Cache, RenderCache
from tests.support import cache_rows
from tests.support.site_registry import build_registry

CODES = [CodeInfo("yaml-tab", "yaml", "Tab", "YAML does not allow tabs.", "Use spaces.")]


def _render(root: Path, store: Cache | None) -> dict[str, str]:
    cache = RenderCache(store) if store is not None else None
    return render(load_registry(root), codes=CODES, today=dt.date.min, cache=cache).pages


def test_a_second_build_reuses_every_standard_and_gives_the_same_pages(tmp_path: Path) -> None:
    root = build_registry(tmp_path)
    fresh = _render(root, None)
    first = Cache(tmp_path / "cache")
    assert _render(root, first) == fresh
    assert (first.hits, first.misses) == (0, 2)  # AISS-TST-001 and -002 (-003 is not shown)
    second = Cache(tmp_path / "cache")
    assert _render(root, second) == fresh
    assert (second.hits, second.misses, second.rejected) == (2, 0, 0)


def test_a_changed_standard_is_rendered_again_and_only_it(tmp_path: Path) -> None:
    root = build_registry(tmp_path)
    _render(root, Cache(tmp_path / "cache"))
    path = root / "AISS-TST-002" / "1.0.0" / "standard.yaml"
    path.write_text(path.read_text().replace("Second test standard", "Second standard, renamed"))
    again = Cache(tmp_path / "cache")
    pages = _render(root, again)
    assert (again.hits, again.misses) == (1, 1)
    assert "Second standard, renamed" in pages["standards/AISS-TST-002/1.0.0/index.md"]
    assert pages == _render(root, None)


def test_an_entry_whose_looked_up_versions_changed_is_not_used(tmp_path: Path) -> None:
    store = RenderCache(Cache(tmp_path))
    store.put("ab" * 32, {"AISS-X-001@1.0.0": "1" * 64}, {"p.md": "old"})
    assert store.get("ab" * 32, lambda ref: "1" * 64) == {"p.md": "old"}
    assert store.get("ab" * 32, lambda ref: "2" * 64) is None
    assert store.get("ab" * 32, lambda ref: None) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: raw[:-3] + b"xyz",  # payload changed
        lambda raw: b"aiss-cache 9\n" + raw[len(site_cache.FORMAT) :],  # another format
        lambda raw: b"",
    ],
)
def test_corrupt_entries_are_ignored_and_rewritten(tmp_path: Path, damage: object) -> None:
    root = build_registry(tmp_path / "reg")
    _render(root, Cache(tmp_path / "cache"))
    assert len(cache_rows.entries(tmp_path / "cache", NAMESPACE)) == 2
    assert cache_rows.damage(tmp_path / "cache", damage, NAMESPACE) == 2  # type: ignore[arg-type]
    again = Cache(tmp_path / "cache")
    assert _render(root, again) == _render(root, None)
    assert (again.hits, again.misses, again.rejected) == (0, 2, 2)
    third = Cache(tmp_path / "cache")
    _render(root, third)
    assert third.hits == 2  # rewritten whole


def test_an_entry_that_is_not_pages_is_rejected(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    store.put(NAMESPACE, "cd" * 32, zlib.compress(b'{"reads": {}, "pages": {"p.md": 3}}'))
    store.put(NAMESPACE, "ce" * 32, b'{"reads": {}, "pages": {}}')  # not compressed
    assert RenderCache(store).get("cd" * 32, lambda ref: None) is None
    assert RenderCache(store).get("ce" * 32, lambda ref: None) is None
    assert store.rejected == 2


def test_no_cache_and_an_unwritable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AISS_CACHE_DIR", "off")
    assert site_cache.folder() is None and not Cache.default().enabled
    monkeypatch.setenv("AISS_CACHE_DIR", str(tmp_path / "c"))
    assert Cache.default().root == tmp_path / "c"
    assert not Cache.default(enabled=False).enabled
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    store = Cache(blocked)
    store.put(NAMESPACE, "ef" * 32, b"x")  # no error: the build goes on without it
    store.flush()
    assert store.get(NAMESPACE, "ef" * 32) is None
