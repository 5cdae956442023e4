"""Benchmark: `aiss check` on a 100,000-sample submission, and `aiss import inspect` on a
10,000-sample Inspect log beside inspect_ai's own `read_eval_log`.

Part 1 generates, in a temporary folder, a registry with one standard (the check-fixture
standard with a 50,000-item procedure) and a submission whose run carries 100,000 per-sample
records (50,000 items x 2 epochs) inline, written once as JSON and once as YAML. It times
`aiss check` end to end as a whole process (parse, validate, recompute the metric and its
clustered interval from the samples, judge every requirement), with peak RSS from wait4 (of the command alone: `common.run`).
Targets: the JSON file in under 3 s with a peak under 1 GiB, and (issue 10) within 1.2x of
the check before logs were read and counts cross-checked (2.30 s, 106 MiB): with `--check-log`
the system under test's run cites a real 50,000-item Inspect log (written by
`make_check_log.py`, header only: `log_samples=False`), which the check opens and
cross-checks (model, task, version, epochs, sample ids, counts, Inspect's metric value); the
reference run's log is a URL (not fetched). Without it, both logs are URLs.

Part 2 writes a real 10,000-sample `.eval` log with inspect_ai (tests/fixtures/inspect/
make_logs.py run by the separate inspect venv; or reuse one with --log) and times, alternating
A B A B, `aiss import inspect LOG -o out.yaml` against a process that runs
`inspect_ai.log.read_eval_log(LOG)`. inspect_ai is never imported into the project venv.
Target: the import at least 2x faster. The in-process read times (aiss's reader vs
`read_eval_log`, after imports) are printed too.

Part 3 (`--stream`, issue 15): submissions whose JSON Lines samples file holds 200,000 and
2,000,000 records (2 epochs per item; 102 MB at 2 million), checked whole process. Targets:
the 2,000,000-record check <= 5 s and <= 300 MiB, and memory flat from 200,000 to 2,000,000
(the ratio of the peaks is printed). The records are read in one pass, a block of lines at a
time, into per-item aggregates (`aiss.conformance.samples`): nothing is kept per record, so
what grows is what the check must know per item, and the file has one item for every two
records. For its 1,000,000 items that is about 21 MB: each id's bytes (7 here) and where they
end (4), its 4-byte hash key (4), its epoch mask and scored count (2) and the exact sum of its
scores (4 while every score is 0, 1/2 or 1); while the file is read, also the table that finds
an id's item (8 MB, half full; let go of once the file is read), and when the metric is
recomputed, one value per item (8 MB). The rest of the peak (about 75 MiB: the interpreter,
the models, numpy, a block of parsed lines) is the same at both sizes. `--against AISS`
times another aiss (say an older checkout's) on the same files, alternately with this one.

    .venv/bin/python tools/bench/bench_check.py --inspect-python /opt/inspect-venv/bin/python
        [--rounds 5] [--samples 100000] [--log-samples 10000] [--log big.eval]
        [--check-log check.eval]   # from make_check_log.py --items 50000
    .venv/bin/python tools/bench/bench_check.py --stream [--rounds 3] [--skip-check]
        [--against OTHER_AISS]
"""

from __future__ import annotations

import argparse
import hashlib
import math
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import yaml

from aiss.source import parse_yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Run, describe, median, paired, run

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
REGISTRY = FIXTURES / "submissions" / "registry"


def make_registry(root: Path, items: int) -> None:
    """Vocabularies, the check standard with `items` items, and the Inspect standard for 10k."""
    for vocab in (REGISTRY / "vocabularies").glob("*.yaml"):
        (root / "vocabularies").mkdir(parents=True, exist_ok=True)
        (root / "vocabularies" / vocab.name).write_bytes(vocab.read_bytes())
    chk = (REGISTRY / "AISS-CHK-001" / "1.0.0" / "standard.yaml").read_text()
    chk = chk.replace("items: 20,", f"items: {items},").replace(
        "min_items: 20,", f"min_items: {items},"
    )
    ins = (REGISTRY / "AISS-INS-001" / "1.0.0" / "standard.yaml").read_text()
    ins = ins.replace("task: hazard_mcq\n", "task: hazard_mcq_large\n")
    ins = ins.replace("{name: hazard_mcq_dev, items: 12}", "{name: hazard_mcq_large, items: 10000}")
    ins = ins.replace("min_items: 12,", "min_items: 10000,").replace(
        "id: AISS-INS-001", "id: AISS-INS-010"
    )
    for sid, text in (("AISS-CHK-001", chk), ("AISS-INS-010", ins)):
        path = root / sid / "1.0.0" / "standard.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(text)


def _scores(i: int, epochs: int) -> tuple[float, ...]:
    """Item i's epoch scores: a fifth always solved, a fifth every other epoch, the rest never."""
    if i % 5 == 0:
        return (1.0,) * epochs
    if i % 5 == 1:
        return tuple(float(e % 2 == 0) for e in range(epochs))
    return (0.0,) * epochs


def make_submission(
    items: int, epochs: int = 2, *, inline: bool = True, log: tuple[str, str] | None = None
) -> dict[str, Any]:
    """The conformant check fixture with `items` x `epochs` per-sample records, inline (or,
    with `inline=False`, left for `samples_lines` to write as the samples file); its run
    cites `log` (uri, sha256) when given, a URL otherwise."""
    raw = (FIXTURES / "submissions" / "conformant.yaml").read_bytes()
    data = parse_yaml("conformant.yaml", raw).data  # YAML 1.2: timestamps stay text
    run0 = data["runs"][0]
    samples, means = [], []
    for i in range(items):
        scores = _scores(i, epochs)
        means.append(sum(scores) / epochs)
        if inline:
            samples += [
                {"id": f"s{i:06d}", "epoch": e, "score": "C" if s else "I"}
                for e, s in enumerate(scores, 1)
            ]
    if inline:
        run0["samples"] = samples
    else:
        del run0["samples"]
        data["samples_file"] = "samples.jsonl"
    uri, sha = log or ("https://example.org/logs/check.eval", "0" * 64)
    run0["log"].update(uri=uri, sha256=sha)
    data["runs"][1]["log"].update(uri="https://example.org/logs/reference.eval")
    total = epochs * items
    run0["epochs"] = epochs
    run0["counts"] = {"items": items, "total_samples": total, "completed_samples": total}
    run0["dataset"]["samples"] = items
    data["runs"][1]["dataset"]["samples"] = items
    data["runs"][1]["counts"] = dict(run0["counts"])
    mean = math.fsum(means) / items
    sd = math.sqrt(math.fsum((m - mean) ** 2 for m in means) / (items - 1))
    half = 1.959963984540054 * sd / math.sqrt(items)  # t quantile ~ normal at this n
    data["metric_results"][0].update(
        value=mean,
        ci={"lower": mean - half, "upper": mean + half, "level": 0.95, "method": "clustered_t"},
        n_items=items,
        n_scored=total,
    )
    return data


def samples_lines(items: int, epochs: int) -> Iterator[bytes]:
    """The JSON Lines records of run tp1 for `make_submission(..., inline=False)`."""
    for i in range(items):
        for e, s in enumerate(_scores(i, epochs), 1):
            yield b'{"run":"tp1","id":"s%06d","epoch":%d,"score":"%s"}\n' % (
                i,
                e,
                b"C" if s else b"I",
            )


class _FlowDumper(yaml.SafeDumper):
    pass


def _dict(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.MappingNode:
    flow = all(not isinstance(v, dict | list) for v in value.values()) and len(value) <= 6
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)


_FlowDumper.add_representer(dict, _dict)


def write_samples_file(tmp: Path, samples: int, epochs: int) -> None:
    """A registry and a submission whose `samples_file` holds `samples` records (`samples //
    epochs` items), written by a child process (see `part_check`)."""
    items = samples // epochs
    make_registry(tmp / "standards", items)
    data = make_submission(items, epochs, inline=False)
    (tmp / "sub.json").write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    with (tmp / "samples.jsonl").open("wb") as fh:
        fh.writelines(samples_lines(items, epochs))


def write_files(tmp: Path, samples: int, log: Path | None = None) -> None:
    """The registry and the two submission files (run in a child process, see `part_check`),
    and a copy of `log` beside them."""
    make_registry(tmp / "standards", samples // 2)
    cited = None
    if log is not None:
        (tmp / "logs").mkdir(exist_ok=True)
        shutil.copyfile(log, tmp / "logs" / "check.eval")
        cited = ("logs/check.eval", hashlib.sha256(log.read_bytes()).hexdigest())
    data = make_submission(samples // 2, log=cited)
    (tmp / "big.json").write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    (tmp / "big.yaml").write_text(yaml.dump(data, Dumper=_FlowDumper, sort_keys=False, width=120))


def part_check(tmp: Path, aiss: str, samples: int, rounds: int, log: Path | None) -> None:
    # written by a child so that this process stays small: a forked child's peak RSS counts
    # the parent's pages until it execs
    gen = [sys.executable, __file__, "--write-files", str(tmp), "--samples", str(samples)]
    gen += ["--check-log", str(log)] if log else []
    subprocess.run(gen, check=True)
    root, js, ym = tmp / "standards", tmp / "big.json", tmp / "big.yaml"
    print(
        f"submission: {samples:,} sample records; JSON {js.stat().st_size / 1e6:.1f} MB, YAML {ym.stat().st_size / 1e6:.1f} MB"
    )
    check = [aiss, "check", "--root", str(root), "--format", "json"]
    out = subprocess.run([*check, str(js)], capture_output=True, check=False)
    report = orjson.loads(out.stdout)["reports"][0]
    rec = report["recomputed"][0]
    print(
        f"  verdict {report['overall']}; recomputed {rec['metric']} from {rec['n_scored']:,} samples, agrees: {rec['value_agrees']}"
    )
    logs = [r for r in report["requirements"] if r["check"] == "log_valid"]
    print(f"  logs: {logs[0]['verdict']} ({logs[0]['message']})" if logs else "  logs: -")
    rj, ry, ratios = paired([*check, str(js)], [*check, str(ym)], rounds)
    print(describe("aiss check, 100k JSON", rj))
    print(describe("aiss check, 100k YAML", ry))
    print(f"  ratio JSON/YAML: median {median(ratios):.3f}")
    ok = median([r.seconds for r in rj]) < 3.0 and max(r.peak_mib for r in rj) < 1024
    print(f"  target (JSON < 3 s, < 1 GiB): {'met' if ok else 'NOT met'}")


def part_stream(
    tmp: Path, aiss: str, rounds: int, sizes: tuple[int, ...], against: str | None = None
) -> None:
    """Issue 15: the check of a samples file of each size in `sizes`, whole process; with
    `against`, that aiss too, alternately."""
    peaks: dict[int, float] = {}
    seconds: dict[int, float] = {}
    others: dict[int, tuple[float, float]] = {}
    for n in sizes:
        work = tmp / f"stream-{n}"
        work.mkdir()
        gen = [sys.executable, __file__, "--write-samples-file", str(work), "--samples", str(n)]
        subprocess.run(gen, check=True)
        size = (work / "samples.jsonl").stat().st_size
        args = ["check", "--root", str(work / "standards"), str(work / "sub.json")]
        check = [aiss, *args]
        out = subprocess.run([*check, "--format", "json"], capture_output=True, check=False)
        report = orjson.loads(out.stdout)["reports"][0]
        rec = report["recomputed"][0]
        print(
            f"samples file: {n:,} records, {size / 1e6:.1f} MB; verdict {report['overall']}, "
            f"recomputed from {rec['n_scored']:,} samples, agrees: {rec['value_agrees']}"
        )
        if against is None:
            run(check)  # warm-up
            runs = [run(check) for _ in range(rounds)]
        else:
            mine = subprocess.run(check, capture_output=True, check=False).stdout
            theirs = subprocess.run([against, *args], capture_output=True, check=False).stdout
            print(f"  the same report as {against}: {mine == theirs}")
            runs, old, _ = paired(check, [against, *args], rounds)
            print(describe(f"{against}, {n:,} samples", old))
            others[n] = (median([r.seconds for r in old]), max(r.peak_mib for r in old))
        print(describe(f"aiss check, {n:,} samples (file)", runs))
        seconds[n] = median([r.seconds for r in runs])
        peaks[n] = max(r.peak_mib for r in runs)
        shutil.rmtree(work)
    big, small = max(sizes), min(sizes)
    print("targets (issue 15):")
    ok = seconds[big] <= 5.0
    print(f"  {big:,} samples <= 5 s: {seconds[big]:.2f} s, {'met' if ok else 'NOT met'}")
    ok = peaks[big] <= 300
    print(f"  {big:,} samples <= 300 MiB: {peaks[big]:.0f} MiB, {'met' if ok else 'NOT met'}")
    grow = peaks[big] / peaks[small]
    print(
        f"  memory {small:,} -> {big:,}: {peaks[small]:.0f} -> {peaks[big]:.0f} MiB "
        f"(x{grow:.2f} for x{big // small} the samples)"
    )
    if others:
        (s0, p0), (s1, p1) = others[small], others[big]
        print(
            f"  {against}: {s0:.2f} s / {p0:.0f} MiB -> {s1:.2f} s / {p1:.0f} MiB (x{p1 / p0:.2f})"
        )


READ_EVAL_LOG = """
import sys, time
t0 = time.perf_counter()
from inspect_ai.log import read_eval_log
t1 = time.perf_counter()
log = read_eval_log(sys.argv[1])
t2 = time.perf_counter()
assert len(log.samples) == int(sys.argv[2]), len(log.samples)
print(f"{t1 - t0:.4f} {t2 - t1:.4f}")
"""

READ_AISS = """
import sys, time
t0 = time.perf_counter()
from aiss.importers.inspect_log import read_inspect_log
t1 = time.perf_counter()
log = read_inspect_log(sys.argv[1])
t2 = time.perf_counter()
assert len(log.samples) == int(sys.argv[2]), len(log.samples)
print(f"{t1 - t0:.4f} {t2 - t1:.4f}")
"""


def _in_process(python: str, script: str, log: Path, n: int, rounds: int) -> tuple[float, float]:
    times = [
        subprocess.run(
            [python, "-c", script, str(log), str(n)], capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(rounds)
    ]
    return median([float(t[0]) for t in times]), median([float(t[1]) for t in times])


def part_import(
    tmp: Path, aiss: str, inspect_python: str, log: Path | None, n: int, rounds: int
) -> None:
    if log is None:
        log = tmp / "large.eval"
        start = time.perf_counter()
        maker = FIXTURES / "inspect" / "make_logs.py"
        subprocess.run(
            [inspect_python, str(maker), "--large", str(n), "--out", str(log)],
            check=True,
            capture_output=True,
        )
        print(f"wrote a {n:,}-sample log with inspect_ai in {time.perf_counter() - start:.1f} s")
    print(f"log: {log.stat().st_size / 1e6:.1f} MB")
    root = tmp / "standards"
    out = tmp / "imported.yaml"
    importer = [
        aiss,
        "import",
        "inspect",
        "--root",
        str(root),
        "--standard",
        "AISS-INS-010@1.0.0",
        "-o",
        str(out),
        str(log),
    ]
    reader = [inspect_python, "-c", READ_EVAL_LOG, str(log), str(n)]
    ra, rb, ratios = paired(importer, reader, rounds)
    print(describe("aiss import inspect (read+map+write)", ra))
    print(describe("inspect_ai read_eval_log (whole process)", rb))
    print(
        f"  ratio import/read_eval_log: median {median(ratios):.3f} ({1 / median(ratios):.1f}x faster)"
    )
    print(f"  target (>= 2x faster): {'met' if median(ratios) <= 0.5 else 'NOT met'}")
    ai, ar = _in_process(sys.executable, READ_AISS, log, n, rounds)
    ii, ir = _in_process(inspect_python, READ_EVAL_LOG, log, n, rounds)
    print(
        f"  in-process read: aiss reader {ar:.3f} s (imports {ai:.3f} s); read_eval_log {ir:.3f} s (imports {ii:.3f} s); ratio {ar / ir:.3f}"
    )
    check = run([aiss, "check", "--root", str(root), "--standard", "AISS-INS-010@1.0.0", str(log)])
    print(describe("aiss check --standard LOG (import+check)", [check]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--samples", type=int, default=100_000)
    ap.add_argument("--log-samples", type=int, default=10_000)
    ap.add_argument("--inspect-python", default=None, help="python of a venv with inspect_ai")
    ap.add_argument("--log", type=Path, default=None, help="reuse this large .eval log")
    ap.add_argument("--skip-check", action="store_true")
    ap.add_argument("--check-log", type=Path, default=None, help="the log of make_check_log.py")
    ap.add_argument("--stream", action="store_true", help="issue 15's samples-file checks")
    ap.add_argument("--aiss", default=None, help="the aiss to time (default: this venv's)")
    ap.add_argument("--against", default=None, help="with --stream: another aiss, timed too")
    ap.add_argument("--write-files", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--write-samples-file", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.write_files:
        write_files(args.write_files, args.samples, args.check_log)
        return
    if args.write_samples_file:
        write_samples_file(args.write_samples_file, args.samples, 2)
        return
    aiss = args.aiss or str(Path(sys.executable).parent / "aiss")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if args.stream:
            part_stream(tmp, aiss, args.rounds, (200_000, 2_000_000), args.against)
        if not args.skip_check:
            part_check(tmp, aiss, args.samples, args.rounds, args.check_log)
        else:
            make_registry(tmp / "standards", args.samples // 2)
        if args.inspect_python:
            part_import(tmp, aiss, args.inspect_python, args.log, args.log_samples, args.rounds)
        else:
            print("import benchmark skipped: give --inspect-python /opt/inspect-venv/bin/python")


_ = Run  # re-exported type of `common.run`, for readers of this script

if __name__ == "__main__":
    main()
