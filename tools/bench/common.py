"""Shared helpers for the benchmark scripts: paired whole-process timing with peak memory."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """One whole-process run: wall seconds, peak RSS of the child in MiB, exit code, and the
    CPU seconds (user + system) it used: on a shared machine whose other load comes and goes,
    CPU time is the steadier measure of the work done, wall time the one a user waits."""

    seconds: float
    peak_mib: float
    code: int
    cpu: float = 0.0


def child_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a timed process. Bytecode caches are always written (an installed
    wheel has them): a shell with PYTHONDONTWRITEBYTECODE set would otherwise time the
    compiling of every module of an editable install on every run."""
    out = {**os.environ, **(env or {})}
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    return out


_LAUNCHER = """
import os, sys, time
fd, cmd = int(sys.argv[1]), sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(cmd[0], cmd)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
cpu = usage.ru_utime + usage.ru_stime
code = os.waitstatus_to_exitcode(status)
os.write(fd, f"{elapsed!r} {usage.ru_maxrss} {cpu!r} {code}".encode())
"""
"""Runs the command as its own child and reports its wall time, peak RSS, CPU and exit code.
A child exec'd straight from the benchmark inherits the benchmark's peak RSS as its own (the
kernel keeps the larger of the two across exec, and `subprocess` starts children with vfork):
forked from this small launcher instead, a command's peak is its own, with the launcher's
~10 MiB as the floor. Its own start-up is outside the time measured."""


def run(cmd: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run `cmd` to completion, output discarded; wall time, peak RSS and CPU of the command
    alone (`_LAUNCHER`). The warm-up runs of the callers write the bytecode caches (see
    `child_env`)."""
    read, write = os.pipe()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-S", "-c", _LAUNCHER, str(write), *cmd],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=child_env(env),
            pass_fds=(write,),
        )
        os.close(write)
        write = -1
        with os.fdopen(read, "rb") as fp:
            read = -1
            report = fp.read().decode()
        proc.wait()
    finally:
        for fd in (read, write):
            if fd >= 0:
                os.close(fd)
    if not report:
        raise RuntimeError(f"the launcher of {cmd[0]} reported nothing (exit {proc.returncode})")
    elapsed, maxrss, cpu, code = report.split()
    return Run(float(elapsed), int(maxrss) / 1024, int(code), float(cpu))


def paired(
    a: Sequence[str],
    b: Sequence[str],
    rounds: int,
    warmup: int = 1,
    env: dict[str, str] | None = None,
) -> tuple[list[Run], list[Run], list[float]]:
    """Alternate A and B `rounds` times (after warm-ups); per-round ratios A/B."""
    for _ in range(warmup):
        run(a, env)
        run(b, env)
    ra: list[Run] = []
    rb: list[Run] = []
    for i in range(rounds):
        order = (a, b) if i % 2 == 0 else (b, a)
        first, second = run(order[0], env), run(order[1], env)
        x, y = (first, second) if i % 2 == 0 else (second, first)
        ra.append(x)
        rb.append(y)
    return ra, rb, [x.seconds / y.seconds for x, y in zip(ra, rb, strict=True)]


def rotated(
    cmds: Sequence[Sequence[str]],
    rounds: int,
    warmup: int = 1,
    env: dict[str, str] | None = None,
) -> list[list[Run]]:
    """Run every command once per round, the starting command rotating from round to round
    (after warm-ups), so that each sees the machine in the same states; runs per command."""
    for _ in range(warmup):
        for c in cmds:
            run(c, env)
    out: list[list[Run]] = [[] for _ in cmds]
    for i in range(rounds):
        for k in range(len(cmds)):
            j = (i + k) % len(cmds)
            out[j].append(run(cmds[j], env))
    return out


def ratios(a: Sequence[Run], b: Sequence[Run]) -> list[float]:
    """Per-round A/B wall-time ratios of two commands run in the same rounds."""
    return [x.seconds / y.seconds for x, y in zip(a, b, strict=True)]


def cpu_ratios(a: Sequence[Run], b: Sequence[Run]) -> list[float]:
    """Per-round A/B ratios of CPU seconds (user + system)."""
    return [x.cpu / y.cpu for x, y in zip(a, b, strict=True) if y.cpu > 0]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def describe(name: str, runs: Sequence[Run]) -> str:
    return (
        f"{name:<40} median {median([r.seconds for r in runs]):7.3f} s   "
        f"cpu {median([r.cpu for r in runs]):7.3f} s   peak {max(r.peak_mib for r in runs):7.1f} MiB   exit {runs[0].code}"
    )


_ = resource  # rusage units documented in resource(2): ru_maxrss is KiB on Linux
