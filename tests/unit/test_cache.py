"""`aiss.cache.Cache.holds`: a first run looks nothing up, any other run looks each file up."""

from __future__ import annotations

from pathlib import Path

from aiss.cache import DATABASE, Cache


def test_a_cache_holds_a_namespace_once_an_entry_of_it_is_put(tmp_path: Path) -> None:
    assert not Cache(None).holds("file")
    cache = Cache(tmp_path / "cache")
    assert not cache.holds("file")  # no database yet
    assert not (tmp_path / "cache" / DATABASE).exists()  # and asking made none
    cache.put("example", "a" * 64, b"payload")
    assert cache.holds("example") and not cache.holds("file")  # held in memory, not written
    cache.flush()
    again = Cache(tmp_path / "cache")
    assert again.holds("example") and not again.holds("file")
    again.put("file", "b" * 64, b"payload")
    again.flush()
    assert Cache(tmp_path / "cache").holds("file")
