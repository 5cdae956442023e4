"""Atomic writes: a temporary file in the same folder, flushed, then `os.replace`.

A command killed at any instant leaves each target either as it was or fully written; the only
trace of an interrupted write is a hidden `.<name>.*.tmp` file beside it, which no command reads.

Fault injection for the kill-mid-write tests: with `AISS_FAULT_INJECTION=kill-mid-write` in the
environment, the process kills itself with SIGKILL after writing half of the first temporary
file, exactly as an out-of-memory kill or a power cut would stop it.

Folders (the built site) are made complete in a staging folder beside their target
(`staging_folder`) and swapped in by `replace_folder`: one `renameat2(RENAME_EXCHANGE)` on
Linux, so that readers see the old folder or the new one, never neither; elsewhere two renames,
and a folder set aside by an interrupted swap is put back by the next `staging_folder`.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

_FAULT = "AISS_FAULT_INJECTION"


def write_durably(f: BinaryIO, raw: bytes, *, durable: bool = True) -> None:
    """Write `raw` to an open file and fsync it (without `durable`, leave that to the system);
    the fault-injection point of every write."""
    if os.environ.get(_FAULT) == "kill-mid-write":
        f.write(raw[: len(raw) // 2])
        f.flush()
        os.fsync(f.fileno())
        os.kill(os.getpid(), signal.SIGKILL)
    f.write(raw)
    f.flush()
    if durable:
        os.fsync(f.fileno())


def _write_temp(path: Path, raw: bytes, durable: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write_durably(f, raw, durable=durable)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
    return Path(tmp)


def _encode(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def write_atomic(path: Path, data: bytes | str, *, durable: bool = True) -> None:
    """Replace `path` with `data` so that readers see the old file or the new one, never half;
    without `durable` the data is not forced to disk first (a cache entry, whose readers check
    it, need not survive a power cut)."""
    write_many_atomic({path: data}, durable=durable)


def write_many_atomic(files: Mapping[Path, bytes | str], *, durable: bool = True) -> None:
    """Write every temporary file first, then rename them all: a failure while writing (the
    slow part) leaves every target untouched."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            temps.append((_write_temp(path, _encode(data), durable), path))
        for tmp, path in temps:
            tmp.replace(path)
    except BaseException:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise


_STAGING = ".building-"
_ASIDE = ".replaced-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def staging_folder(target: Path) -> Path:
    """A new empty hidden folder beside `target` to build its replacement in. Leftovers of
    builds that were killed (their process is gone) are removed first, and a `target` that
    an interrupted swap set aside is put back."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for p in target.parent.glob(f".{target.name}.*"):
        rest = p.name[len(target.name) + 1 :]  # `.building-<pid>.<random>`, `.replaced-<pid>`
        kind, _, tail = rest.partition("-")
        pid = tail.split(".", 1)[0]
        if kind not in (_STAGING[:-1], _ASIDE[:-1]) or not pid.isdigit() or _alive(int(pid)):
            continue
        if kind == _ASIDE[:-1] and not target.exists():
            p.rename(target)  # the swap stopped between its two renames
        else:
            shutil.rmtree(p, ignore_errors=True)
    prefix = f".{target.name}{_STAGING}{os.getpid()}."
    return Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux `renameat2` with RENAME_EXCHANGE); False when the
    system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    ok = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
    return bool(ok)


def replace_folder(new: Path, target: Path) -> None:
    """Put the complete folder `new` in the place of `target` (created when missing); the
    old `target` is removed afterwards."""
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new)  # `new` now holds the old folder
        return
    aside = target.with_name(f".{target.name}{_ASIDE}{os.getpid()}")
    target.rename(aside)
    new.rename(target)
    shutil.rmtree(aside)
