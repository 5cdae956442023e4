"""The one golden-file helper: compare output with `tests/golden/<rel>`, or rewrite it when
pytest runs with `--update-goldens` (the diff is then reviewed like code)."""

from __future__ import annotations

from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def check_golden(update: bool, rel: str, actual: str) -> None:
    """`actual` must equal the golden file `rel` byte for byte (UTF-8)."""
    path = GOLDEN / rel
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.is_file(), f"no golden file {path}; run pytest --update-goldens"
    assert actual == path.read_bytes().decode("utf-8"), (
        f"{path} differs; run pytest --update-goldens and review the diff"
    )
