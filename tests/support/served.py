"""Folders served over HTTP on 127.0.0.1 (a free port, a thread), and the machine-readable part
of a registry's site written to a folder: what `aiss check --registry URL` reads."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aiss.compose.site import render
from aiss.compose.validate import load_registry


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def site_files(root: Path, out: Path) -> Path:
    """The data files of the site of the registry at `root` (registry.json, the downloads,
    the schemas) written under `out`, as `aiss build` writes them (no MkDocs needed)."""
    site = render(load_registry(root), today=dt.date(2026, 6, 1))
    for rel, data in site.files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return out
