"""Checking a large registry in forked worker processes (2 cores here), robustly.

Files are cut into chunks dealt out round-robin: this process checks every `jobs`-th chunk
while each worker checks its share and sends each chunk's results back through a pipe as soon
as it is done (a thread here receives them). Workers ignore Ctrl-C, so an interrupt is
reported once, by this process, which then stops them. A worker that dies (killed, out of
memory) never hangs the run: what it did not send is checked here.

Only where `fork` is the platform's way and no other thread runs (forking beside threads can
deadlock): elsewhere, and for few files, everything is checked in this process.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 25
"""Files per chunk: small enough that results stream back while the rest are checked."""
PARALLEL_MIN_FILES = 200
"""Below this many files a second process costs more than it saves."""
FAULT = "AISS_FAULT_INJECTION"
"""Test hooks: `interrupt-mid-check` sends SIGINT to the process group once this process has
checked its first chunk; `kill-worker` makes each worker SIGKILL itself after its first chunk."""


def worker_count(requested: int | None, files: int) -> int:
    """Processes to use: `requested`, else AISS_JOBS, else up to 2 cores for 200+ files; 1
    where fork is not the platform's way (each worker starts from this process's loaded
    modules) or where other threads run."""
    if requested is None:
        env = os.environ.get("AISS_JOBS", "")
        requested = int(env) if env.isdigit() else None
    if requested is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        requested = min(2, cores) if files >= PARALLEL_MIN_FILES else 1
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1  # forking a process that runs other threads can deadlock (`aiss serve`)
    return max(1, min(requested, files))


def each_chunk(
    items: list[T], check: Callable[[list[T]], list[R]], jobs: int
) -> Generator[tuple[list[T], list[R]], None, None]:
    """`check` over `items` in chunks, in `jobs` processes: each chunk with its results, as
    soon as they are here (this process's own chunks in order, each worker's as they came),
    so that the caller can take each in and let it go: a registry's worth of results is never
    held at once."""
    chunks = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
    if jobs <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield chunk, check(chunk)
        return
    import multiprocessing  # only here: it costs a one-file run 15 ms to import

    shares = [list(range(w, len(chunks), jobs)) for w in range(1, jobs)]
    ctx = multiprocessing.get_context("fork")
    workers = [_Worker(ctx, check, [chunks[i] for i in share]) for share in shares]
    for w in workers:  # every fork is done before the first receiving thread starts
        w.receive()
    try:
        for i in range(0, len(chunks), jobs):
            yield chunks[i], check(chunks[i])
            if os.environ.get(FAULT) == "interrupt-mid-check":  # Ctrl-C, as a terminal sends it
                os.killpg(os.getpgrp(), signal.SIGINT)
            for w, share in zip(workers, shares, strict=True):
                for k, result in w.arrived():
                    yield chunks[share[k]], result
        for w, share in zip(workers, shares, strict=True):
            w.collect()
            for k, result in w.arrived():
                yield chunks[share[k]], result
            for i in share[w.taken :]:  # the worker died before sending these
                yield chunks[i], check(chunks[i])
    finally:
        for w in workers:
            w.stop()


class _Worker(Generic[T, R]):
    """One forked process checking its chunks, and the thread here that receives them."""

    def __init__(self, ctx: Any, check: Callable[[list[T]], list[R]], chunks: list[list[T]]):
        recv, send = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_serve, args=(check, chunks, send), daemon=True)
        self.process.start()
        send.close()  # only the worker writes: its exit closes the pipe
        self._recv: Connection = recv
        self._received: deque[list[R]] = deque()  # filled by the thread, emptied by `arrived`
        self.taken = 0
        """How many chunks' results `arrived` has handed out."""
        self._thread = threading.Thread(target=self._drain, daemon=True)

    def receive(self) -> None:
        self._thread.start()

    def _drain(self) -> None:
        try:
            while True:
                self._received.append(self._recv.recv())
        except Exception:  # EOF: done, or died mid-message; what arrived whole is kept
            pass
        finally:
            self._recv.close()

    def arrived(self) -> Iterator[tuple[int, list[R]]]:
        """The results received since last asked, each with the index of its chunk in this
        worker's share; not kept here once handed out."""
        while self._received:
            self.taken += 1
            yield self.taken - 1, self._received.popleft()

    def collect(self) -> None:
        """Wait for the worker to end (done, or died) and for all it sent to be received."""
        self._thread.join()
        self.process.join()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def _serve(check: Callable[[list[T]], list[R]], chunks: list[list[T]], send: Connection) -> None:
    """The worker: check each chunk and send its results; any failure ends it quietly (the
    main process checks what was not sent, and reports a bug there, once)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()  # the worker lives for this run only
    try:
        for k, chunk in enumerate(chunks):
            send.send(check(chunk))
            if k == 0 and os.environ.get(FAULT) == "kill-worker":
                os.kill(os.getpid(), signal.SIGKILL)
        send.close()
    except BaseException:
        os._exit(1)
