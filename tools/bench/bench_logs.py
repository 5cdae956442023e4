"""Benchmark: reading the small Inspect logs a registry's examples cite, in process.

Two figures, each the median of `--rounds` rounds (after one warm-up round):

- `read_inspect_log` on every `*.eval` file under the registry (6,000 for the 1,000-copy
  registry of `bench_validate.py --scale`, 2.4-2.7 KB each);
- `compose.check.read_logs` for every example of every standard version (2,000 there), as
  `aiss validate` calls it, with the per-process log memo emptied at the start of each round
  (a cold run: each distinct log read once, the others from the memo).

The examples are parsed once, before timing. `--profile` runs one round of `read_logs` under
cProfile instead and prints the top functions by cumulative and internal time. `--digest`
prints a digest of everything the two paths return (every field of every InspectLog and
LogRead, every diagnostic), to compare a change's results with the code before it.

    .venv/bin/python tools/bench/bench_logs.py [--registry /tmp/scale/standards] [--rounds 7]
        [--profile] [--digest]

The registry is the one `bench_validate.py --scale` makes (`make_scale_registry`). To time
another version of aiss (a checkout of the code before a change), put its `tools` folder first
on PYTHONPATH: `PYTHONPATH=/path/to/other/tools .venv/bin/python tools/bench/bench_logs.py`.
"""

from __future__ import annotations

import argparse
import array
import cProfile
import hashlib
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from aiss.compose import check
from aiss.compose.tables import KINDS
from aiss.conformance.intake import Intake, parse_submission
from aiss.importers.inspect_log import read_inspect_log
from aiss.source import DEFAULT_LIMITS


def examples(registry: Path) -> list[tuple[Intake, Path]]:
    """Every example of every version, parsed, with the folder its logs are resolved in."""
    out = []
    for path in sorted(registry.glob("*/*/examples/*.yaml")):
        intake = parse_submission(str(path), path.read_bytes(), KINDS, limits=DEFAULT_LIMITS)
        out.append((intake, path.parent))
    return out


def round_read_logs(parsed: list[tuple[Intake, Path]]) -> list[object]:
    check._READ.clear()
    return [check.read_logs(intake, folder, DEFAULT_LIMITS) for intake, folder in parsed]


def round_read_inspect_log(logs: list[Path]) -> list[object]:
    return [read_inspect_log(p) for p in logs]


def timed(fn: Callable[[Any], object], arg: object, rounds: int) -> tuple[float, float]:
    """Median wall and CPU (process time) seconds of `fn(arg)` over `rounds` rounds."""
    fn(arg)  # warm-up
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        w, c = time.perf_counter(), time.process_time()
        fn(arg)
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def _dump(value: object) -> str:
    """Every field of a (nested) value, as text: dataclasses field by field, other objects
    (a run's sample table) attribute by attribute, arrays as lists, floats by repr."""
    if is_dataclass(value) and not isinstance(value, type):
        inner = ", ".join(f"{f.name}={_dump(getattr(value, f.name))}" for f in fields(value))
        return f"{type(value).__name__}({inner})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_dump(k)}: {_dump(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple | frozenset | set):
        items = sorted(value, key=repr) if isinstance(value, frozenset | set) else value
        return f"{type(value).__name__}[" + ", ".join(_dump(v) for v in items) + "]"
    if isinstance(value, array.array) or type(value).__module__ == "numpy":
        return f"{type(value).__name__}{_dump(value.tolist())}"  # type: ignore[attr-defined]
    names = [*getattr(value, "__dict__", {}), *getattr(type(value), "__slots__", ())]
    if names and not callable(value):
        inner = ", ".join(f"{n}={_dump(getattr(value, n, None))}" for n in names)
        return f"{type(value).__name__}({inner})"
    return repr(value)


def digest(parsed: list[tuple[Intake, Path]], logs: list[Path]) -> str:
    h = hashlib.sha256()
    for log in round_read_inspect_log(logs):
        h.update(_dump(log).encode())
    for (intake, _), reads in zip(parsed, round_read_logs(parsed), strict=True):
        h.update(_dump(reads).encode())
        h.update(repr(intake.diagnostics).encode())
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--registry", type=Path, default=Path("/tmp/scale/standards"))
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--digest", action="store_true")
    args = ap.parse_args()
    if args.digest and os.environ.get("PYTHONHASHSEED") != "0":
        # the sample tables keep string hashes: the same in every process only with a fixed seed
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        os.execve(sys.executable, [sys.executable, *sys.argv], env)
    parsed = examples(args.registry)
    logs = sorted(args.registry.glob("*/*/examples/**/*.eval"))
    print(f"{len(parsed)} examples, {len(logs)} .eval files under {args.registry}")
    if args.digest:
        print(f"digest of every result: {digest(parsed, logs)}")
        return
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(round_read_logs, parsed)
        stats = pstats.Stats(prof)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(25)
        return
    for name, fn, arg, count in (
        ("read_inspect_log, every .eval file", round_read_inspect_log, logs, len(logs)),
        ("read_logs, every example (memo cold)", round_read_logs, parsed, len(parsed)),
    ):
        wall, cpu = timed(fn, arg, args.rounds)
        print(
            f"{name:<40} median {wall:7.3f} s  cpu {cpu:7.3f} s  "
            f"({1e6 * cpu / count:6.1f} us cpu per call, {args.rounds} rounds)"
        )


if __name__ == "__main__":
    main()
