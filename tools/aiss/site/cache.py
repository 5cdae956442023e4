"""The content-addressed cache of rendered Markdown: each standard's pages, by a key of
everything they are rendered from, so that a build of an unchanged standard reuses them.

Where: `$AISS_CACHE_DIR`, else `$XDG_CACHE_HOME/aiss`, else `~/.cache/aiss` (`folder()`), in
the subfolder `site-pages/`; `aiss build --no-cache` (and `aiss render --no-cache`), or
`AISS_CACHE_DIR=off`, uses none. Nothing in it is ever needed: deleting the folder only makes
the next build render every page again.

The API (`folder`, `key`, `Cache.get/put`, the entry format) is the one of the validation
cache of issue 15, so that the two can become one module.

Keys are sha256 digests of everything that can change a page (`key()`): aiss's own code
(`code_digest()`, every file of the installed package, so a renderer edited in a checkout
misses as a new release would), the site address, the vocabularies, and the bytes of each of
the standard's versions with what the page shows of their examples and exercises. A page may
also link to other standards' versions; those it looked up are stored with it and compared on
every hit (`RenderCache`), so an entry never has to be invalidated: a change gives another key
or a failed comparison.

Safe under concurrent builds and corruption: an entry is written to a temporary file beside it
and renamed into place (`aiss.atomic.write_atomic`, without fsync: a cache need not survive a
power cut), so a reader sees a whole entry or none; each entry carries the sha256 of its
payload, and one whose digest, length or header does not match (truncated, corrupted, written
by another format) is ignored and rewritten, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import zlib
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

import orjson

from aiss import atomic
from aiss.loading import read_bytes, read_folder
from aiss.settings import VERSION

FORMAT = b"aiss-cache 1\n"
"""First line of every entry; another format is a miss."""
ENV = "AISS_CACHE_DIR"
NAMESPACE = "site-pages"
"""The subfolder of the cache folder that holds rendered pages."""


def folder() -> Path | None:
    """The cache folder, or None when the cache is off (`AISS_CACHE_DIR=off`)."""
    chosen = os.environ.get(ENV)
    if chosen:
        return None if chosen == "off" else Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "aiss" if xdg else Path.home() / ".cache" / "aiss"


def key(*parts: str | bytes) -> str:
    """A key from its parts (each length-prefixed, so no two lists of parts give one key)."""
    h = hashlib.sha256()
    for part in parts:
        raw = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(b"%d:" % len(raw))
        h.update(raw)
    return h.hexdigest()


@cache
def code_digest() -> str:
    """sha256 over aiss's version, the Python version and every file of the installed
    `aiss` package (its sources and the catalogs they read)."""
    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256(VERSION.encode() + b"\0" + sys.version.encode() + b"\0")
    for name, raw in read_folder(package).items():  # sorted, without caches
        h.update(name.encode() + b"\0" + hashlib.sha256(raw).digest())
    return h.hexdigest()


class Cache:
    """Entries in `root` (None: a cache that holds nothing and stores nothing)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.hits = 0
        self.misses = 0
        self.rejected = 0
        """Entries found but not trusted (corrupt, truncated, another format)."""

    @classmethod
    def default(cls, enabled: bool = True) -> Cache:
        return cls(folder() if enabled else None)

    @property
    def enabled(self) -> bool:
        return self.root is not None

    def _path(self, namespace: str, digest: str) -> Path:
        assert self.root is not None
        return self.root / namespace / digest[:2] / digest[2:]

    def get(self, namespace: str, digest: str) -> bytes | None:
        """The payload stored under `digest`, when there is a whole, intact entry."""
        if self.root is None:
            return None
        try:
            raw: bytes | None = read_bytes(self._path(namespace, digest))
        except OSError:
            raw = None
        payload = _payload(raw) if raw is not None else None
        if payload is None:
            self.misses += 1
            self.rejected += raw is not None
            return None
        self.hits += 1
        return payload

    def put(self, namespace: str, digest: str, payload: bytes) -> None:
        """Store `payload` under `digest`; a cache that cannot be written is no error."""
        if self.root is None:
            return
        entry = FORMAT + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
        with contextlib.suppress(OSError):  # a read-only or full disk: the build goes on
            atomic.write_atomic(self._path(namespace, digest), entry, durable=False)


def _payload(raw: bytes) -> bytes | None:
    """The payload of an entry whose header and digest check out; None otherwise."""
    if not raw.startswith(FORMAT):
        return None
    head = len(FORMAT)
    digest, payload = raw[head : head + 64], raw[head + 65 :]
    if (
        raw[head + 64 : head + 65] != b"\n"
        or hashlib.sha256(payload).hexdigest().encode() != digest
    ):
        return None
    return payload


COMPRESSION = 1
"""zlib level of the entries: Markdown shrinks about sevenfold even at the fastest level, so
that a cold build of 5,000 standards writes 30 MB of cache instead of 200 MB."""


class RenderCache:
    """Rendered pages in a `Cache`: by key, with the other standards' versions they looked
    up (`ref` -> sha256 of its file, or None when it was not on the site), which must still
    be the same for an entry to be used. Entries are JSON, zlib-compressed."""

    def __init__(self, store: Cache) -> None:
        self.store = store

    @property
    def enabled(self) -> bool:
        return self.store.enabled

    def get(self, digest: str, lookup: Callable[[str], str | None]) -> dict[str, str] | None:
        """The pages stored under `digest`, if every version they looked up is unchanged."""
        payload = self.store.get(NAMESPACE, digest)
        if payload is None:
            return None
        try:
            data = orjson.loads(zlib.decompress(payload))
            reads, pages = data["reads"], data["pages"]
            if not isinstance(reads, dict) or not isinstance(pages, dict):
                raise TypeError("not an entry")
            if not all(isinstance(v, str) for v in pages.values()):
                raise TypeError("not an entry")
        except (zlib.error, orjson.JSONDecodeError, KeyError, TypeError):
            self.store.rejected += 1
            return None
        if any(lookup(ref) != sha for ref, sha in reads.items()):
            return None
        return {str(k): v for k, v in pages.items()}

    def put(self, digest: str, reads: Mapping[str, str | None], pages: Mapping[str, str]) -> None:
        payload = orjson.dumps({"reads": dict(reads), "pages": dict(pages)})
        self.store.put(NAMESPACE, digest, zlib.compress(payload, COMPRESSION))
