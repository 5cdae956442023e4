"""The content-addressed cache of per-file results: entries by key, in a folder of the user's.

Where: `$AISS_CACHE_DIR`, else `$XDG_CACHE_HOME/aiss`, else `~/.cache/aiss` (`folder()`);
`--no-cache` on a command, or `AISS_CACHE_DIR=off`, uses none. Nothing in it is ever needed:
deleting the folder only makes the next run cold.

Keys are sha256 digests of everything that can change a result (`key()`: the file's bytes,
aiss's own code and the versions of the libraries that decide a verdict, the options, the
registry context), so an entry never has to be invalidated: a change gives another key. The
code digest (`code_digest()`) covers every file of the installed `aiss` package, so a rule or
schema edited in a checkout misses the cache as a new release would.

Safe under concurrent runs and corruption: an entry is written to a temporary file beside it
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
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import jsonschema_rs
import orjson
import pydantic
import pydantic_core
import rfc8785
import yaml

from aiss import atomic
from aiss.loading import cache_dir, package_files, read_if_present
from aiss.settings import VERSION

FORMAT = b"aiss-cache 1\n"
"""First line of every entry; another format is a miss."""
ENV = "AISS_CACHE_DIR"


def folder() -> Path | None:
    """The cache folder (`aiss.loading.cache_dir()`, which published registries are cached in
    too, in other subfolders), or None when the cache is off (`AISS_CACHE_DIR=off`)."""
    return None if os.environ.get(ENV) == "off" else cache_dir()


def key(*parts: str | bytes) -> str:
    """A key from its parts (each length-prefixed, so no two lists of parts give one key)."""
    h = hashlib.sha256()
    for part in parts:
        raw = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(b"%d:" % len(raw))
        h.update(raw)
    return h.hexdigest()


def _library_versions() -> Iterable[str]:
    """The versions of the libraries whose behaviour decides a result."""
    yield sys.version
    yield pydantic.VERSION
    yield pydantic_core.__version__
    yield yaml.__version__
    yield getattr(jsonschema_rs, "__version__", "?")
    yield orjson.__version__
    yield getattr(rfc8785, "__version__", "?")


@cache
def code_digest() -> str:
    """sha256 over aiss's version, every file of the installed package (sources, catalogs)
    and the versions of the libraries that decide verdicts."""
    h = hashlib.sha256(VERSION.encode())
    for v in _library_versions():
        h.update(v.encode() + b"\0")
    for name, raw in package_files():
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
        raw = read_if_present(self._path(namespace, digest))
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
        with contextlib.suppress(OSError):  # a read-only or full disk: the run goes on
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
