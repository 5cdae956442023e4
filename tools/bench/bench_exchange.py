"""Benchmark: `aiss compare` on two large submissions, and `aiss bundle create` / `verify`
of a bundle with a large log, each a whole process with peak RSS from wait4 (of the command alone: `common.run`).

Generates, in a temporary folder, a copy of the joint-testing fixture registry
(tests/fixtures/joint/registry, the standard AISS-JNT-001 whose TP-1 is the `joint_qa` task)
with a key per institute, two submissions of `--items` items x `--epochs` epochs each (per-
sample scores inline, JSON), the second's items shifted so that 90% are shared, and a log of
`--log-mib` MiB beside the first. Times, over `--rounds` rounds (starting command rotated):

    aiss compare A B          paired difference over the shared items, overlap, settings,
                              both submissions checked
    aiss bundle create        the submission and its log, signed
    aiss bundle verify        signature, digests, markings, in memory (no extract)

Targets on this 2-core machine: compare of 2 x 60,000 records under 5 s; bundle create and
verify of a 64 MiB log under 3 s each, peak under 1 GiB.

    .venv/bin/python tools/bench/bench_exchange.py [--rounds 5] [--items 20000] [--epochs 3]
        [--log-mib 64]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import orjson

from aiss.signing import generate_key, public_key_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import describe, rotated

REPO = Path(__file__).resolve().parents[2]
REGISTRY = REPO / "tests" / "fixtures" / "joint" / "registry"
AISS = str(Path(sys.executable).with_name("aiss"))


def _submission(org: str, ids: list[str], epochs: int, rng: random.Random, log: str | None) -> Any:
    samples = [
        {"id": i, "epoch": e, "score": "C" if rng.random() < 0.7 else "I"}
        for i in ids
        for e in range(1, epochs + 1)
    ]
    run: dict[str, Any] = {
        "id": "tp-1",
        "procedure": "TP-1",
        "model": "mockllm/model",
        "org": org,
        "task": {"name": "joint_qa", "version": 1},
        "dataset": {"name": "joint_qa_test", "samples": len(ids)},
        "epochs": epochs,
        "counts": {"items": len(ids), "total_samples": len(samples)},
        "sample_scorer": "choice",
        "samples": samples,
    }
    if log:
        run["log"] = {"format": "inspect_eval", "uri": log, "marking": "TLP:AMBER"}
    return {
        "schema_version": "1.0.0",
        "kind": "ResultSubmission",
        "standard": {"id": "AISS-JNT-001", "version": "1.0.0"},
        "submitter": {"org": org, "role": "government_institute"},
        "evaluating_orgs": [org],
        "marking": {"tlp": "TLP:AMBER", "shared_with": ["uk-aisi", "us-caisi"]},
        "system_under_test": {"model": {"provider_id": "mockllm/model"}},
        "runs": [run],
        "metric_results": [
            {"metric": "M-ACC", "run": "tp-1", "n_items": len(ids), "n_epochs": epochs}
        ],
    }


def build(tmp: Path, items: int, epochs: int, log_mib: int) -> tuple[Path, Path, Path, Path]:
    root = tmp / "standards"
    shutil.copytree(REGISTRY, root)
    issuers = root / "vocabularies" / "issuers.yaml"
    text = issuers.read_text(encoding="utf-8")
    key = generate_key()
    anchor = "  - code: uk-aisi\n    name: AI Security Institute (UK)\n"
    text = text.replace(
        anchor,
        anchor + f"    keys:\n      - keyid: {key.keyid}\n"
        f"        public_key: {public_key_text(key.public)}\n",
    )
    issuers.write_text(text, encoding="utf-8")
    (tmp / "uk.pem").write_bytes(key.pem())
    rng = random.Random(7)
    ids = [f"q{i:06d}" for i in range(items)]
    shift = items // 10
    a = tmp / "uk" / "uk.json"
    b = tmp / "us" / "us.json"
    a.parent.mkdir()
    b.parent.mkdir()
    (a.parent / "big.eval").write_bytes(os.urandom(log_mib << 20))
    a.write_bytes(orjson.dumps(_submission("uk-aisi", ids, epochs, rng, "big.eval")))
    other = ids[shift:] + [f"r{i:06d}" for i in range(shift)]
    b.write_bytes(orjson.dumps(_submission("us-caisi", other, epochs, rng, None)))
    return root, a, b, tmp / "uk.pem"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--items", type=int, default=20_000)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--log-mib", type=int, default=64)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        root, a, b, key = build(tmp, args.items, args.epochs, args.log_mib)
        bundle = tmp / "b.zip"
        compare = [AISS, "compare", "--root", str(root), "--format", "json", str(a), str(b)]
        create = [AISS, "bundle", "create", "--root", str(root), "--to", "us-caisi",
                  "--key", str(key), "-o", str(bundle), str(a)]  # fmt: skip
        verify = [AISS, "bundle", "verify", "--root", str(root), str(bundle)]
        from common import run as once

        first = once(create)
        assert first.code == 0, "bundle create failed"
        runs = rotated([compare, verify], args.rounds)
        creates = []
        for _ in range(args.rounds):
            bundle.unlink()
            creates.append(once(create))
        records = args.items * args.epochs
        print(f"compare: 2 x {records:,} records ({args.items:,} items x {args.epochs} epochs)")
        print(describe("aiss compare", runs[0]))
        print(f"bundle: a submission and a {args.log_mib} MiB log")
        print(describe("aiss bundle create", creates))
        print(describe("aiss bundle verify", runs[1]))


if __name__ == "__main__":
    main()
