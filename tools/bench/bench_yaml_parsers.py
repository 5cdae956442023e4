"""Benchmark: the YAML parsers available as wheels against libyaml, on the scale registry's files.

Issue 15 asks whether the parser is the floor of a cold `aiss validate`, and to adopt a faster
parser only if it keeps line:col, YAML 1.2 core-schema resolution and every hostile-input
limit. This script answers both halves on the same files `bench_validate.py --scale` checks
(1,000 copies of the shipped AISS-ARA-001@1.0.0 with their 2,000 examples, ~38 MB of YAML):

* speed: CPU seconds, in this one process (gc off, the texts already in memory), of each
  parser turning every file into Python data, in rounds whose starting parser rotates;
  medians, and each one's ratio to libyaml's node trees (the floor aiss's positions rest on)
  in the same rounds;
* behaviour: probes of what a registry must not accept in silence or read otherwise than
  YAML 1.2's core schema says (`0b101` and `yes` stay text, `0o17` and `017` are 15 and 17,
  dates stay text, a repeated key, a tag naming a Python object, a second document and an
  alias bomb are refused or reported), and whether the parser gives the line:col of a value
  (aiss places every diagnostic and verdict by it).

The peers are not aiss's dependencies; those not installed are listed as such:

    .venv/bin/pip install yaml_rs ryaml libfyaml rapidyaml
    .venv/bin/python tools/bench/bench_yaml_parsers.py [--count 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import make_scale_registry

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))

from aiss.source.yaml12 import Loader  # noqa: E402
from aiss.source.yamldoc import parse_yaml  # noqa: E402

REFUSED = "refused"
"""A probe's expected outcome: an error, or for aiss a diagnostic."""

PROBES: list[tuple[str, str, object]] = [
    ("0b101 stays text", "v: 0b101\n", {"v": "0b101"}),
    ("yes stays text", "v: yes\n", {"v": "yes"}),
    ("0o17 is 15", "v: 0o17\n", {"v": 15}),
    ("017 is 17", "v: 017\n", {"v": 17}),
    ("a date stays text", "v: 2026-01-01\n", {"v": "2026-01-01"}),
    ("a repeated key", "a: 1\na: 2\n", REFUSED),
    ("a Python tag", "a: !!python/object/apply:os.system [echo]\n", REFUSED),
    ("a second document", "a: 1\n---\nb: 2\n", REFUSED),
    (
        "an alias bomb",
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
            for p, c in zip("abcdefg", "bcdefgh", strict=True)
        ),
        REFUSED,
    ),
]
"""(what is probed, the YAML, the data YAML 1.2's core schema gives or REFUSED)."""


def _aiss(text: str) -> Any:
    doc = parse_yaml("probe.yaml", text.encode())
    if doc.diagnostics:
        raise ValueError(doc.diagnostics[0].code)
    return doc.data


def _libyaml_nodes(text: str) -> Any:
    loader = Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _pyyaml_csafe(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=yaml.CSafeLoader)


def _module(name: str) -> Any | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def parsers() -> list[tuple[str, Callable[[str], Any] | None, str]]:
    """(name, text -> data or None when not installed, where it gives line:col)."""
    out: list[tuple[str, Callable[[str], Any] | None, str]] = [
        ("libyaml node trees (the floor)", _libyaml_nodes, "every node's marks"),
        ("aiss parse_yaml (data + checks)", _aiss, "every node's marks"),
        ("PyYAML CSafeLoader (YAML 1.1)", _pyyaml_csafe, "none (data only)"),
    ]
    yaml_rs = _module("yaml_rs")
    out.append(("yaml_rs", yaml_rs.loads if yaml_rs else None, "none (data only)"))
    ryaml = _module("ryaml")
    out.append(("ryaml", ryaml.loads if ryaml else None, "none (data only)"))
    fy = _module("libfyaml")
    out.append(
        ("libfyaml", (lambda t: fy.loads(t).to_python()) if fy else None, "none in its binding")
    )
    ryml = _module("ryml")
    if ryml is not None:
        import orjson

        def _ryml(text: str) -> Any:  # its Python binding builds no data: its JSON does
            return orjson.loads(ryml.emit_json(ryml.parse_in_arena(text.encode())))

        out.append(("rapidyaml (tree -> JSON -> orjson)", _ryml, "a tree's Location, per node"))
    else:
        out.append(("rapidyaml", None, "a tree's Location, per node"))
    return out


def probe(fn: Callable[[str], Any], text: str, expected: object) -> bool:
    try:
        got = fn(text)
    except Exception:
        return expected == REFUSED
    return expected != REFUSED and got == expected


def timed(fn: Callable[[str], Any], texts: list[str]) -> float:
    """CPU seconds of `fn` on every text, gc paused (as aiss loads), in this process."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        for text in texts:
            fn(text)
        return time.process_time() - start
    finally:
        gc.enable()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000, help="standards in the registry")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    aiss = str(Path(sys.executable).parent / "aiss")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "standards"
        make_scale_registry(root, args.count, aiss)
        paths = sorted(root.rglob("*.yaml"))
        texts = [p.read_text(encoding="utf-8") for p in paths]
    size = sum(len(t.encode()) for t in texts)
    print(
        f"{len(texts)} YAML files of the scale registry ({args.count} standards), {size / 1e6:.1f} MB"
    )
    found = parsers()
    usable = [(name, fn) for name, fn, _ in found if fn is not None]
    times: dict[str, list[float]] = {name: [] for name, _ in usable}
    for r in range(args.rounds):
        for name, fn in usable[r % len(usable) :] + usable[: r % len(usable)]:
            times[name].append(timed(fn, texts))
    floor = times[usable[0][0]]
    print(f"\nCPU seconds, one process, median of {args.rounds} rounds (starting parser rotated):")
    for name, runs in times.items():
        ratio = statistics.median(a / b for a, b in zip(runs, floor, strict=True))
        print(f"  {name:<36} {statistics.median(runs):7.2f} s   x{ratio:5.2f} of the floor")
    print("\nbehaviour (YAML 1.2 core schema; what must be refused or reported):")
    width = max(len(name) for name, _, _ in found)
    print(f"  {'':<{width}}  " + " ".join(f"{i + 1:>2}" for i in range(len(PROBES))) + "  line:col")
    for name, fn, where in found:
        if fn is None:
            print(f"  {name:<{width}}  not installed")
            continue
        if fn is _libyaml_nodes:
            print(
                f"  {name:<{width}}  {'(node trees: no data to probe)':<{3 * len(PROBES) - 1}}  {where}"
            )
            continue
        marks = " ".join("ok" if probe(fn, text, want) else "NO" for _, text, want in PROBES)
        print(f"  {name:<{width}}  {marks}  {where}")
    for i, (what, _, _) in enumerate(PROBES):
        print(f"  {i + 1}: {what}")


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as exc:
        sys.exit(f"making the registry failed: {exc}")
