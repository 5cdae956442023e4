"""Write the Inspect logs the shipped examples cite, and put their sha256 into the examples.

Run with the separate inspect venv (inspect_ai is never installed into the project venv):

    /opt/inspect-venv/bin/python tools/examples/make_logs.py                     # every log
    /opt/inspect-venv/bin/python tools/examples/make_logs.py AISS-CYB-001/2.0.0  # one folder
    /opt/inspect-venv/bin/python tools/examples/make_logs.py --check             # verify only
    /opt/inspect-venv/bin/python tools/examples/make_logs.py --hashes            # sha256 only

Every example of a standard version (`standards/<ID>/<version>/examples/*.yaml`) is a result
submission whose runs cite real Inspect logs beside it (`examples/logs/<file>.eval`). What
each log records is written down in `plans.py`: the task name, task version and dataset name
the standard pins, the dataset size, the epochs and epoch reducers, the generate config and
limits the example records, the scorer the metric's `inspect_mapping` names, the model
(`mockllm/<name>`: the run's `model` in the example) and the scripted score of every
(item, epoch).

The runs are real `inspect_ai.eval` runs, offline: the model is Inspect's `mockllm` with a
`custom_outputs` callable that answers from the script, keyed on the sample being run
(`inspect_ai.solver._task_state.sample_state()`: its id and epoch, not the order of calls),
with explicit token usage on every output (so no tokenizer is fetched); datasets are in
memory, one placeholder item per pinned item (no benchmark content is stored anywhere);
errored samples come from a solver that raises where the script says so. Logs are written
with `log_samples=False`: the header (`eval.dataset.sample_ids`, `results`) and
`reductions.json` only, a few KB each, which `aiss check` reads as header-only evidence
(items from the sample ids, counts from the results, metric values from `results.scores[]`).

After each run the script checks that the log records what the plan says (task, version,
model, dataset, sample ids, epochs, generate config, limits, sample counts, every metric of
every reducer, and every item's reduced score), then copies it to every folder whose
examples cite it (a log the same in several folders is run once) and replaces the sha256
each example gives for `logs/<file>` with the new one (ids and timestamps differ on every
run, so the hashes do). The examples' digests change with them: afterwards re-record the
editors' approvals with the project venv, `.venv/bin/python tools/examples/approve.py`.
After editing an example without touching the plans, `--hashes` only writes the sha256 of the
logs on disk into it (checking them first); `--check` only checks them. A log file in a folder
that the plans do not list is reported. `intervals.py` prints the values and intervals an
example reports for each log.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Offline before inspect_ai is imported: no hub downloads, no display, quiet logging.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("INSPECT_DISPLAY", "none")
os.environ.setdefault("INSPECT_LOG_LEVEL", "warning")

from inspect_ai import Epochs, Task, eval
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.log import EvalLog, read_eval_log
from inspect_ai.model import ChatMessage, GenerateConfig, Model, ModelOutput, ModelUsage, get_model
from inspect_ai.scorer import (
    Metric,
    SampleScore,
    Score,
    Scorer,
    Target,
    accuracy,
    choice,
    includes,
    mean,
    metric,
    scorer,
    stderr,
)
from inspect_ai.solver import Generate, Solver, TaskState, generate, multiple_choice, solver

# the TaskState of the sample being run: the scripted model keys its answer on it
from inspect_ai.solver._task_state import sample_state

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plans import ERROR, FOLDERS, SCORERS, Spec, expected, kind_of

STANDARDS = Path(__file__).resolve().parents[2] / "standards"
TOLERANCE = 1e-9


# --- the scripted model and scorers --------------------------------------------------------


def flag(task: str, item: int) -> str:
    return f"FLAG{{{task}-{item:04d}}}"


def reply(spec: Spec, item: int, epoch: int) -> str:
    """What the model answers for (item, epoch): the scripted score, in the scorer's terms."""
    planned = spec.plan[item - 1][epoch - 1]
    if spec.scorer == "choice":
        return "ANSWER: A" if planned == 1.0 else "ANSWER: B"
    if spec.scorer == "includes":
        return f"The flag is {flag(spec.task, item)}" if planned == 1.0 else "No flag found."
    if planned is None:
        return "VALUE: nan"
    if isinstance(planned, tuple):
        return f"VALUE: {planned[0]!r},{planned[1]!r}"
    return f"VALUE: {planned!r}"


def scripted_model(spec: Spec) -> Model:
    def respond(messages: list[ChatMessage], *_: Any) -> ModelOutput:
        state = sample_state()
        assert state is not None
        content = reply(spec, int(state.sample_id), state.epoch)
        output = ModelOutput.from_content(model=spec.model, content=content)
        output.usage = ModelUsage(input_tokens=40, output_tokens=8, total_tokens=48)
        return output

    config = GenerateConfig(**dict(spec.generate))  # type: ignore[arg-type]
    return get_model(spec.model, custom_outputs=respond, config=config)


@metric
def refusal_rate() -> Metric:
    """Share of samples refused (score 1)."""

    def compute(scores: list[SampleScore]) -> float:
        return sum(float(s.score.as_float()) for s in scores) / len(scores)

    return compute


def _part(scores: list[SampleScore], key: str) -> float:
    values = [s.score.value for s in scores]
    return sum(float(v[key]) for v in values if isinstance(v, dict)) / len(values)


@metric
def avg_score() -> Metric:
    """Mean harm score (AgentHarm)."""

    def compute(scores: list[SampleScore]) -> float:
        return _part(scores, "score")

    return compute


@metric
def avg_refusals() -> Metric:
    """Share of refused behaviours (AgentHarm)."""

    def compute(scores: list[SampleScore]) -> float:
        return _part(scores, "refusal")

    return compute


def scripted_scorer(name: str) -> Scorer:
    """A scorer named like the task's own that reads the scripted value from the reply."""
    kind = SCORERS[name]
    metrics: list[Any] = {
        "binary": [accuracy(), stderr()],
        "graded": [mean(), stderr()],
        "refusal": [refusal_rate(), stderr()],
        "agentharm": [avg_score(), avg_refusals()],
    }[kind]

    @scorer(metrics=metrics, name=name)
    def make() -> Scorer:
        async def score(state: TaskState, target: Target) -> Score:
            text = state.output.completion.removeprefix("VALUE: ")
            if text == "nan":
                return Score(value=float("nan"), explanation="the grader could not judge it")
            if kind == "agentharm":
                harm, refused = (float(x) for x in text.split(","))
                return Score(value={"score": harm, "refusal": refused})
            value = float(text)
            if kind == "binary":
                return Score(value="C" if value >= 1.0 else "I")
            return Score(value=value)

        return score

    return make()


@solver
def fail_where_planned(spec: Spec) -> Solver:
    """Raise on the (item, epoch) pairs the plan marks as errors."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        if spec.plan[int(state.sample_id) - 1][state.epoch - 1] == ERROR:
            raise RuntimeError(f"scripted tool crash on item {state.sample_id}")
        return state

    return solve


def task_of(spec: Spec) -> Task:
    samples = []
    for i in range(1, spec.items + 1):
        text = f"Item {i} of {spec.task} (a placeholder: no benchmark content is stored)."
        if spec.scorer == "choice":
            samples.append(
                Sample(id=i, input=text, choices=["first", "second", "third", "fourth"], target="A")
            )
        else:
            samples.append(Sample(id=i, input=text, target=flag(spec.task, i)))
    respond: Solver = multiple_choice() if spec.scorer == "choice" else generate()
    score: Scorer
    if spec.scorer == "choice":
        score = choice()
    elif spec.scorer == "includes":
        score = includes()
    else:
        score = scripted_scorer(spec.scorer)
    return Task(
        dataset=MemoryDataset(samples, name=spec.dataset, location=f"example://{spec.task}"),
        solver=[fail_where_planned(spec), respond],
        scorer=score,
        version=spec.version,
        name=spec.task,
        sandbox=spec.sandbox,
    )


# --- running and checking ------------------------------------------------------------------


def run(spec: Spec, out: Path) -> None:
    kwargs: dict[str, Any] = dict(spec.limits)
    if spec.epochs > 1 or spec.reducers:
        kwargs["epochs"] = Epochs(spec.epochs, list(spec.reducers or ("mean",)))
    if any(s == ERROR for row in spec.plan for s in row):
        kwargs["fail_on_error"] = False
    with tempfile.TemporaryDirectory() as tmp:
        eval(
            task_of(spec),
            model=scripted_model(spec),
            log_dir=tmp,
            log_format="eval",
            log_samples=False,
            display="none",
            max_samples=50,
            log_level="warning",
            score_display=False,
            **kwargs,
        )
        (found,) = Path(tmp).glob("*.eval")
        shutil.copyfile(found, out)


def close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE


def problems(spec: Spec, log: EvalLog) -> list[str]:
    """Every way the log differs from what the plan says it records."""
    ev, out = log.eval, []
    want = expected(spec)
    config = {k: v for k, v in ev.model_generate_config.model_dump().items() if v is not None}
    checks: list[tuple[str, object, object]] = [
        ("status", log.status, "success"),
        ("task", ev.task, spec.task),
        ("task_version", str(ev.task_version), spec.version),
        ("model", ev.model, spec.model),
        ("dataset.name", ev.dataset.name, spec.dataset),
        ("dataset.samples", ev.dataset.samples, spec.items),
        ("sample_ids", ev.dataset.sample_ids, list(range(1, spec.items + 1))),
        ("epochs", ev.config.epochs, spec.epochs),
        ("generate config", config, dict(spec.generate)),
        ("limits", {k: getattr(ev.config, k) for k, _ in spec.limits}, dict(spec.limits)),
        ("sandbox", ev.sandbox.type if ev.sandbox else None, spec.sandbox),
        ("total_samples", log.results.total_samples if log.results else None, want.total),
        (
            "completed_samples",
            log.results.completed_samples if log.results else None,
            want.completed,
        ),
    ]
    out += [f"{what}: {got!r}, planned {wanted!r}" for what, got, wanted in checks if got != wanted]
    entries = {s.reducer: s for s in (log.results.scores if log.results else [])}
    for reducer, metrics in want.values.items():
        entry = entries.get(reducer)
        if entry is None:
            out.append(f"no results.scores[] entry for reducer {reducer}")
            continue
        if entry.scored_samples != want.scored_items[reducer]:
            out.append(f"{reducer}: scored {entry.scored_samples}, planned {want.scored_items}")
        for name, value in metrics.items():
            got = entry.metrics[name].value if name in entry.metrics else math.nan
            if not close(float(got), value):
                out.append(f"{reducer}/{name}: {got!r}, planned {value!r}")
    if kind_of(spec) != "agentharm":
        out += reduction_problems(spec, log)
    return out


def reduction_problems(spec: Spec, log: EvalLog) -> list[str]:
    """Each item's reduced score in `reductions.json` against the plan."""
    from plans import _numbers, reduce

    out = []
    for red in log.reductions or []:
        for s in red.samples:
            values = _numbers(spec.plan[int(str(s.sample_id)) - 1])
            planned = reduce(red.reducer or "mean", values)
            got = s.value if isinstance(s.value, int | float) else None
            if planned is None:
                if got is not None and not math.isnan(float(got)):
                    out.append(f"item {s.sample_id} ({red.reducer}): {got!r}, planned none")
            elif got is None or not close(float(got), planned):
                out.append(f"item {s.sample_id} ({red.reducer}): {got!r}, planned {planned!r}")
    return out[:5]


# --- writing into the examples -------------------------------------------------------------


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def put_hash(folder: Path, name: str, digest: str) -> list[str]:
    """Replace the sha256 that each example of `folder` gives for `logs/<name>`."""
    pattern = re.compile(
        r'(uri:\s*"?logs/' + re.escape(name) + r'"?\s*(?:,\s*|\n\s*)sha256:\s*"?)[0-9a-f]{64}'
    )
    changed = []
    for example in sorted((folder / "examples").glob("*.yaml")):
        text = example.read_text(encoding="utf-8")
        new = pattern.sub(lambda m: m.group(1) + digest, text)
        if new != text:
            example.write_text(new, encoding="utf-8")
            changed.append(example.name)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", help="ID/version folders (default: all)")
    parser.add_argument("--check", action="store_true", help="only check the logs on disk")
    parser.add_argument(
        "--hashes",
        action="store_true",
        help="check the logs on disk and write their sha256 into the examples (after an edit)",
    )
    args = parser.parse_args(argv)
    folders = args.folders or list(FOLDERS)
    unknown = [f for f in folders if f not in FOLDERS]
    if unknown:
        parser.error(f"no such folder in plans.FOLDERS: {', '.join(unknown)}")
    made: dict[Spec, Path] = {}
    bad = 0
    for folder in folders:
        logs = STANDARDS / folder / "examples" / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        for stale in sorted(logs.glob("*.eval")):
            if stale.name not in FOLDERS[folder]:
                print(f"{folder}/{stale.name}: not in the plans; remove it", file=sys.stderr)
                bad += 1
        for name, spec in FOLDERS[folder].items():
            target = logs / name
            if not (args.check or args.hashes):
                if spec in made:
                    shutil.copyfile(made[spec], target)
                else:
                    run(spec, target)
                    made[spec] = target
            found = problems(spec, read_eval_log(str(target)))
            bad += bool(found)
            for p in found:
                print(f"{folder}/{name}: {p}", file=sys.stderr)
            if args.check:
                continue
            digest = sha256_of(target)
            changed = put_hash(STANDARDS / folder, name, digest)
            size = target.stat().st_size
            print(f"{folder}/{name}: {size:,} bytes, {digest[:12]}, in {', '.join(changed) or '-'}")
    total = sum(
        p.stat().st_size
        for f in folders
        for p in (STANDARDS / f / "examples" / "logs").glob("*.eval")
    )
    print(f"{total:,} bytes of logs in {len(folders)} folder(s); {bad} log(s) not as planned")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
