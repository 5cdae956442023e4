"""A run replayed: when nothing it could have read has changed, a command's report is the one
it gave last time, read back from the cache instead of being made again.

What "nothing changed" means, conservatively: every file and link below the registry folder
(and below each path given outside it) is as it was, and no file came or went; the command,
its options, the working folder (paths are shown relative to it), the site address
(diagnostics link to it), whether the output is coloured, and aiss's own code with the
versions of the libraries that decide results (`aiss.cache.code_digest`) are the same. A
change to any of them is a miss, and the command runs as usual: per-file results from the
cache, every whole-registry check run again. This is what makes a warm `aiss validate` of a
large registry, and the one-file pre-commit case, cost about what `lstat`-ing the tree costs:
the models, schemas and rules are not even imported, and no file is read.

A file is "as it was" when its `stat` is (size, modification and change times in
nanoseconds, inode), as git's index takes it: no program can set a change time (only the
clock), and every write sets it. A file changed less than `RACY` before it is seen is told
by its sha256 instead (a second edit within the same clock tick could keep its times). A
report is kept under the state as it reads once its files have settled, with the `stat` and
sha256 of each file still racy recorded (`VERIFY`): a run that sees such a file, racy or
settled, under that `stat` reads its bytes again, and only the same bytes give the settled
line, so a run at once after another is replayed as one a minute later is. A file
rewritten with the same bytes (a checkout) is a change too: the run is not replayed, and
its files' results still come from the cache, keyed by their sha256.
`--no-cache` (or `AISS_CACHE_DIR=off`) replays nothing; nor does a run with fault injection,
a registry that cannot be found, or a path that is not there.
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
from aiss.loading import RACY, find_root, sha256_file
from aiss.settings import SITE_URL

__all__ = ["RACY", "Replay", "Rerun", "settled", "tree_lines", "tree_state"]

RUNS = "run"
"""The cache namespace of replayable reports."""
STATS = "stat"
"""The cache namespace of each tree's folder listings (`Seen`)."""
VERIFY = "~"
"""In a `Seen` table, before a file's path: [size, mtime_ns, ctime_ns, inode, sha256] of a
file that was racy when a report was stored under its settled line (`as_settled`)."""

_FORMAT = "rerun 2"


@dataclass(frozen=True)
class Replay:
    """A report as the command wrote it, and its exit status."""

    code: int
    out: str


Seen = dict[str, list[Any]]
"""The listings of a tree's folders: "/" + relative path -> [mtime_ns, ctime_ns, inode, sorted
names] of each folder (a folder's times change whenever an entry is added, removed or renamed
in it), so that an unchanged folder is not listed again; and `VERIFY` rows."""


def tree_state(folder: Path, seen: Seen) -> tuple[str, Seen]:
    """The sha256 of what is below `folder` (`tree_lines`), with the folders' listings it was
    computed with."""
    lines, table = tree_lines(folder, seen)
    return _digest(lines), table


def _digest(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def tree_lines(folder: Path, seen: Seen) -> tuple[list[str], Seen]:
    """What is below `folder`, a line each, sorted: each file's path and `stat` (`f`), or its
    sha256 when it changed just now (`h`); each link's path and target; each other entry's
    path; links to folders are not followed. With the folders' listings it was computed
    with: `seen`'s names where a folder's `stat` is unchanged. Every entry is `lstat`-ed each
    time: its type and times are never taken from the table."""
    racy = time.time_ns() - RACY
    lines: list[str] = []
    table: Seen = {}
    # the loop runs once per file of the registry (13,000 in issue 15's): names bound locally
    lstat, get, add = os.lstat, seen.get, lines.append
    verify = any(k.startswith(VERIFY) for k in seen)  # files recorded while they were racy

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
                held = get(VERIFY + path) if verify else None
                if mtime >= racy or ctime >= racy:
                    # changed just now: told by what it holds (its times may not change again)
                    sha = _sha_of(full)
                    if held is not None:
                        table[VERIFY + path] = held  # verified again until it has settled
                    if type(held) is list and held == [size, mtime, ctime, ino, sha]:
                        add(_stat_line(path, st))  # the bytes a report was kept with: its line
                    else:
                        add(f"h {path} {sha}")
                elif (
                    type(held) is list
                    and len(held) == 5
                    and held[:4] == [size, mtime, ctime, ino]
                    and (sha := _sha_of(full)) != held[4]
                ):
                    add(f"h {path} {sha}")  # settled with other bytes than those recorded
                else:
                    add(_stat_line(path, st))
            elif S_ISDIR(mode):
                add("d " + path)
                walk(full, path + "/", st)
            elif S_ISLNK(mode):
                add(f"l {path} {Path(full).readlink()}")
            else:
                add("o " + path)

    base = os.path.realpath(folder)
    walk(base, "", os.lstat(base))
    return lines, table


def _sha_of(full: str) -> str:
    try:
        return sha256_file(Path(full))
    except OSError:
        return "unreadable"


def _stat_line(path: str, st: os.stat_result) -> str:
    """A settled file's line: its path and what `stat` says of it."""
    return f"f {path} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}"


def settled(base: str, before: str, after: str) -> bool:
    """Whether `after`, a file's line (`tree_lines`), differs from `before` only because the
    file settled: told by its bytes when first seen (`h`), by its `stat` now (`f`), and it
    holds the same bytes under that `stat` (read between two `lstat`s that give it)."""
    if not (before.startswith("h ") and after.startswith("f ")):
        return False
    path, sha = before[2:].rsplit(" ", 1)
    full = os.path.join(base, path)  # noqa: PTH118 - strings, as in the walk

    def now() -> str | None:
        try:
            return _stat_line(path, os.lstat(full))
        except OSError:
            return None

    return now() == after and _sha_of(full) == sha and now() == after


def as_settled(base: str, line: str) -> tuple[str, list[Any]] | None:
    """A racy file's line (`h`: told by its sha256) as it will read once the file has settled
    (`f`: by its `stat`, taken now), and what to record so that the walk that first sees it
    settled checks that it still holds those bytes (`VERIFY`); None when it is gone."""
    path, sha = line[2:].rsplit(" ", 1)
    try:
        st = os.lstat(os.path.join(base, path))  # noqa: PTH118 - strings, as in the walk
    except OSError:
        return None
    return _stat_line(path, st), [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, sha]


class Rerun:
    """The replay of one command run: `replay()` before running it, `store()` after."""

    def __init__(self, cache: Cache, command: list[str], folders: list[Path]) -> None:
        self.cache = cache
        self.command = command
        self.folders = folders
        self._tables: list[tuple[str, Seen]] = []
        """Each folder's cache key and listings, as the last walk left them."""
        self._lines = self._states()

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

    def _states(self) -> list[list[str]]:
        """What is below each folder now, a line each (`tree_lines`)."""
        out = []
        self._tables = []
        for folder in self.folders:
            memo = key(STATS, os.path.realpath(folder))
            seen = _load_seen(self.cache.get(STATS, memo))
            if folder.is_dir():
                lines, table = tree_lines(folder, seen)
            else:  # one file given outside any registry folder
                lines, table = [_sha_of(os.fspath(folder))], seen
            if table != seen:
                self.cache.put(STATS, memo, orjson.dumps(table))
            self._tables.append((memo, table))
            out.append(lines)
        return out

    def _key(self) -> str:
        digests = [_digest(lines) for lines in self._lines]
        return key(_FORMAT, code_digest(), *self.command, *digests)

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
        """Keep the report of this run, unless something changed while it ran. A file that
        settled meanwhile (`settled`: the same bytes, told now by its `stat`) is no change.
        The report is kept under the state as the next run will see it: a file still racy
        by its settled line, with its bytes recorded, checked by the walk that first sees
        it settled (`as_settled`)."""
        after = self._states()
        bases = [os.path.realpath(f) for f in self.folders]
        if not all(
            _same(base, was, now) for base, was, now in zip(bases, self._lines, after, strict=True)
        ):
            self.cache.flush()
            return
        final: list[list[str]] = []
        for base, lines, (memo, table) in zip(bases, after, self._tables, strict=True):
            rows: dict[str, list[Any]] = {}
            done = []
            for line in lines:
                if line.startswith("h "):
                    path = line[2:].rsplit(" ", 1)[0]
                    found = as_settled(base, line)
                    if found is None:  # gone meanwhile: a change
                        self.cache.flush()
                        return
                    line, rows[VERIFY + path] = found
                done.append(line)
            if rows:
                self.cache.put(STATS, memo, orjson.dumps({**table, **rows}))
            final.append(done)
        self._lines = final
        self.cache.put(RUNS, self._key(), orjson.dumps({"code": code, "out": out}))
        self.cache.flush()


def _same(base: str, was: list[str], now: list[str]) -> bool:
    """Whether a folder's lines now are those it had, but for files that settled."""
    if len(was) != len(now):
        return False
    return all(a == b or settled(base, a, b) for a, b in zip(was, now, strict=True))


def _load_seen(payload: bytes | None) -> Seen:
    """Stored folder listings (each row is checked where it is used)."""
    if payload is None:
        return {}
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}
