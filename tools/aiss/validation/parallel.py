"""Checking a large registry in forked worker processes (2 cores here), robustly.

Files are cut into chunks (smaller towards the end: `TAPER`), handed out one at a time to
whichever process is free: this one takes the next between its own checks, and each worker is
given its next through a pipe by a thread here as soon as it sends a chunk's results back. So
no process waits at the end while another still has a share to do (this one also takes in
every worker's results, and a machine's cores are seldom equally fast). Workers ignore Ctrl-C,
so an interrupt is reported once, by this process, which then stops them. A worker that dies
(killed, out of memory) never hangs the run: it holds nothing the others wait for, and what it
did not send is checked here.

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
    soon as they are here (in the order they were done), so that the caller can take each in
    and let it go: a registry's worth of results is never held at once. Chunks are handed out
    one at a time to whichever process is free (`_Deal`), so none waits while another still
    has several to do (this process also takes in every worker's results)."""
    chunks = _cut(items, jobs)
    if jobs <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield chunk, check(chunk)
        return
    import multiprocessing  # only here: it costs a one-file run 15 ms to import

    ctx = multiprocessing.get_context("fork")
    deal = _Deal(len(chunks))
    workers: list[_Worker[T, R]] = []
    for _ in range(1, jobs):
        workers.append(_Worker(ctx, check, chunks, deal, workers))
    for w in workers:  # every fork is done before the first receiving thread starts
        w.receive()
    done: set[int] = set()
    first = True
    try:
        while (i := deal.take()) is not None:
            done.add(i)
            yield chunks[i], check(chunks[i])
            if first and os.environ.get(FAULT) == "interrupt-mid-check":
                os.killpg(os.getpgrp(), signal.SIGINT)  # Ctrl-C, as a terminal sends it
            first = False
            for w in workers:
                for k, result in w.arrived():
                    done.add(k)
                    yield chunks[k], result
        for w in workers:
            w.collect()
            for k, result in w.arrived():
                done.add(k)
                yield chunks[k], result
        for i in range(len(chunks)):  # handed to a worker that died before sending it
            if i not in done:
                yield chunks[i], check(chunks[i])
    finally:
        for w in workers:
            w.stop()


TAPER = 4
"""Near the end, chunks shrink to the remaining items' share of `TAPER` rounds of `jobs`
chunks, down to `SMALLEST`: the last ones are small, so that no process is left with a whole
chunk to do (or the `AHEAD` it was given) while the others have none."""
SMALLEST = 5
"""Smaller chunks would cost more in handing out and storing than they save at the end."""


def _cut(items: list[T], jobs: int) -> list[list[T]]:
    """`items` in chunks of `CHUNK` in order, the last ones of a run in several processes
    tapering (`TAPER`) to `SMALLEST`."""
    if jobs <= 1:
        return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
    out: list[list[T]] = []
    i = 0
    while i < len(items):
        size = max(SMALLEST, min(CHUNK, (len(items) - i) // (jobs * TAPER)))
        out.append(items[i : i + size])
        i += size
    return out


class _Deal:
    """The chunks not handed out yet, taken in order by whichever process is free: this one
    between its own checks, a worker through its receiving thread here. The lock is this
    process's only: a worker never holds anything another waits for, so one that dies (killed,
    out of memory) cannot stop the others."""

    def __init__(self, count: int) -> None:
        self._next, self._count = 0, count
        self._lock = threading.Lock()

    def take(self) -> int | None:
        with self._lock:
            if self._next >= self._count:
                return None
            self._next += 1
            return self._next - 1


AHEAD = 2
"""Chunks a worker is given before it sends its first results, then one more for each it
sends: it always has the next at hand while this process is busy."""


class _Worker(Generic[T, R]):
    """One forked process checking the chunks it is given, and the thread here that gives them
    and receives their results."""

    def __init__(
        self,
        ctx: Any,
        check: Callable[[list[T]], list[R]],
        chunks: list[list[T]],
        deal: _Deal,
        others: list[_Worker[T, R]],
    ) -> None:
        recv, send = ctx.Pipe(duplex=False)
        tasks, give = ctx.Pipe(duplex=False)
        # this process's ends, its own and the earlier workers', which the fork copies: the
        # new worker closes them, so that each worker's pipes end with it and with this process
        inherited = [recv, give, *(c for w in others for c in (w._recv, w._give))]
        args = (check, chunks, tasks, send, inherited)
        self.process = ctx.Process(target=_serve, args=args, daemon=True)
        self.process.start()
        send.close()  # only the worker writes results: its exit closes the pipe
        tasks.close()
        self._recv: Connection = recv
        self._give: Connection = give
        self._received: deque[tuple[int, list[R]]] = deque()  # filled by the thread
        self._given_all = False
        self._deal = deal
        self._thread = threading.Thread(target=self._drain, daemon=True)

    def receive(self) -> None:
        self._thread.start()

    def _hand(self) -> None:
        """The worker's next chunk, or the word that there are none left (once)."""
        if self._given_all:
            return
        index = self._deal.take()
        self._given_all = index is None
        self._give.send(index)

    def _drain(self) -> None:
        try:
            for _ in range(AHEAD):
                self._hand()
            while True:
                self._received.append(self._recv.recv())
                self._hand()
        except Exception:  # EOF: done, or died mid-message; what arrived whole is kept
            pass
        finally:
            self._recv.close()
            self._give.close()

    def arrived(self) -> Iterator[tuple[int, list[R]]]:
        """The results received since last asked, each with the index of its chunk; not kept
        here once handed out."""
        while self._received:
            yield self._received.popleft()

    def collect(self) -> None:
        """Wait for the worker to end (done, or died) and for all it sent to be received."""
        self._thread.join()
        self.process.join()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def _serve(
    check: Callable[[list[T]], list[R]],
    chunks: list[list[T]],
    tasks: Connection,
    send: Connection,
    inherited: list[Connection],
) -> None:
    """The worker: check each chunk it is given and send its results, until told there are
    none left; any failure ends it quietly (the main process checks what was not sent, and
    reports a bug there, once)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()  # the worker lives for this run only
    try:
        for c in inherited:
            c.close()
        first = True
        while (index := tasks.recv()) is not None:
            send.send((index, check(chunks[index])))
            if first and os.environ.get(FAULT) == "kill-worker":
                os.kill(os.getpid(), signal.SIGKILL)
            first = False
        send.close()
    except BaseException:
        os._exit(1)
