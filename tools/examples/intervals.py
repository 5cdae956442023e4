"""Print, for each log of `plans.py`, the numbers an example reports for it: the value of
every epoch reducer, items, epochs, scored samples, successes, and the 95% intervals aiss
computes from the scripted per-sample scores (`aiss.conformance.stats`).

Run with the project venv, from the repository root:

    .venv/bin/python tools/examples/intervals.py                      # every folder
    .venv/bin/python tools/examples/intervals.py AISS-CYB-001/2.0.0   # one folder

The logs are written with `log_samples=False`, so `aiss check` compares a submitted value
with what Inspect computed (`results.scores[]`) but has no per-sample scores to recompute an
interval from, except from `successes` of a single-epoch proportion. The examples give the
intervals printed here, computed from the same script the logs were run from: Wilson and
Clopper-Pearson for single-epoch 0/1 scores (and pass@k items), the item-clustered t
interval for means over epochs (`clustered_t`), the t interval for graded single-epoch
scores, and a percentile bootstrap over items (10,000 resamples, seed 0) for metrics that
declare `bootstrap`.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plans import FOLDERS, Spec, _numbers, kind_of, reduce

from aiss.conformance import stats


def bootstrap(
    values: Sequence[float], level: float = 0.95, rounds: int = 10_000
) -> tuple[float, float]:
    """Percentile bootstrap of the mean over items (seed 0)."""
    rng = random.Random(0)
    n = len(values)
    means = sorted(sum(rng.choice(values) for _ in range(n)) / n for _ in range(rounds))
    lo = means[int((1 - level) / 2 * rounds)]
    hi = means[int((1 + level) / 2 * rounds) - 1]
    return lo, hi


def describe(spec: Spec) -> list[str]:
    out = []
    kind = kind_of(spec)
    parts = ("score", "refusal") if kind == "agentharm" else ("",)
    for part, label in enumerate(parts):
        rows = [_numbers(row, part) for row in spec.plan]
        scored = sum(len(r) for r in rows)
        for reducer in spec.reducers or (None,):
            reduced = [reduce(reducer or "mean", r) for r in rows]
            values = [v for v in reduced if v is not None]
            value = sum(values) / len(values)
            line = (
                f"  {label or 'value'}[{reducer or 'default'}] = {value!r}: "
                f"n_items {len(values)}, n_epochs {spec.epochs}, n_scored {scored}"
            )
            binary = all(v in (0.0, 1.0) for v in values)
            if binary:
                k = int(sum(values))
                w = stats.wilson(k, len(values))
                cp = stats.clopper_pearson(k, len(values))
                line += f", successes {k}; wilson [{w.lower:.6f}, {w.upper:.6f}]"
                line += f", clopper_pearson [{cp.lower:.6f}, {cp.upper:.6f}]"
            if (reducer or "mean") == "mean" and len(values) > 1:
                per_item = {str(i): r for i, r in enumerate(rows) if r}
                _, c = stats.clustered_mean_interval(per_item)
                line += f"; clustered_t [{c.lower:.6f}, {c.upper:.6f}]"
                lo, hi = bootstrap(values)
                line += f"; bootstrap [{lo:.6f}, {hi:.6f}]"
            out.append(line)
    return out


def main(argv: Sequence[str]) -> None:
    for folder in argv or list(FOLDERS):
        print(folder)
        for name, spec in FOLDERS[folder].items():
            print(f" {name} ({spec.model}, {spec.items} items x {spec.epochs} epochs)")
            for line in describe(spec):
                print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
