"""Benchmark: this checkout's aiss against a baseline install of aiss, side by side.

Generates the workloads of the other benchmarks once (bench_validate: 1,000 standards of
~5 KB; bench_check: a 100,000-sample JSON submission; bench_site: 100 standards x 3
versions), then runs each command with both installs in alternating rounds (A B, B A, ...)
and prints the medians, peak memory and the per-round ratios (this / baseline).

Make a baseline from an earlier commit in its own worktree and virtualenv, then compare:

    git worktree add /tmp/aiss-base <commit>
    python3 -m venv /tmp/aiss-base/.venv && /tmp/aiss-base/.venv/bin/pip install -q -e /tmp/aiss-base
    .venv/bin/python tools/bench/bench_baseline.py --baseline /tmp/aiss-base/.venv/bin/aiss \
        [--rounds 5] [--only validate,check,site]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_site
import bench_validate
from common import cpu_ratios, describe, median, paired

REPO = Path(__file__).resolve().parents[2]
ENV = {"NO_MKDOCS_2_WARNING": "1"}


def _compare(name: str, this: list[str], base: list[str], rounds: int, cwd: Path) -> None:
    a, b, r = paired(this, base, rounds, env={**ENV, "PWD": str(cwd)})
    print(describe(f"{name}: this", a))
    print(describe(f"{name}: baseline", b))
    print(f"{name}: this / baseline per round {', '.join(f'{x:.3f}' for x in r)}")
    print(f"{name}: median ratio {median(r):.3f} (wall)")
    print(f"{name}: median ratio {median(cpu_ratios(a, b)):.3f} (cpu: user + system)\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--baseline", required=True, help="the baseline install's `aiss` executable")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", default="validate,check,site")
    ap.add_argument(
        "--check-log", type=Path, default=None, help="the check's Inspect log (make_check_log.py)"
    )
    args = ap.parse_args()
    this = str(Path(sys.executable).with_name("aiss"))
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="aiss-bench-") as tmp:
        t = Path(tmp)
        if "validate" in only:
            reg = t / "validate" / "standards"
            bench_validate.make_registry(reg, 1000)
            cmd = ["validate", str(reg)]
            _compare(
                "validate 1,000 standards", [this, *cmd], [args.baseline, *cmd], args.rounds, t
            )
        if "check" in only:
            work = t / "check"
            work.mkdir()
            gen = [sys.executable, str(REPO / "tools" / "bench" / "bench_check.py")]
            gen += ["--write-files", str(work), "--samples", "100000"]
            gen += ["--check-log", str(args.check_log)] if args.check_log else []
            subprocess.run(gen, check=True)
            cmd = [
                "check",
                "--root",
                str(work / "standards"),
                "--format",
                "json",
                str(work / "big.json"),
            ]
            _compare("check 100k-sample JSON", [this, *cmd], [args.baseline, *cmd], args.rounds, t)
        if "site" in only:
            reg = t / "site" / "standards"
            versions = bench_site.make_registry(reg, 100)
            # each install builds its own checkout's mkdocs.yml (the hook path differs)
            base_repo = Path(args.baseline).resolve().parents[2]
            build = ["build", "--root", str(reg), "-q"]
            a = [this, *build, "-f", str(REPO / "mkdocs.yml"), "--site-dir", str(t / "site-a")]
            b = [
                args.baseline,
                *build,
                "-f",
                str(base_repo / "mkdocs.yml"),
                "--site-dir",
                str(t / "site-b"),
            ]
            _compare(f"build {versions} version pages", a, b, max(3, args.rounds // 2), t)


if __name__ == "__main__":
    main()
