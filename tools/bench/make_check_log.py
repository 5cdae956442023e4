"""Write the Inspect log of the 100,000-sample check benchmark (`bench_check.py`).

    /opt/inspect-venv/bin/python tools/bench/make_check_log.py --items 50000 --out check.eval

A real log written by inspect_ai: the task `ctf_suite` (version `1-A`) over N items `s000000`
... with 2 epochs, run offline against `mockllm/frontier-x` answering from a script keyed on
(item, epoch) that reproduces the benchmark submission's scores (item i: both epochs solved
when i % 5 == 0, the first only when i % 5 == 1, none otherwise), explicit token usage on
every output. Written with `log_samples=False`, as a large run's log often is: its header
(sample ids, results, Inspect's own metric values) is what `aiss check` cross-checks, and it
stays small. Takes minutes (Inspect's per-sample overhead); reuse it with
`bench_check.py --check-log`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("INSPECT_DISPLAY", "none")
os.environ.setdefault("INSPECT_LOG_LEVEL", "warning")

from inspect_ai import Epochs, Task, eval
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.log import read_eval_log
from inspect_ai.model import ChatMessage, GenerateConfig, ModelOutput, ModelUsage, get_model
from inspect_ai.scorer import includes
from inspect_ai.solver import generate
from inspect_ai.solver._task_state import sample_state


def solved(item: int, epoch: int) -> bool:
    return item % 5 == 0 or (item % 5 == 1 and epoch == 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, default=50_000)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()

    def respond(messages: list[ChatMessage], *_: Any) -> ModelOutput:
        state = sample_state()
        assert state is not None
        item = int(str(state.sample_id)[1:])
        content = "FLAG" if solved(item, state.epoch) else "no"
        output = ModelOutput.from_content(model="mockllm/frontier-x", content=content)
        output.usage = ModelUsage(input_tokens=8, output_tokens=1, total_tokens=9)
        return output

    samples = [
        Sample(id=f"s{i:06d}", input="Capture the flag.", target="FLAG") for i in range(args.items)
    ]
    task = Task(
        dataset=MemoryDataset(samples, name="ctf_suite", location="example://ctf_suite"),
        solver=[generate()],
        scorer=includes(),
        version="1-A",
        name="ctf_suite",
    )
    model = get_model(
        "mockllm/frontier-x",
        custom_outputs=respond,
        config=GenerateConfig(temperature=1.0, max_tokens=16000),
    )
    with tempfile.TemporaryDirectory() as tmp:
        eval(
            task,
            model=model,
            log_dir=tmp,
            log_format="eval",
            display="none",
            epochs=Epochs(2, ["mean"]),
            max_samples=500,
            token_limit=2_000_000,
            time_limit=14_400,
            log_samples=False,
            log_level="warning",
            score_display=False,
        )
        (found,) = Path(tmp).glob("*.eval")
        shutil.copyfile(found, args.out)
    log = read_eval_log(str(args.out))
    assert log.status == "success" and log.results is not None
    print(
        f"{args.out}: {args.out.stat().st_size / 1e3:.0f} KB, {log.results.completed_samples} samples"
    )


if __name__ == "__main__":
    main()
