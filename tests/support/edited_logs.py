"""Inspect logs edited the way someone editing one by hand would: for the tests that show
what `aiss check` and `aiss compare` make of such a log."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiss.importers.eval_archive import EvalArchive


def rewrite(log: Path, out: Path, change: Callable[[str, Any], Any]) -> None:
    """A copy of an Inspect log with members changed by `change(name, json)`: what someone
    editing a log would produce (deflate-compressed, every member's CRC right)."""
    with log.open("rb") as fp:
        archive = EvalArchive(fp)
        members = {name: archive.read(name) for name in archive.members}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            if name.endswith(".json"):
                data = json.dumps(change(name, json.loads(data))).encode()
            z.writestr(name, data)
