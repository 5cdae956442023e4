"""The content-addressed cache of per-file results: entries by key, in a folder of the user's.

Where: `$AISS_CACHE_DIR`, else `$XDG_CACHE_HOME/aiss`, else `~/.cache/aiss` (`folder()`);
`--no-cache` on a command, or `AISS_CACHE_DIR=off`, uses none. Nothing in it is ever needed:
deleting the folder only makes the next run cold.

Keys are sha256 digests of everything that can change a result (`key()`: the file's bytes,
aiss's own code and the versions of the libraries that decide a verdict, the options, the
registry context), so an entry never has to be invalidated: a change gives another key. The
code digest (`code_digest()`) covers every file of the installed `aiss` package, so a rule or
schema edited in a checkout misses the cache as a new release would.

The entries live in one SQLite database in that folder (`entries.sqlite3`; Python's own
`sqlite3`): a cold run of a large registry stores thousands of entries, and one file per entry
cost a file creation and a rename each (1.6 s for 5,000 entries here, against 0.4 s as rows).
Safe under concurrent runs, kills and corruption: entries are written in transactions of up to
`FLUSH_EVERY` (write-ahead log, so readers never wait for a writer and see a whole transaction
or none; a run killed mid-transaction leaves none of it); each entry carries the sha256 of its
payload, and one whose digest, length or header does not match (truncated, corrupted, written
by another format) is ignored and rewritten, never trusted. A database that cannot be opened
(not a database, damaged header) is set aside and started again; one that stays busy or cannot
be written (a read-only or full disk) only makes the run store nothing: no run fails for its
cache. Each process opens its own connection (the parallel checks fork: a connection is never
used across a fork).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import sqlite3
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from aiss.loading import cache_dir, package_state
from aiss.settings import VERSION

FORMAT = b"aiss-cache 1\n"
"""First line of every entry; another format is a miss."""
ENV = "AISS_CACHE_DIR"
DATABASE = "entries.sqlite3"
"""The database of entries, in the cache folder."""
FLUSH_EVERY = 64
"""Entries held in memory before they are written, in one transaction."""
_FAULT = "AISS_FAULT_INJECTION"
"""`kill-mid-write`: the process kills itself with SIGKILL inside its first transaction."""
_SCHEMA = """CREATE TABLE IF NOT EXISTS entry (
    namespace TEXT NOT NULL, digest TEXT NOT NULL, raw BLOB NOT NULL,
    PRIMARY KEY (namespace, digest)
) WITHOUT ROWID"""


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


LIBRARIES = (
    "pydantic",
    "pydantic_core",
    "PyYAML",
    "jsonschema_rs",
    "orjson",
    "rfc8785",
    "numpy",
    "msgspec",
)
"""The distributions whose behaviour decides a result (their versions are in the code digest)."""


def _library_versions() -> Iterable[str]:
    """Python's version and the installed versions of `LIBRARIES`, read from the names of
    their `*.dist-info` folders (importing the libraries to ask would cost a run that the
    cache answers a tenth of a second)."""
    yield sys.version
    found: dict[str, str] = {}
    for entry in sys.path:
        with contextlib.suppress(OSError):
            for name in os.listdir(entry or "."):  # noqa: PTH208 - names only
                if name.endswith(".dist-info"):
                    dist, _, version = name[: -len(".dist-info")].partition("-")
                    found.setdefault(_normal(dist), version)
    for lib in LIBRARIES:
        yield f"{lib} {found.get(_normal(lib), '?')}"


def _normal(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


@cache
def code_digest() -> str:
    """sha256 over aiss's version, every file of the installed package (sources, catalogs:
    each told by its `stat`, or by its bytes just after a change: `package_state`) and the
    versions of the libraries that decide verdicts."""
    h = hashlib.sha256(VERSION.encode())
    for v in _library_versions():
        h.update(v.encode() + b"\0")
    for name, told in package_state():
        h.update(name.encode() + b"\0" + told.encode() + b"\0")
    return h.hexdigest()


class Cache:
    """Entries in the database in `root` (None: a cache that holds nothing and stores nothing).

    `put` holds entries in memory and writes them `FLUSH_EVERY` at a time; `flush()` writes the
    rest (a run calls it when its results are stored: what it did not write is only missing,
    never wrong)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.hits = 0
        self.misses = 0
        self.rejected = 0
        """Entries found but not trusted (corrupt, truncated, another format)."""
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._broken = False
        self._pending: dict[tuple[str, str], bytes] = {}

    @classmethod
    def default(cls, enabled: bool = True) -> Cache:
        return cls(folder() if enabled else None)

    @property
    def enabled(self) -> bool:
        return self.root is not None

    def _connection(self, create: bool) -> sqlite3.Connection | None:
        """This process's connection; None when there is no database (and `create` is false)
        or it cannot be opened."""
        if self.root is None or self._broken:
            return None
        if self._db is not None and self._pid == os.getpid():
            return self._db
        self._db = None  # one inherited through a fork is never used (nor closed) here
        path = self.root / DATABASE
        shared = _CONNECTIONS.get(path)
        if shared is not None and shared[0] == os.getpid():
            self._db, self._pid = shared[1], shared[0]
            return self._db
        if not create and not path.exists():
            return None
        try:
            self._db, self._pid = _open(path), os.getpid()
        except (sqlite3.Error, OSError):
            self._broken = True  # an unusable folder: this run neither reads nor stores
            return None
        _CONNECTIONS[path] = (self._pid, self._db)
        return self._db

    def get(self, namespace: str, digest: str) -> bytes | None:
        """The payload stored under `digest`, when there is a whole, intact entry."""
        if self.root is None:
            return None
        raw = self._pending.get((namespace, digest))
        if raw is None:
            raw = self._read(namespace, digest)
        payload = _payload(raw) if raw is not None else None
        if payload is None:
            self.misses += 1
            self.rejected += raw is not None
            return None
        self.hits += 1
        return payload

    def holds(self, namespace: str) -> bool:
        """Whether the cache may hold any entry of `namespace` (false only when it surely holds
        none: a first run has nothing to look up, and need not read and hash every file to
        find that out)."""
        if self.root is None:
            return False
        if any(ns == namespace for ns, _ in self._pending):
            return True
        db = self._connection(create=False)
        if db is None:
            return False
        try:
            row = db.execute("SELECT 1 FROM entry WHERE namespace = ? LIMIT 1", (namespace,))
            return row.fetchone() is not None
        except sqlite3.Error:  # a damaged page: look each entry up (each is checked)
            return True

    def _read(self, namespace: str, digest: str) -> bytes | None:
        db = self._connection(create=False)
        if db is None:
            return None
        try:
            row = db.execute(
                "SELECT raw FROM entry WHERE namespace = ? AND digest = ?", (namespace, digest)
            ).fetchone()
        except sqlite3.Error:  # a damaged page: this entry is missing; the next write heals
            self.rejected += 1
            return None
        return bytes(row[0]) if row is not None and isinstance(row[0], bytes) else None

    def put(self, namespace: str, digest: str, payload: bytes) -> None:
        """Store `payload` under `digest` (written with the next `FLUSH_EVERY`, or `flush()`);
        a cache that cannot be written is no error."""
        if self.root is None:
            return
        entry = FORMAT + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
        self._pending[(namespace, digest)] = entry
        if len(self._pending) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the entries held in memory, in one transaction."""
        if not self._pending:
            return
        rows = [(ns, digest, raw) for (ns, digest), raw in self._pending.items()]
        self._pending = {}
        db = self._connection(create=True)
        if db is None:
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?, ?)", rows)
            if os.environ.get(_FAULT) == "kill-mid-write":
                os.kill(os.getpid(), signal.SIGKILL)
            db.execute("COMMIT")
        except sqlite3.Error:  # busy past the timeout, read-only, full: these stay unstored
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")


_CONNECTIONS: dict[Path, tuple[int, sqlite3.Connection]] = {}
"""One connection per database and process (by pid: a forked worker opens its own), shared
by every `Cache` of the process: a connection holds a page cache, and the per-chunk caches of
a large run would otherwise each keep one."""

_DAMAGED = (26, 11)
"""SQLITE_NOTADB and SQLITE_CORRUPT (`sqlite3` names them from Python 3.11 on)."""


def _open(path: Path) -> sqlite3.Connection:
    """The database at `path`, made when missing; one that is not a database (or whose
    header is damaged) is set aside and made again."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _connect(path)
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) not in _DAMAGED:
            raise  # busy, locked, read-only: another run's database, left alone
        for suffix in ("", "-wal", "-shm"):  # set aside: a process using it keeps its copy
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink()
        return _connect(path)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # a cache need not survive a power cut
        db.execute(_SCHEMA)
    except sqlite3.Error:
        db.close()
        raise
    return db


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
