"""The benchmarks' whole-process runs report each command's own peak memory, not the larger
one of the benchmark process that starts it (which a child exec'd from it inherits)."""

from __future__ import annotations

import importlib.util
import resource
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "tools" / "bench" / "common.py"
spec = importlib.util.spec_from_file_location("bench_common", BENCH)
assert spec is not None and spec.loader is not None
common = sys.modules["bench_common"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(common)

GROW = "x = bytearray({mib} << 20)\nfor i in range(0, len(x), 4096): x[i] = 1\nraise SystemExit({code})"


def test_a_run_reports_the_commands_own_peak_time_and_exit_status() -> None:
    ours = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    small = common.run(["/bin/true"])
    assert small.code == 0 and small.peak_mib < min(ours, 30)  # not this process's peak
    big = common.run([sys.executable, "-c", GROW.format(mib=int(ours) + 40, code=3)])
    assert big.code == 3
    assert ours + 40 <= big.peak_mib < ours + 80  # the command's own, all of it
    assert big.cpu > 0 and 0 < big.seconds < 60
