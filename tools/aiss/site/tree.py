"""Write a generated docs tree to disk for other builders (`aiss render`), all or nothing."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from aiss.loading import UsageError

MARKER = ".aiss-render"
"""File that marks a folder as written by `aiss render`, so that it may be replaced."""


def write_tree(out: Path, files: Mapping[str, bytes]) -> None:
    """Make folder `out` hold exactly `files`.

    Everything is written into a new folder beside `out`, which then replaces it; a run that
    fails half-way leaves `out` as it was. An existing `out` is replaced only if it is empty
    or was written by this function (it holds the marker file).
    """
    if out.exists():
        if not out.is_dir():
            raise UsageError(f"{out} exists and is not a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise UsageError(
                f"{out} is not empty and was not written by `aiss render`; not replaced"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for rel, data in files.items():
            path = staging / rel
            if ".." in Path(rel).parts or Path(rel).is_absolute():
                raise ValueError(f"unsafe path in tree: {rel}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (staging / MARKER).write_text("written by `aiss render`; replaced on the next run\n")
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            if old.exists():
                shutil.rmtree(old)
            out.rename(old)
        staging.rename(out)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
