"""The one place that reads the filesystem: discovering, reading and loading registry files."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import time
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import aiss.source as source
from aiss.diagnostics import Diagnostic, whole_file
from aiss.errors import UsageError
from aiss.source import DEFAULT_LIMITS, Limits
from aiss.source.limits import too_large

if TYPE_CHECKING:
    from aiss.source import SourceDocument

__all__ = [
    "Identity",
    "LineStream",
    "RawFile",
    "StreamedFile",
    "UsageError",
    "cache_dir",
    "discover",
    "display_path",
    "entry_is",
    "fetch",
    "find_root",
    "identity",
    "is_registry",
    "listing",
    "load_file",
    "note_sha256",
    "noted_sha256",
    "oddities",
    "read_file",
    "require_files",
    "standard_versions_on_disk",
    "stream_lines",
]

YAML_SUFFIXES = (".yaml", ".yml")
VOCABULARY_DIR = "vocabularies"
"""The folder of a registry that holds its controlled vocabularies (and marks it a registry)."""
APPROVALS_FILE = "approvals.yaml"
"""The registry's recorded approvals, beside its standards (`standards/approvals.yaml`)."""
EXAMPLES_DIR = "examples"
"""The folder of a version that holds its example submissions (test vectors)."""
LOCK_NAME = "registry.lock"
"""The lock of a registry's published versions (`aiss.versions.lock`); it marks a registry too."""
_SEMVER = re.compile(r"\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?")
EXERCISE_FILE = "exercise.yaml"
"""The record of a joint exercise: `<registry>/exercises/<EX-ID>/exercise.yaml`."""


Identity = tuple[int, int, int, int, int]
"""One state of a file (`identity`)."""


def identity(st: os.stat_result) -> Identity:
    """What tells one state of a file from another, as git's index tells them: its device and
    inode, size, and modification and change times in nanoseconds (every write sets the
    change time, and no program can set it back)."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


_SHA256: dict[Identity, str] = {}
_SHA256_MAX = 1 << 16
"""The table is emptied when it holds this many (about 8 MiB)."""


def note_sha256(state: Identity | None, digest: str) -> None:
    """Remember the sha256 of the bytes this process read of a file in the state `state`
    (`identity`): a cache key of what a check read is made from the digest of what it read,
    instead of reading the file again (`noted_sha256`)."""
    if state is None:
        return
    if len(_SHA256) >= _SHA256_MAX:
        _SHA256.clear()
    _SHA256[state] = digest


def noted_sha256(state: Identity) -> str | None:
    """The sha256 `note_sha256` was told for a file in the state `state`, if any: the digest
    of the bytes this process read of it. A file written since is in another state (its
    change time at least), so its bytes are read again."""
    return _SHA256.get(state)


@dataclass(frozen=True)
class RawFile:
    """A file's bytes, or the diagnostic that says why they could not be read."""

    path: Path
    display: str
    raw: bytes | None
    problem: Diagnostic | None = None
    real: Path | None = None
    """The file's resolved path, once read."""
    state: Identity | None = None
    """What `fstat` said of the file as it was opened to be read (`identity`)."""


NOT_REGULAR = "not a regular file (a fifo, socket or device)"
"""What is said of a path that is there but is neither a regular file nor a folder."""
_OPEN = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
"""Files are opened without blocking: opening a fifo to read waits for a writer, for ever when
there is none. The flag is left set: it has no effect on a regular file (open(2)), the only
kind read."""


def _open_regular(path: Path | str) -> tuple[int, os.stat_result]:
    """A descriptor of the regular file at `path` (links followed), opened to read, with its
    `fstat`; OSError when it cannot be, and for anything else found there: a folder (which
    open(2) opens) or a fifo, socket or device (whose reading could wait for ever or never
    end), told apart by `fstat` on what was opened, so it cannot be swapped in between."""
    fd = os.open(path, _OPEN)
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, NOT_REGULAR, os.fspath(path))
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def _open(path: Path | str) -> BinaryIO:
    """`_open_regular` as a buffered binary file: every file aiss reads is opened here."""
    return os.fdopen(_open_regular(path)[0], "rb")


def _real_dir(folder: Path | str) -> Path:
    """A folder's real path: the working folder and the registry root, asked for per file."""
    return Path(_real_str(os.path.abspath(folder)))  # noqa: PTH100 - lexical, no resolving


@lru_cache(maxsize=1 << 16)
def _real_str(folder: str) -> str:
    """The real path of an absolute, normalised path, from its parent's (found once per
    folder): one `lstat` for each folder of a registry instead of one for each part of each
    file's path."""
    parent, name = os.path.split(folder)
    if not name:
        return folder  # the root
    # string paths here and below: pathlib objects cost more than the lstat, per file
    here = os.path.join(_real_str(parent), name)  # noqa: PTH118
    return os.path.realpath(here) if os.path.islink(here) else here  # noqa: PTH114


def _real_file(path: Path) -> str:
    """`path.resolve()`, as a string, with the folders' real paths memoised."""
    text = os.fspath(path)
    if ".." in text.split(os.sep):  # noqa: PTH206 - `..` after a link is not lexical
        return os.path.realpath(text)
    return _real_str(os.path.abspath(text))  # noqa: PTH100


def _shown(path: Path, real: str) -> str:
    """`display_path(path, real=...)` for a real path given as a string."""
    cwd = _real_str(os.path.abspath(os.curdir))  # noqa: PTH100
    if real == cwd:
        return "."
    if real.startswith(cwd.rstrip(os.sep) + os.sep):
        return Path(real[len(cwd.rstrip(os.sep)) + 1 :]).as_posix()
    return path.as_posix()


def display_path(path: Path, base: Path | None = None, *, real: Path | str | None = None) -> str:
    """Paths are shown relative to the working folder when below it, with forward slashes.
    `real` is the path's resolved form when the caller has it already (a string: as
    `os.path.realpath` gives it)."""
    if isinstance(real, str) and base is None:
        return _shown(path, real)
    real = Path(real) if real else path.resolve()
    try:
        return real.relative_to(_real_dir(base or Path.cwd())).as_posix()
    except ValueError:
        return path.as_posix()


def display_link(path: Path) -> str:
    """`path` as messages show it when it may be a link: the link itself, never where it
    leads (`display_path` resolves the folder, not the last name)."""
    return f"{display_path(path.parent)}/{path.name}"


def read_file(
    path: Path,
    *,
    confine_to: Path | None = None,
    max_bytes: int | None = None,
    probe: bool = False,
) -> RawFile:
    """Read `path`, refusing links that lead outside `confine_to` and files over `max_bytes`;
    with `probe`, only check that it could be read (`raw` is then empty)."""
    real_text = _real_file(path)
    real = Path(real_text)
    shown = _shown(path, real_text)
    try:
        if confine_to is not None:
            inside = _real_dir(confine_to).as_posix()
            if real_text != inside and not real_text.startswith(inside.rstrip("/") + "/"):
                link = display_link(path)
                return RawFile(
                    path,
                    link,
                    None,
                    whole_file(
                        link,
                        "unreadable-file",
                        f"{link} leads outside {display_path(confine_to)} (a link?); not read",
                        hint="replace the link by the file itself",
                    ),
                )
        fd, st = _open_regular(real_text)
        with os.fdopen(fd, "rb") as fh:
            if max_bytes is not None and st.st_size > max_bytes:
                return RawFile(path, shown, None, too_large(shown, st.st_size, max_bytes))
            if probe:
                return RawFile(path, shown, b"", real=real)
            return RawFile(path, shown, fh.read(), real=real, state=identity(st))
    except OSError as exc:
        return RawFile(
            path,
            shown,
            None,
            whole_file(shown, "unreadable-file", f"cannot read {shown}: {exc.strerror or exc}"),
        )


class LineStream:
    """A file read in 1 MiB chunks and handed on line by line (each without its `\n`, the
    piece after the last one included, as `bytes.split(b"\n")` gives them), so that a large
    samples file is never held whole; `sha256` is the digest of its bytes once read through."""

    CHUNK = 1 << 20

    def __init__(self, real: Path) -> None:
        self._real = real
        self.sha256: str | None = None

    def __iter__(self) -> Iterator[bytes]:
        for block in self.blocks():
            yield from block

    def blocks(self) -> Iterator[list[bytes]]:
        """The same lines, in lists: those each chunk completes (the last piece alone)."""
        digest = hashlib.sha256()
        carry = b""
        with _open(self._real) as fh:
            while chunk := fh.read(self.CHUNK):
                digest.update(chunk)
                parts = (carry + chunk).split(b"\n")
                carry = parts.pop()
                if parts:
                    yield parts
        yield [carry]
        self.sha256 = digest.hexdigest()


@dataclass(frozen=True)
class StreamedFile:
    """A file to read line by line (`lines`), or the diagnostic that says why it cannot be."""

    path: Path
    display: str
    lines: LineStream | None
    problem: Diagnostic | None = None


def stream_lines(
    path: Path, *, confine_to: Path | None = None, max_bytes: int | None = None
) -> StreamedFile:
    """`path` to be read line by line, with the refusals of `read_file` (a link leading outside
    `confine_to`, a file over `max_bytes`, one that cannot be read) found up front."""
    found = read_file(path, confine_to=confine_to, max_bytes=max_bytes, probe=True)
    if found.problem is not None:
        return StreamedFile(path, found.display, None, found.problem)
    return StreamedFile(path, found.display, LineStream(path.resolve()))


def open_binary(path: Path) -> BinaryIO:
    """`path` opened for reading bytes (an Inspect log is read member by member); OSError
    when it cannot be."""
    return _open(path)


def read_small(path: Path, limit: int) -> bytes | None:
    """The bytes of the file at `path` when it holds at most `limit` (one read: no buffered
    file object is made), None when it holds more; OSError when it cannot be opened or read,
    as `open_binary` raises it (a folder too)."""
    fd, st = _open_regular(path)
    try:
        if st.st_size > limit:
            return None
        chunks: list[bytes] = []
        got = 0
        while got <= st.st_size and (chunk := os.read(fd, st.st_size + 1 - got)):
            chunks.append(chunk)
            got += len(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks) if got <= st.st_size else None  # None: it grew meanwhile


def read_bytes(path: Path) -> bytes:
    """The bytes of a file the user named (a configuration, a digest's input); OSError when
    it cannot be read."""
    with _open(path) as fh:
        return fh.read()


def read_head(path: Path, size: int = 4096) -> bytes:
    """The first `size` bytes of a file, to tell its format; empty when it cannot be read."""
    try:
        with _open(path) as f:
            return f.read(size)
    except OSError:
        return b""


def sha256_file(path: Path) -> str:
    """The sha256 of a file, read in 1 MiB chunks (logs can be large); OSError when unreadable."""
    digest = hashlib.sha256()
    with _open(path) as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def read_folder(folder: Path, *, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file below `folder` by relative POSIX path; hidden files and folders, caches and
    the `skip` subfolders left out."""
    out: dict[str, bytes] = {}
    if not folder.is_dir():
        return out
    for f in sorted(folder.rglob("*")):
        rel = f.relative_to(folder)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        posix = rel.as_posix()
        if any(posix == s or posix.startswith(s + "/") for s in skip):
            continue
        if f.is_file():
            out[posix] = read_bytes(f)
    return out


def read_if_present(path: Path) -> bytes | None:
    """The bytes of a file of aiss's own (a cache entry), or None when it is not there or
    cannot be read: no display path, no confinement, no diagnostic."""
    try:
        with _open(path) as fh:
            return fh.read()
    except OSError:
        return None


RACY = 2_000_000_000
"""Nanoseconds: a file changed this recently when it is seen is told by its bytes, not by its
`stat` (a second write within the same clock tick could keep its times)."""


def package_state(base: Path | None = None) -> list[tuple[str, str]]:
    """(relative path, what tells the file) of every file of the installed `aiss` package,
    sorted (what the cache's code digest covers; compiled caches left out): its `stat` (size,
    modification and change times in nanoseconds, inode), as git's index takes it, since
    every write sets the change time and no program can set it back; or its sha256 when it
    changed less than `RACY` ago. A reinstall or a checkout of the same bytes tells another
    state: only a miss. `base`: another folder laid out as the package."""
    racy = time.time_ns() - RACY
    base = base or Path(__file__).resolve().parent
    out: list[tuple[str, str]] = []
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")) or name.startswith("."):
                continue
            path = Path(folder) / name
            st = os.lstat(path)
            if st.st_mtime_ns < racy and st.st_ctime_ns < racy:
                told = f"stat {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}"
            else:
                told = "sha256 " + sha256_file(path)
            out.append((path.relative_to(base).as_posix(), told))
    return out


def read_package_file(package: str, name: str) -> bytes:
    """A data file shipped inside the aiss package (the code catalog, a module's source)."""
    import importlib.resources  # here: it costs every run 11 ms to import

    return importlib.resources.files(package).joinpath(name).read_bytes()


def read_text(path: Path) -> str:
    """A UTF-8 text file aiss itself ships (a module's source, for its field docstrings)."""
    return path.read_text(encoding="utf-8")


def load_file(
    path: Path, *, confine_to: Path | None = None, limits: Limits = DEFAULT_LIMITS
) -> SourceDocument:
    rf = read_file(path, confine_to=confine_to, max_bytes=limits.max_bytes)
    if rf.raw is None:
        assert rf.problem is not None
        return source.SourceDocument.failed(rf.display, [rf.problem])
    return source.parse_yaml(rf.display, rf.raw, limits)  # the parser imported when first used


def is_registry(root: Path) -> bool:
    """Whether `root` is a registry folder: it holds `vocabularies/`, `registry.lock` or
    version folders (`<id>/<version>/standard.yaml`)."""
    return (
        (root / VOCABULARY_DIR).is_dir()
        or (root / LOCK_NAME).is_file()
        or any(root.glob("*/*/standard.yaml"))
    )


def _layout_root(p: Path) -> Path | None:
    """The registry folder a path's own layout names: `<root>/<id>/<version>/standard.yaml`,
    `<root>/<id>/<version>/examples/<file>`, or a folder given that holds version folders."""
    if p.is_dir():
        return p if any(p.glob("*/*/standard.yaml")) else None
    real = p.absolute()
    version = real.parent.parent if real.parent.name == EXAMPLES_DIR else real.parent
    if _SEMVER.fullmatch(version.name) and (version / "standard.yaml").is_file():
        return version.parent.parent
    return None


def find_root(paths: list[Path]) -> Path | None:
    """The registry folder of `paths`, found and never guessed: the nearest folder at or above
    the first path that holds `vocabularies/` or `registry.lock`; else the folder the layout of
    a path names (a registry whose vocabularies are missing is still a registry, and
    `aiss validate` says what is missing); None for files outside any registry."""
    for p in paths:
        for cand in [p if p.is_dir() else p.parent, *p.resolve().parents]:
            if (cand / VOCABULARY_DIR).is_dir() or (cand / LOCK_NAME).is_file():
                return cand
    for p in paths:
        found = _layout_root(p)
        if found is not None:
            return found
    return None


def listing(folder: str) -> list[os.DirEntry[str]] | None:
    """The entries of `folder`; None when it cannot be listed."""
    try:
        with os.scandir(folder) as it:
            return list(it)
    except OSError:
        return None


def entry_is(e: os.DirEntry[str], kind: str) -> bool:
    """`e.is_dir()` or `e.is_file()` (links followed), False where that cannot be told (a link
    loop, a folder that may not be searched), as `os.walk` and `Path.is_file` answer."""
    try:
        return e.is_dir() if kind == "dir" else e.is_file()
    except OSError:
        return False


def _walk(top: str, hidden: bool = True) -> Iterator[tuple[str, list[os.DirEntry[str]]]]:
    """Each folder at or below `top` with its entries, as `os.walk` visits them: links to
    folders are not followed, a folder that cannot be listed is skipped, and, unless
    `hidden`, folders whose names start with `.` are not entered. The entries tell their
    type from the listing (no `stat` of each, as `os.walk` makes of each folder)."""
    entries = listing(top)
    if entries is None:
        return
    yield top, entries
    for e in entries:
        if (hidden or not e.name.startswith(".")) and e.is_dir(follow_symlinks=False):
            yield from _walk(e.path, hidden)


@dataclass(frozen=True)
class Oddities:
    """What a walk of a registry steps around, for `aiss validate` to report rather than skip
    in silence."""

    links_out: list[Path]
    """Folders that are links to a place outside the registry (discovery does not follow
    them; files that are such links are refused when read)."""
    not_files: list[Path]
    """Names discovery would check (`_candidate`) that are neither a regular file nor a
    folder: a link to nothing or in a loop, a fifo, a socket, a device."""
    linked_files: list[Path] = field(default_factory=list)
    """Names discovery would check (and the `also` names directly in the registry) that are
    links to a file inside the registry: read, but never to be relied on (what a link leads
    to can change while the link stays the same)."""


_NAMED = ("standard.yaml", EXERCISE_FILE)
"""The YAML files `discover` takes wherever they lie in a registry."""


def _candidate(here: str, top: str, name: str) -> bool:
    """Whether a YAML file named `name` in the folder `here` of a walk from `top` is one that
    `discover` checks: a standard, an exercise, a file in a vocabularies or examples folder,
    or one directly in `top`."""
    # Path.suffix: the part from the last dot, unless the name starts there
    if not name.endswith(YAML_SUFFIXES) or name in YAML_SUFFIXES:
        return False
    parent = here.rpartition("/")[2]
    return here == top or parent in (VOCABULARY_DIR, EXAMPLES_DIR) or name in _NAMED


def oddities(root: Path, also: tuple[str, ...] = ()) -> Oddities:
    """The links out of `root` (not below a hidden folder), the names discovery would check
    that are no regular files, and those that are links to a file in the registry (with the
    names `also` directly in `root`, such as the lock), in one walk, each list sorted."""
    real = _real_dir(root)
    top = os.fspath(root)
    links: list[Path] = []
    strays: list[Path] = []
    linked: list[Path] = []
    for here, entries in _walk(top):
        hidden = any(part.startswith(".") for part in here[len(top) :].split("/"))
        for e in entries:
            if e.is_symlink() and not hidden and entry_is(e, "dir"):
                path = Path(e.path)
                if not path.resolve().is_relative_to(real):
                    links.append(path)
                continue
            named = _candidate(here, top, e.name) or (here == top and e.name in also)
            if not named:
                continue
            if not entry_is(e, "file") and not entry_is(e, "dir"):
                strays.append(Path(e.path))
            elif e.is_symlink() and entry_is(e, "file") and not hidden:
                path = Path(e.path)
                if path.resolve().is_relative_to(real):  # one out is refused when read
                    linked.append(path)
    return Oddities(sorted(links), sorted(strays, key=_parts), sorted(linked, key=_parts))


def _parts(path: Path) -> tuple[str, ...]:
    return path.parts


def require_files(paths: Iterable[Path]) -> None:
    """Refuse (`UsageError`) the first of the files a user named that is not a regular file,
    saying what it is instead: not there, a folder, a link to nothing, a fifo or the like
    (which is never read: reading a fifo could wait for ever)."""
    for p in paths:
        if p.is_file():
            continue
        if not os.path.lexists(p):
            what = "no such file"
        elif p.is_dir():
            what = "a folder, not a file"
        elif p.is_symlink() and not p.exists():
            what = "a link that leads to nothing"
        else:
            what = NOT_REGULAR
        raise UsageError(f"{p}: {what}")


def discover(paths: list[Path]) -> list[Path]:
    """Files to validate: given files as they are; in folders, standards, vocabularies, examples."""
    out: list[Path] = []
    links = len(paths) > 1
    for p in paths:
        if not p.exists():
            raise UsageError(f"{p}: no such file or folder")
        if p.is_file():
            out.append(p)
            links = links or p.is_symlink()
            continue
        if not p.is_dir():
            require_files([p])  # a fifo, a socket, a device: said so, not walked as a folder
        found, linked = _discover_in(p)
        out.extend(found)
        links = links or linked
    # a file reached twice (two arguments, or a link) is checked once; the files of one
    # folder walk are distinct paths, and distinct files unless some are links
    if not links:
        return out
    seen: set[str] = set()
    unique = []
    for f in out:
        r = os.path.realpath(f)
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique


def _discover_in(folder: Path) -> tuple[list[Path], bool]:
    """The files `discover` takes from one folder, in `sorted(folder.rglob("*"))` order: every
    folder walked except through links, a file taken when its name has a YAML suffix and it is
    a standard, an exercise, in a vocabularies or examples folder, or directly in `folder`;
    and whether any of them is a link. Names are tested as text first, so only candidates
    become paths (their types come from the listing: only links are stat'ed)."""
    found: list[Path] = []
    linked = False
    top = os.fspath(folder)
    for here, entries in _walk(top):
        for e in entries:
            if _candidate(here, top, e.name) and entry_is(e, "file"):
                found.append(Path(here, e.name))
                linked = linked or e.is_symlink()
    found.sort(key=lambda f: f.parts)  # the order Path comparison gives (POSIX)
    return found, linked


def standard_versions_on_disk(root: Path) -> frozenset[tuple[str, str]]:
    """(id, version) of every `<root>/<id>/<version>/standard.yaml`, from the listing alone."""
    found = set()
    for sid in listing(os.fspath(root)) or ():
        if entry_is(sid, "dir"):  # links followed, as `glob("*/*/standard.yaml")` follows them
            for v in listing(sid.path) or ():
                marker = os.path.join(v.path, "standard.yaml")  # noqa: PTH118 - strings, as below
                if entry_is(v, "dir") and os.path.exists(marker):  # noqa: PTH110 - thousands of folders
                    found.add((sid.name, v.name))
    return frozenset(found)


FETCH_TIMEOUT = 20.0
"""Seconds a registry's server may take to answer one request."""
URL_SCHEMES = ("http", "https", "file")


def is_url(location: str) -> bool:
    """A `scheme://` address rather than a folder."""
    return urllib.parse.urlsplit(location).scheme in URL_SCHEMES and "://" in location


def fetch(url: str, *, max_bytes: int, timeout: float = FETCH_TIMEOUT) -> bytes:
    """The body of `url` (http, https or file), at most `max_bytes`; UsageError with the
    reason when it cannot be had (the network is the edge: this is the one place that
    reads it)."""
    import urllib.error  # here: http and ssl cost every other command 20 ms to import
    import urllib.request

    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in URL_SCHEMES:
        raise UsageError(f"{url}: only http, https and file addresses are read")
    request = urllib.request.Request(url, headers={"User-Agent": "aiss"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise UsageError(f"cannot read {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise UsageError(f"cannot read {url}: {reason}") from None
    if len(body) > max_bytes:
        raise UsageError(f"{url} is larger than {max_bytes} bytes; not read")
    return body


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where registries read from an address are cached: `$AISS_CACHE_DIR`, else
    `$XDG_CACHE_HOME/aiss`, else `~/.cache/aiss`."""
    env = os.environ if environ is None else environ
    if env.get("AISS_CACHE_DIR"):
        return Path(env["AISS_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aiss"
