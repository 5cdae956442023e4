"""A call that could wait for ever (a read of a fifo) run so that it fails a test instead."""

from __future__ import annotations

import threading
from collections.abc import Callable


def in_time(call: Callable[[], object], seconds: float = 10.0) -> tuple[bool, object]:
    """(whether `call` returned within `seconds`, what it returned or the OSError it raised):
    it runs in a daemon thread, left behind when it hangs."""
    out: list[object] = []

    def run() -> None:
        try:
            out.append(call())
        except OSError as exc:
            out.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    return (not worker.is_alive(), out[0] if out else None)
