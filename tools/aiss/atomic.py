"""Atomic writes: a temporary file in the same folder, flushed, then `os.replace`.

A command killed at any instant leaves each target either as it was or fully written; the only
trace of an interrupted write is a hidden `.<name>.*.tmp` file beside it, which no command reads.

Fault injection for the kill-mid-write tests: with `AISS_FAULT_INJECTION=kill-mid-write` in the
environment, the process kills itself with SIGKILL after writing half of the first temporary
file, exactly as an out-of-memory kill or a power cut would stop it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

_FAULT = "AISS_FAULT_INJECTION"


def write_durably(f: BinaryIO, raw: bytes) -> None:
    """Write `raw` to an open file and fsync it (the fault-injection point of every write)."""
    if os.environ.get(_FAULT) == "kill-mid-write":
        f.write(raw[: len(raw) // 2])
        f.flush()
        os.fsync(f.fileno())
        os.kill(os.getpid(), signal.SIGKILL)
    f.write(raw)
    f.flush()
    os.fsync(f.fileno())


def _write_temp(path: Path, raw: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write_durably(f, raw)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
    return Path(tmp)


def _encode(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def write_atomic(path: Path, data: bytes | str) -> None:
    """Replace `path` with `data` so that readers see the old file or the new one, never half."""
    write_many_atomic({path: data})


def write_many_atomic(files: Mapping[Path, bytes | str]) -> None:
    """Write every temporary file first, then rename them all: a failure while writing (the
    slow part) leaves every target untouched."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            temps.append((_write_temp(path, _encode(data)), path))
        for tmp, path in temps:
            tmp.replace(path)
    except BaseException:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
