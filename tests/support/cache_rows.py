"""The rows of a cache folder's database (`aiss.cache`), read and damaged with `sqlite3`
directly, as a disk fault or another program would."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from aiss.cache import DATABASE


def entries(folder: Path, namespace: str | None = None) -> list[tuple[str, str, bytes]]:
    """(namespace, digest, raw entry) of every row, in order; none when there is no database."""
    path = folder / DATABASE
    if not path.exists():
        return []
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT namespace, digest, raw FROM entry ORDER BY 1, 2").fetchall()
    finally:
        db.close()
    return [(ns, d, bytes(raw)) for ns, d, raw in rows if namespace in (None, ns)]


def damage(folder: Path, change: Callable[[bytes], bytes], namespace: str | None = None) -> int:
    """Replace every entry (of `namespace`) by `change(entry)`; how many were changed."""
    rows = entries(folder, namespace)
    db = sqlite3.connect(folder / DATABASE)
    try:
        with db:
            db.executemany(
                "UPDATE entry SET raw = ? WHERE namespace = ? AND digest = ?",
                [(change(raw), ns, d) for ns, d, raw in rows],
            )
    finally:
        db.close()
    return len(rows)
