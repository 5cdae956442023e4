"""A run replayed: when nothing it could have read has changed, a command's report is the one
it gave last time, read back from the cache instead of being made again.

What "nothing changed" means, conservatively: every file and link below the registry folder
(and below each path given outside it) has the sha256 it had, and no file came or went; the
command, its options, the working folder (paths are shown relative to it), the site address
(diagnostics link to it), whether the output is coloured, and aiss's own code with the
versions of the libraries that decide results (`aiss.cache.code_digest`) are the same. A
change to any of them is a miss, and the command runs as usual: per-file results from the
cache, every whole-registry check run again. This is what makes a warm `aiss validate` of a
large registry, and the one-file pre-commit case, cost about what reading the tree costs: the
models, schemas and rules are not even imported.

Reading every file again on each run would cost most of that, so the sha256 of a file is kept
with what `stat` said of it (size, modification and change times in nanoseconds, inode), as
git's index does: a file whose `stat` is the same has the same bytes, since no program can
set a change time (only the clock). A file changed less than `RACY` before its `stat` was
recorded is hashed again next time (a second edit within the same clock tick would otherwise
keep its times). `--no-cache` (or `AISS_CACHE_DIR=off`) replays nothing; nor does a run with
fault injection, a registry that cannot be found, or a path that is not there.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR, S_ISLNK, S_ISREG
from typing import Any

import orjson

from aiss.cache import Cache, code_digest, key
from aiss.loading import find_root, read_if_present
from aiss.settings import SITE_URL

__all__ = ["RACY", "Replay", "Rerun", "tree_state"]

RUNS = "run"
"""The cache namespace of replayable reports."""
STATS = "stat"
"""The cache namespace of each folder's `stat` -> sha256 table."""
RACY = 2_000_000_000
"""Nanoseconds: a file changed this recently when it was seen is hashed again next time."""
_FORMAT = "rerun 1"


@dataclass(frozen=True)
class Replay:
    """A report as the command wrote it, and its exit status."""

    code: int
    out: str


Seen = dict[str, list[Any]]
"""The `stat` table of a folder: relative path -> [size, mtime_ns, ctime_ns, inode, sha256] of
each file; "/" + relative path -> [mtime_ns, ctime_ns, inode, sorted names] of each folder
(a folder's times change whenever an entry is added, removed or renamed in it)."""


def tree_state(folder: Path, seen: Seen) -> tuple[str, Seen]:
    """The sha256 of what is below `folder` (each file's path and sha256, each link's path
    and target, each other entry's path; links to folders are not followed), with the `stat`
    table it was computed with: `seen`'s sha256 where a file's `stat` is unchanged, `seen`'s
    names where a folder's is. Every entry is `lstat`-ed each time: its type and times are
    never taken from the table."""
    racy = time.time_ns() - RACY
    lines: list[str] = []
    table: Seen = {}
    # the loop runs once per file of the registry (13,000 in issue 15's): names bound locally
    lstat, get, add = os.lstat, seen.get, lines.append

    def walk(here: str, rel: str, st: os.stat_result) -> None:
        key = "/" + rel
        facts = [st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        old = get(key)
        if type(old) is list and len(old) == 4 and old[:3] == facts and type(old[3]) is list:
            names: list[str] = old[3]
        else:
            names = sorted(os.listdir(here))  # noqa: PTH208 - names only, thousands of folders
        if st.st_mtime_ns < racy and st.st_ctime_ns < racy:
            table[key] = [*facts, names]
        here += "/"
        for name in names:
            path, full = rel + name, here + name
            try:
                st = lstat(full)
            except OSError:  # gone since the listing: the state differs from any stored one
                add("? " + path)
                continue
            mode = st.st_mode
            if S_ISREG(mode):
                size, mtime, ctime, ino = st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino
                row = get(path)
                if (
                    type(row) is list
                    and len(row) == 5
                    and row[0] == size
                    and row[1] == mtime
                    and row[2] == ctime
                    and row[3] == ino
                ):
                    sha = str(row[4])
                else:
                    raw = read_if_present(Path(full))
                    sha = hashlib.sha256(raw).hexdigest() if raw is not None else "unreadable"
                    row = [size, mtime, ctime, ino, sha]
                if mtime < racy and ctime < racy and sha != "unreadable":
                    table[path] = row
                add(f"f {path} {sha}")
            elif S_ISDIR(mode):
                add("d " + path)
                walk(full, path + "/", st)
            elif S_ISLNK(mode):
                add(f"l {path} {Path(full).readlink()}")
            else:
                add("o " + path)

    base = os.path.realpath(folder)
    walk(base, "", os.lstat(base))
    text = "\n".join(lines).encode("utf-8", "surrogateescape")
    return hashlib.sha256(text).hexdigest(), table


class Rerun:
    """The replay of one command run: `replay()` before running it, `store()` after."""

    def __init__(self, cache: Cache, command: list[str], folders: list[Path]) -> None:
        self.cache = cache
        self.command = command
        self.folders = folders
        self._state = self._states()

    @classmethod
    def of(
        cls, cache: Cache, command: list[str], targets: list[Path], root: Path | None
    ) -> Rerun | None:
        """The replay of `command` on `targets` (a registry's files or folders), or None when
        this run cannot be replayed."""
        if not cache.enabled or os.environ.get("AISS_FAULT_INJECTION"):
            return None
        if not all(t.exists() for t in targets):
            return None  # a missing path is a usage error: said by the command itself
        found = root or find_root(targets)
        if found is None or not found.is_dir():
            return None
        inside = os.path.realpath(found) + os.sep
        folders = [found] + [
            t for t in targets if not (os.path.realpath(t) + os.sep).startswith(inside)
        ]
        # a target outside the registry is a file or folder of its own, hashed as it is
        # paths are shown as given, relative to the working folder: both are part of the run
        given = [str(root)] + [f"{t}\0{os.path.realpath(t)}" for t in targets]
        where = [str(Path.cwd()), SITE_URL, os.path.realpath(found), *given]
        return cls(cache, [*command, *where], folders)

    def _states(self) -> list[str]:
        out = []
        for folder in self.folders:
            memo = key(STATS, os.path.realpath(folder))
            seen = _load_seen(self.cache.get(STATS, memo))
            if folder.is_dir():
                digest, table = tree_state(folder, seen)
            else:  # one file given outside any registry folder
                raw = read_if_present(folder)
                digest = hashlib.sha256(raw).hexdigest() if raw is not None else "unreadable"
                table = seen
            if table != seen:
                self.cache.put(STATS, memo, orjson.dumps(table))
            out.append(digest)
        return out

    def _key(self) -> str:
        return key(_FORMAT, code_digest(), *self.command, *self._state)

    def replay(self) -> Replay | None:
        """The report of the same run, when the cache holds one."""
        payload = self.cache.get(RUNS, self._key())
        if payload is None:
            return None
        try:
            data = orjson.loads(payload)
            code, out = data["code"], data["out"]
            if not isinstance(code, int) or not isinstance(out, str):
                raise TypeError("not a report")
        except (orjson.JSONDecodeError, KeyError, TypeError):
            self.cache.rejected += 1
            return None
        return Replay(code, out)

    def store(self, code: int, out: str) -> None:
        """Keep the report of this run, unless something changed while it ran."""
        before = self._key()
        self._state = self._states()
        if self._key() == before:
            self.cache.put(RUNS, before, orjson.dumps({"code": code, "out": out}))
        self.cache.flush()


def _load_seen(payload: bytes | None) -> Seen:
    """A stored `stat` table (each row is checked where it is used)."""
    if payload is None:
        return {}
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}
