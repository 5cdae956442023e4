"""The filesystem side of the version commands: version folders, the lock, atomic writes.

A new version folder is written complete into a hidden temporary folder next to its target
and renamed into place, so an interrupted `aiss bump` leaves nothing half-written; single files
go through `atomic.write_atomic`.

Commands that rewrite `registry.lock` (publish, deprecate, withdraw, `lock --update`) hold
`exclusive(root)` from before they read the registry until after they wrote: an exclusive
`flock` on `.registry.lock.flock` beside the lock. Two such commands at once run one after
the other, and the second reads what the first wrote, so no entry is lost. The lock file is
never deleted (deleting a file others may be waiting on would let two holders in at once);
the kernel releases the lock when the process ends, however it ends.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from pydantic import ValidationError

from aiss.atomic import write_durably, write_many_atomic
from aiss.loading import UsageError, load_file
from aiss.source import SourceDocument
from aiss.versions.acks import ACK_FILE, AcknowledgedChange, AcknowledgedChanges
from aiss.versions.lock import LOCK_FILE, Lock, parse_lock, render_lock

GUARD = ".registry.lock.flock"
"""The file `exclusive` locks; hidden, so no command reads it as registry content."""


@contextlib.contextmanager
def exclusive(root: Path) -> Iterator[None]:
    """Hold the registry's write lock inside the block; waits while another command holds it."""
    if not root.is_dir():
        raise UsageError(f"{root}: no such registry folder")
    fd = os.open(root / GUARD, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def lock_doc(root: Path) -> SourceDocument | None:
    """The lock file of the registry at `root`, loaded; None when there is none."""
    path = root / LOCK_FILE
    return load_file(path) if path.exists() else None


def read_lock(root: Path) -> Lock:
    """The lock, empty when there is none; a broken lock stops the command."""
    doc = lock_doc(root)
    if doc is None:
        return Lock({})
    lock, diags = parse_lock(doc)
    if lock is None:
        first = diags[0]
        raise UsageError(f"{first.path}:{first.line}: {first.message}")
    return lock


def write_lock(root: Path, lock: Lock, files: Mapping[Path, str] | None = None) -> None:
    """Write the lock, and with it `files` (the standards the same command changed), all
    temporary files first and then renamed: an interrupt leaves either everything or nothing."""
    write_many_atomic({**(files or {}), root / LOCK_FILE: render_lock(lock)})


def create_folder(target: Path, files: Mapping[str, bytes]) -> None:
    """Create `target` holding `files`, all at once; refuse if it exists.

    The files are written into a temporary sibling folder first, which is renamed to `target`
    (one `rename`, atomic on POSIX); on any failure or interrupt the temporary folder is removed.
    """
    if target.exists():
        raise UsageError(f"{target} already exists; nothing was written")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        for rel, data in files.items():
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as f:
                write_durably(f, data)
        rename_folder(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)
        raise


def rename_folder(src: Path, dst: Path) -> None:
    """`os.rename` of a folder; fails rather than replace an existing non-empty folder."""
    if dst.exists():
        raise UsageError(f"{dst} already exists; nothing was written")
    src.rename(dst)


def move_folder(src: Path, target: Path, files: Mapping[str, bytes]) -> None:
    """Replace folder `src` by a new folder `target` holding `files` (a renumbered draft).

    `target` is created complete first; only then is `src` removed. If removing `src` fails
    or is interrupted, `target` is removed again so the tree is as before.
    """
    create_folder(target, files)
    trash = Path(tempfile.mkdtemp(prefix=f".{src.name}.", suffix=".old", dir=src.parent))
    try:
        src.rename(trash / src.name)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(target)
            trash.rmdir()
        raise
    shutil.rmtree(trash, ignore_errors=True)


def load_acks(root: Path) -> list[AcknowledgedChange]:
    """The acknowledged changes of the registry at `root`; none when the file is absent or
    invalid (`aiss validate` reports why)."""
    path = root / ACK_FILE
    if not path.exists():
        return []
    doc = load_file(path, confine_to=root)
    try:
        model = AcknowledgedChanges.model_validate(doc.data)
    except ValidationError:
        return []
    return list(model.acknowledged)
