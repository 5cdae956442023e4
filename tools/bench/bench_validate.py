"""Benchmark: `aiss validate` on a generated 1,000-standard registry vs check-jsonschema.

Generates 1,000 standards of about 5 KB each (plus vocabularies) into a temporary folder, then
times whole processes, in rounds whose starting command rotates: `aiss validate` (model, JSON
Schema and every registry rule; two processes on a 2-core machine), the same with `--jobs 1`,
`check-jsonschema --schemafile schemas/standard.schema.json` on the same files (JSON Schema
only, no positions) and the floor loop below. Prints medians, peak memory of the main process
and the per-round ratios, and the single-file (pre-commit) case.

With `--scale` it measures issue 15's figures instead: a registry of `--count` copies of the
shipped AISS-ARA-001@1.0.0 (~20 KB, published and locked by `aiss lock --update`), each with
the version's two examples (so 2,000 examples for 1,000 standards), validated whole process:
cold (an empty cache folder each round), warm (the same folder, nothing changed), with
`--no-cache`; `aiss validate` cold of the 1,000 standard files alone (given as paths, every
registry rule still run) and check-jsonschema on those same files; then one standard file
with a warm cache (the pre-commit case). Each figure is printed beside its target. Beside
the cold run it times the parser's limit (`PARSE_FLOOR`: libyaml's node trees of the same
YAML files in as many processes, nothing else), a cold `--jobs 1` run, and splits that run's
CPU into reading YAML and the rest (`STAGES`, in one process), and that run's CPU into its
steps (`STEPS`: reading YAML, models and schemas, rules, logs, evaluation, cache). The
examples cite the Inspect logs the shipped version cites, copied beside each copy (the
checks read them), and the registry records the editors' reviews of each copy's examples
as the shipped one does for AISS-ARA-001's, so every example gets its declared verdict and a
run exits 0 (each copy keeps one warning: without `superseded_by`, R-06's text is read).

    .venv/bin/python tools/bench/bench_validate.py [--count 1000] [--rounds 5] [--scale]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Run, child_env, describe, median, paired, ratios, rotated, run

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "fixtures" / "registry"

REQUIREMENT = """\
  - id: R-{n:02d}
    level: SHOULD
    category: disclosure
    title: Disclosure item {n}
    text: >-
      The report SHOULD disclose item {n} of the elicitation set-up, including the scaffold,
      the tools given to the model, the token and time limits, and any known issues with the
      run, so that a reader can judge whether the measured capability is a lower bound.
    check: {{type: fields_present, paths: [elicitation.scaffold, "runs[*].limits"]}}
    rationale: >-
      Without these details results from different evaluators cannot be compared; see the
      reference for the practice this requirement rests on.
    references: [{{ref: CYBENCH, locator: "Section {n}"}}]
"""


def make_registry(dest: Path, count: int) -> list[Path]:
    """`count` standards of ~5 KB each, valid under the model and every rule."""
    shutil.copytree(BASE / "vocabularies", dest / "vocabularies")
    template = (BASE / "AISS-TST-001" / "1.0.0" / "standard.yaml").read_text()
    head, _, tail = template.partition("reporting:")
    extra = "".join(REQUIREMENT.format(n=n) for n in range(3, 7))
    files = []
    for i in range(count):
        sid = (
            f"AISS-GEN-{i % 1000:03d}" if count <= 1000 else f"AISS-G{i // 1000:02d}-{i % 1000:03d}"
        )
        text = (head + extra + "reporting:" + tail).replace("AISS-TST-001", sid)
        text = text.replace("$schema=../../../../../schemas/", f"$schema={REPO}/schemas/")
        path = dest / sid / "1.0.0" / "standard.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(text)
        files.append(path)
    return files


FLOOR = """\
import gc, json, sys, yaml, jsonschema_rs
gc.disable()
with open(sys.argv[1], "rb") as fh:
    v = jsonschema_rs.validator_for(json.load(fh))
bad = 0
for path in sys.argv[2:]:
    with open(path, "rb") as fh:
        data = yaml.load(fh, Loader=yaml.CSafeLoader)
    data = json.loads(json.dumps(data, default=str))  # CSafeLoader makes dates; JSON has none
    bad += not v.is_valid(data)
sys.exit(1 if bad else 0)
"""
"""The floor: PyYAML's C loader and jsonschema_rs in a plain loop. No positions, no model, no
registry rules, YAML 1.1 traps included: what the fastest possible schema-only check costs on
this machine today (performance.md measured 0.9 s for it; the issue's 'plain loop of a C YAML
loader and jsonschema' took 2.3 s)."""


PARSE_FLOOR = """\
import gc, sys
from multiprocessing import get_context
from pathlib import Path
from aiss.source.yaml12 import Loader

def compose(paths):
    gc.disable()
    for path in paths:
        loader = Loader(Path(path).read_bytes().decode("utf-8"))
        loader.get_single_node()
        loader.dispose()

if __name__ == "__main__":
    jobs = int(sys.argv[1])
    paths = sorted(str(p) for p in Path(sys.argv[2]).rglob("*.yaml"))
    with get_context("fork").Pool(jobs) as pool:
        pool.map(compose, [paths[i::jobs] for i in range(jobs)])
"""
"""The parser's limit on the scale registry: libyaml composes every YAML file (standards,
examples, vocabularies, approvals) into PyYAML's node tree, with aiss's resolver (the YAML
1.2 core schema, cheaper than PyYAML's own), gc off, in `jobs` processes as aiss validate
splits the files: no data built, no check, no log read. What any validation that reports
line:col from libyaml's nodes costs at least."""

STAGES = """\
import json, sys, time
from pathlib import Path
from aiss.source.yaml12 import Loader
from aiss.source.yamldoc import gc_paused, parse_yaml

raws = [(str(p), p.read_bytes()) for p in sorted(Path(sys.argv[1]).rglob("*.yaml"))]
start = time.process_time()
for path, raw in raws:
    parse_yaml(path, raw)
parsed = time.process_time() - start
start = time.process_time()
with gc_paused():
    for path, raw in raws:
        loader = Loader(raw.decode("utf-8"))
        loader.get_single_node()
        loader.dispose()
composed = time.process_time() - start
print(json.dumps({"files": len(raws), "parse_yaml": parsed, "compose": composed}))
"""
"""CPU seconds, in one process, of aiss's `parse_yaml` on every YAML file of the registry
(libyaml's node tree, the core schema's tags, the tree and limit checks, the data) and of
libyaml's node tree alone: what of a cold run's CPU is reading YAML."""


STEPS = """\
import json, sys, time
import aiss.cache as cache
import aiss.compose.check as check
import aiss.compose.example_pass as example_pass
import aiss.source.document as document
import aiss.validation.filepass as filepass
import aiss.validation.stored as stored
from aiss.cli.main import main

spent, inner = {}, []

def timed(owner, name, label):
    f = getattr(owner, name)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        inner.append(0.0)
        try:
            return f(*args, **kwargs)
        finally:
            took, nested = time.process_time() - start, inner.pop()
            spent[label] = spent.get(label, 0.0) + took - nested
            if inner:
                inner[-1] += took
    setattr(owner, name, wrapper)

for owner, name, label in [
    (filepass, "parse_yaml", "reading YAML (parse_yaml)"),
    (filepass, "check_document", "models and schemas (check_document)"),
    (filepass, "run_rules", "the kinds' rules (run_rules)"),
    (check, "read_logs", "examples: their logs read (read_logs)"),
    (check, "check_intake", "examples: evaluated (check_intake)"),
    (stored.StoredChecked, "fresh_model", "examples: their standard's model made again"),
    (example_pass._Deps, "example_key", "examples: cache keys (their folders)"),
    (filepass, "payload_of", "cache: results stored (payload_of)"),
    (example_pass, "payload_of", "cache: results stored (payload_of)"),
    (cache.Cache, "flush", "cache: written (flush)"),
    (document.SourceDocument, "detach", "node trees let go (detach)"),
]:
    timed(owner, name, label)
start = time.process_time()
try:
    main(["validate", "--jobs", "1", sys.argv[1]])
except SystemExit:
    pass
spent["the rest: start-up, discovery, the passes themselves"] = (
    time.process_time() - start - sum(spent.values())
)
with open(sys.argv[2], "w") as out:
    json.dump(spent, out)
"""
"""Where a cold `--jobs 1` run's CPU goes, step by step, in one process: each named step's
own CPU (a step called within another is counted once, as its own), the rest apart. The
slowest steps are what issue 15 attacks next; the timers cost a few percent."""

SHIPPED = REPO / "standards"
COPIED = ("AISS-ARA-001", "1.0.0")


def make_scale_registry(dest: Path, count: int, aiss: str) -> list[Path]:
    """`count` (at most 1,000) copies of the shipped AISS-ARA-001@1.0.0 with its examples and
    the logs and evidence documents they cite, ids AISS-ARA-000 to -999, published and
    locked; the standard files."""
    assert count <= 1000, "ids have three digits"
    shutil.copytree(SHIPPED / "vocabularies", dest / "vocabularies")
    shutil.copyfile(SHIPPED / "acknowledged-changes.yaml", dest / "acknowledged-changes.yaml")
    sid0, version = COPIED
    base = SHIPPED / sid0 / version
    # the copies are current versions: the shipped one names its successor, which is not copied
    standard = re.sub(r"(?m)^superseded_by: .*\n", "", (base / "standard.yaml").read_text())
    examples = {p.name: p.read_text() for p in sorted((base / "examples").glob("*.yaml"))}
    files = []
    for i in range(count):
        sid = f"AISS-ARA-{i:03d}"
        folder = dest / sid / version
        (folder / "examples").mkdir(parents=True)
        (folder / "standard.yaml").write_text(standard.replace(sid0, sid))
        for name, text in examples.items():
            (folder / "examples" / name).write_text(text.replace(sid0, sid))
        for cited in ("logs", "evidence"):  # what the examples' checks read beside them
            shutil.copytree(base / "examples" / cited, folder / "examples" / cited)
        files.append(folder / "standard.yaml")
    _record_approvals(dest, count)
    subprocess.run([aiss, "lock", "--update", "--root", str(dest)], check=True, capture_output=True)
    return files


def _record_approvals(dest: Path, count: int) -> None:
    """The registry's record of the editors' reviews of each copy's examples, as the shipped
    one records them for AISS-ARA-001's (tools/examples/approve.py): the same approvals, each
    bound to its copy's own digest, so the copies' examples get their declared verdicts and
    the registry validates clean, as a maintained registry does."""
    from aiss.compose.attestations import read_submission

    sid0, version = COPIED
    shipped = yaml.safe_load((SHIPPED / "approvals.yaml").read_text(encoding="utf-8"))
    prefix = f"example standards/{sid0}/{version}/examples/"
    originals = [a for a in shipped["approvals"] if a["reference"].startswith(prefix)]
    approvals = []
    for i in range(count):
        sid = f"AISS-ARA-{i:03d}"
        for a in originals:
            name = a["reference"].removeprefix(prefix)
            digest = read_submission(dest / sid / version / "examples" / name).digest
            approvals.append(
                {
                    **a,
                    "standard": f"{sid}@{version}",
                    "submission_sha256": digest,
                    "reference": f"example {sid}/{version}/examples/{name}",
                }
            )
    body = {"schema_version": "1.0.0", "kind": "Approvals", "approvals": approvals}
    (dest / "approvals.yaml").write_text(yaml.safe_dump(body, sort_keys=False), encoding="utf-8")


def _stages(script: Path, root: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(script), str(root)],
        capture_output=True,
        text=True,
        check=True,
        env=child_env({"PYTHONPATH": str(REPO / "tools")}),
    )
    data: dict[str, float] = json.loads(out.stdout)
    return data


def _steps(script: Path, root: Path, cache: Path) -> dict[str, float]:
    """`STEPS` once, cold (an empty cache folder)."""
    shutil.rmtree(cache, ignore_errors=True)
    report = cache.parent / "steps.json"
    subprocess.run(
        [sys.executable, str(script), str(root), str(report)],
        capture_output=True,
        check=True,
        env=child_env({"PYTHONPATH": str(REPO / "tools"), "AISS_CACHE_DIR": str(cache)}),
    )
    data: dict[str, float] = json.loads(report.read_text())
    return data


def _print_steps(steps: list[dict[str, float]]) -> None:
    names = sorted(steps[0], key=lambda n: -median([s.get(n, 0.0) for s in steps]))
    total = median([sum(s.values()) for s in steps])
    print(f"cold --jobs 1 CPU by step, one process with timers ({total:.2f} s), medians:")
    for name in names:
        t = median([s.get(name, 0.0) for s in steps])
        print(f"  {name:<54} {t:7.2f} s  {t / total:5.1%}")


def _print_stages(
    stages: list[dict[str, float]], serial: list[Run], floor: list[Run], cold: list[Run]
) -> None:
    """Where a cold run's CPU goes: reading YAML (libyaml's part, then aiss's), the rest."""
    cpu = median([r.cpu for r in serial])
    parse = median([s["parse_yaml"] for s in stages])
    compose = median([s["compose"] for s in stages])
    files = int(stages[0]["files"])
    print(f"cold CPU, one process ({files} YAML files), medians:")
    print(f"  whole run (--jobs 1)          {cpu:7.2f} s")
    print(f"  parse_yaml, every YAML file   {parse:7.2f} s  {parse / cpu:5.1%}")
    print(f"    of which libyaml's nodes    {compose:7.2f} s  {compose / cpu:5.1%}")
    print(f"  the rest: checks, logs, cache {cpu - parse:7.2f} s  {(cpu - parse) / cpu:5.1%}")
    print(
        f"ratio cold/parse floor (wall): median {median(ratios(cold, floor)):.2f}; the floor alone"
        f" is {median([r.seconds for r in floor]):.2f} s of the 5 s target"
    )


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def part_scale(count: int, rounds: int, aiss: str, cj: str, schema: str) -> None:
    """Issue 15's validate figures: cold, warm, --no-cache, check-jsonschema, one file."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "standards"
        files = make_scale_registry(root, count, aiss)
        examples = sum(1 for _ in root.glob("*/*/examples/*.yaml"))
        size = sum(f.stat().st_size for f in files)
        print(
            f"registry: {len(files)} standards (copies of {'@'.join(COPIED)}), "
            f"mean {size / len(files) / 1024:.1f} KiB, {examples} examples; {rounds} rounds"
        )
        cache = Path(tmp) / "cache"
        env = {"AISS_CACHE_DIR": str(cache)}
        validate = [aiss, "validate", str(root)]
        paths = [str(f) for f in files]
        helped = subprocess.run([aiss, "validate", "--help"], capture_output=True, text=True)
        cached = "--no-cache" in helped.stdout  # an aiss from before the cache has none
        cold: list[Run] = []
        warm: list[Run] = []
        bare: list[Run] = []
        cjr: list[Run] = []
        same: list[Run] = []
        serial: list[Run] = []
        floor: list[Run] = []
        stages: list[dict[str, float]] = []
        jobs = min(2, len(os.sched_getaffinity(0)))  # as `aiss validate` splits the files
        scripts = Path(tmp) / "parse_floor.py", Path(tmp) / "stages.py", Path(tmp) / "steps.py"
        scripts[0].write_text(PARSE_FLOOR)
        scripts[1].write_text(STAGES)
        scripts[2].write_text(STEPS)
        steps: list[dict[str, float]] = []
        floor_cmd = [sys.executable, str(scripts[0]), str(jobs), str(root)]
        floor_env = {"PYTHONPATH": str(REPO / "tools")}
        run(validate, env)  # warm-up of the disk cache (not of aiss's)
        for _ in range(rounds):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(run(validate, env))
            floor.append(run(floor_cmd, floor_env))
            shutil.rmtree(cache, ignore_errors=True)
            serial.append(run([*validate, "--jobs", "1"], env))
            stages.append(_stages(scripts[1], root))
            steps.append(_steps(scripts[2], root, Path(tmp) / "steps-cache"))
            warm.append(run(validate, env))
            bare.append(run([*validate, "--no-cache"] if cached else validate))
            cjr.append(run([cj, "--schemafile", schema, *paths]))
            shutil.rmtree(cache, ignore_errors=True)
            same.append(run([aiss, "validate", *paths], env))
        one = [aiss, "validate", paths[0]]
        run(one, env)  # the file's entry and the compiled schemas in the cache
        single = [run(one, env) for _ in range(max(rounds, 5))]
        print(describe("aiss validate, cold (empty cache)", cold))
        print(describe("aiss validate, warm (nothing changed)", warm))
        print(describe("aiss validate --no-cache", bare))
        print(describe("aiss validate, cold, the standard files only", same))
        print(describe("check-jsonschema (standard files only)", cjr))
        print(describe("aiss validate, 1 file, warm cache", single))
        print(describe(f"parse floor: libyaml node trees only, {jobs} processes", floor))
        print(describe("aiss validate --jobs 1, cold", serial))
        _print_stages(stages, serial, floor, cold)
        _print_steps(steps)
        c, w = median([r.seconds for r in cold]), median([r.seconds for r in warm])
        c_mib = max(r.peak_mib for r in cold)
        r = median(ratios(cold, cjr))
        rs = median(ratios(same, cjr))
        rb = median(ratios(bare, cjr))
        s1 = median([r.seconds for r in single])
        print(
            f"ratio cold, standard files/check-jsonschema: median {rs:.3f} ({1 / rs:.1f}x faster)"
        )
        print(f"ratio cold, whole registry/check-jsonschema: median {r:.3f} ({1 / r:.1f}x faster)")
        print(f"ratio --no-cache/check-jsonschema: median {rb:.3f} ({1 / rb:.1f}x faster)")
        print(f"ratio warm/cold: median {median(ratios(warm, cold)):.3f}")
        print("targets (issue 15):")
        print(f"  cold <= 5 s: {c:.2f} s, {_verdict(c <= 5)}")
        print(f"  cold <= 250 MiB: {c_mib:.0f} MiB, {_verdict(c_mib <= 250)}")
        print(f"  warm <= 0.5 s: {w:.2f} s, {_verdict(w <= 0.5)}")
        print(
            "  >= 10x faster than check-jsonschema on the same standard files: "
            f"{1 / rs:.1f}x, {_verdict(rs <= 0.1)} (the whole registry, examples and their "
            f"logs too: {1 / r:.1f}x)"
        )
        print(f"  one file <= 0.2 s (warm cache): {s1:.3f} s, {_verdict(s1 <= 0.2)}")
        codes = sorted({x.code for x in [*cold, *warm, *bare, *same, *single]})
        print(f"exit codes of aiss: {codes} (0 expected: the registry is clean but for warnings)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--scale", action="store_true", help="issue 15's figures (see above)")
    ap.add_argument("--aiss", default=None, help="the aiss to time (default: this venv's)")
    args = ap.parse_args()
    bindir = Path(sys.executable).parent
    aiss, cj = args.aiss or str(bindir / "aiss"), str(bindir / "check-jsonschema")
    schema = str(REPO / "schemas" / "standard.schema.json")
    if args.scale:
        part_scale(args.count, args.rounds, aiss, cj, schema)
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "standards"
        files = make_registry(root, args.count)
        size = sum(f.stat().st_size for f in files)
        print(
            f"registry: {len(files)} standards, {size / 1e6:.2f} MB, "
            f"mean {size / len(files) / 1024:.2f} KiB; {args.rounds} rounds, order rotated"
        )
        paths = [str(f) for f in files]
        floor = Path(tmp) / "floor.py"
        floor.write_text(FLOOR)
        runs = rotated(
            [
                [aiss, "validate", str(root)],
                [aiss, "validate", "--jobs", "1", str(root)],
                [cj, "--schemafile", schema, *paths],
                [sys.executable, str(floor), schema, *paths],
            ],
            args.rounds,
        )
        auto, serial, cjr, floor_runs = runs
        print(describe("aiss validate (model+schema+rules)", auto))
        print(describe("aiss validate --jobs 1", serial))
        print(describe("check-jsonschema (schema only)", cjr))
        print(describe("floor: C loader + jsonschema_rs loop", floor_runs))
        r = median(ratios(auto, cjr))
        print(f"ratio aiss/check-jsonschema: median {r:.3f} ({1 / r:.1f}x faster)")
        r1 = median(ratios(serial, cjr))
        print(f"ratio aiss --jobs 1/check-jsonschema: median {r1:.3f} ({1 / r1:.1f}x faster)")
        print(f"ratio aiss/floor loop: median {median(ratios(auto, floor_runs)):.3f}")
        print(f"ratio aiss --jobs 1/floor loop: median {median(ratios(serial, floor_runs)):.3f}")
        one = [paths[0]]
        sa, sb, sr = paired(
            [aiss, "validate", *one], [cj, "--schemafile", schema, *one], args.rounds
        )
        print(describe("aiss validate, 1 file", sa))
        print(describe("check-jsonschema, 1 file", sb))
        print(f"ratio (1 file): median {median(sr):.3f} ({1 / median(sr):.1f}x faster)")
        codes = {r[0].code for r in runs}
        if codes != {0}:
            print(f"WARNING: exit codes {[r[0].code for r in runs]}")


if __name__ == "__main__":
    main()
