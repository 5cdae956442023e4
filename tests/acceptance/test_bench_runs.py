"""The benchmarks' whole-process runs report each command's own peak memory, not the larger
one of the benchmark process that starts it (which a child exec'd from it inherits)."""

from __future__ import annotations

import importlib.util
import resource
import sys
from pathlib import Path
from typing import Any

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


def _bench_validate() -> object:
    path = BENCH.parent / "bench_validate.py"
    spec = importlib.util.spec_from_file_location("bench_validate", path)
    assert spec is not None and spec.loader is not None
    sys.path.insert(0, str(BENCH.parent))  # it imports `common` as a script does
    try:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH.parent))
    return module


def test_the_parse_floor_and_the_stage_split_run_on_a_registry(tmp_path: Path) -> None:
    bv: Any = _bench_validate()
    root = Path(__file__).resolve().parents[2] / "standards"
    yaml_files = sorted(root.rglob("*.yaml"))
    floor, stages = tmp_path / "floor.py", tmp_path / "stages.py"
    floor.write_text(bv.PARSE_FLOOR)
    stages.write_text(bv.STAGES)
    env = {"PYTHONPATH": str(BENCH.parents[1])}
    ran = common.run([sys.executable, str(floor), "2", str(root)], env)
    assert ran.code == 0 and ran.cpu > 0
    split = bv._stages(stages, root)
    assert split["files"] == len(yaml_files) > 10
    assert split["compose"] > 0 and 0 < split["parse_yaml"] < 60
    broken = tmp_path / "reg"
    broken.mkdir()
    (broken / "a.yaml").write_text("a: [1\n")  # the floor composes: a syntax error fails it
    assert common.run([sys.executable, str(floor), "1", str(broken)], env).code != 0


def test_the_step_split_names_where_a_cold_runs_cpu_goes(tmp_path: Path) -> None:
    bv: Any = _bench_validate()
    root = Path(__file__).resolve().parents[2] / "standards"
    script = tmp_path / "steps.py"
    script.write_text(bv.STEPS)
    steps = bv._steps(script, root, tmp_path / "cache")
    assert (tmp_path / "cache").is_dir()  # a cold run with its own cache folder
    # the shipped registry has standards, examples with logs, and a cache to write
    for step in (
        "reading YAML (parse_yaml)",
        "models and schemas (check_document)",
        "examples: their logs read (read_logs)",
        "examples: evaluated (check_intake)",
        "cache: written (flush)",
    ):
        assert steps[step] > 0, step
    assert all(t >= 0 for t in steps.values())  # each step's own time: none counted twice
    assert 0 < sum(steps.values()) < 120


def test_the_parser_probes_pass_for_aiss_and_fail_where_a_parser_reads_otherwise() -> None:
    path = BENCH.parent / "bench_yaml_parsers.py"
    spec = importlib.util.spec_from_file_location("bench_yaml_parsers", path)
    assert spec is not None and spec.loader is not None
    saved = list(sys.path)
    try:
        module: Any = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    found = {name: fn for name, fn, _ in module.parsers()}
    ours = found["aiss parse_yaml (data + checks)"]
    assert all(module.probe(ours, text, want) for _, text, want in module.PROBES)
    yaml11 = found["PyYAML CSafeLoader (YAML 1.1)"]  # YAML 1.1: `yes` is true, a date a date
    failed = [what for what, text, want in module.PROBES if not module.probe(yaml11, text, want)]
    assert {"yes stays text", "a date stays text", "a repeated key"} <= set(failed)
    nodes = found["libyaml node trees (the floor)"]
    assert module.timed(nodes, ["a: [1, 2]\n"] * 200) > 0  # CPU seconds, measured
