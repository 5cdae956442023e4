"""The content-addressed cache of rendered Markdown: each standard's pages, by a key of
everything they are rendered from, so that a build of an unchanged standard reuses them.

Where: `$AISS_CACHE_DIR`, else `$XDG_CACHE_HOME/aiss`, else `~/.cache/aiss` (`folder()`), in
the namespace `site-pages` of its database; `aiss build --no-cache` (and `aiss render --no-cache`), or
`AISS_CACHE_DIR=off`, uses none. Nothing in it is ever needed: deleting the folder only makes
the next build render every page again.

The store is the validation cache's (`aiss.cache`: folder, keys, code digest, entry format,
atomic writes, corrupt entries ignored); this module adds the pages' namespace and format.

Keys are sha256 digests of everything that can change a page (`key()`): aiss's own code
(`code_digest()`, every file of the installed package, so a renderer edited in a checkout
misses as a new release would), the site address, the vocabularies, and the bytes of each of
the standard's versions with what the page shows of their examples and exercises. A page may
also link to other standards' versions; those it looked up are stored with it and compared on
every hit (`RenderCache`), so an entry never has to be invalidated: a change gives another key
or a failed comparison.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping

import orjson

from aiss.cache import FORMAT, Cache, code_digest, folder, key

__all__ = ["FORMAT", "NAMESPACE", "Cache", "RenderCache", "code_digest", "folder", "key"]

NAMESPACE = "site-pages"
"""The namespace of the cache's database that holds rendered pages."""


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

    def flush(self) -> None:
        """Write the pages stored since the last flush."""
        self.store.flush()
