"""loading: addresses read over the network (fetch) and the cache folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiss.errors import UsageError
from aiss.loading import cache_dir, fetch, is_url
from tests.support.served import serve


def test_fetch_reads_a_served_file_and_says_why_it_cannot(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"hello")
    with serve(tmp_path) as url:
        assert fetch(url + "a.txt", max_bytes=5) == b"hello"
        with pytest.raises(UsageError, match=r"a\.txt is larger than 4 bytes"):
            fetch(url + "a.txt", max_bytes=4)
        with pytest.raises(UsageError, match=r"cannot read .*/missing: HTTP 404"):
            fetch(url + "missing", max_bytes=10)
    assert fetch((tmp_path / "a.txt").as_uri(), max_bytes=10) == b"hello"
    with pytest.raises(UsageError, match="only http, https and file addresses"):
        fetch("ftp://example.org/x", max_bytes=10)


def test_is_url() -> None:
    assert is_url("https://x.org/") and is_url("file:///tmp/x")
    assert not is_url("standards") and not is_url("C:/site")


def test_cache_dir_order() -> None:
    assert cache_dir({"AISS_CACHE_DIR": "/a", "XDG_CACHE_HOME": "/b"}) == Path("/a")
    assert cache_dir({"XDG_CACHE_HOME": "/b"}) == Path("/b/aiss")
    assert cache_dir({}) == Path.home() / ".cache" / "aiss"
