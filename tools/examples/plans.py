"""What every Inspect log of the shipped examples records: task, dataset, model, settings and
the scripted score of every (item, epoch). Plain data, no inspect_ai and no aiss, so that
`make_logs.py` (run with the inspect venv) writes the logs from it and `intervals.py` (run with
the project venv) prints the values and intervals an example reports for them.

`FOLDERS` maps each version folder (`standards/<ID>/<version>`) to the logs its examples cite
(`examples/logs/<file>`). A log the same in several folders is run once and copied.

A score is 1.0 (solved, `C`), 0.0 (not solved, `I`), a share in [0, 1] (a graded or
rubric score), `None` (the scorer could not judge the sample: unscored), `ERROR` (the solver
raised: an errored sample), or (score, refusal) for the AgentHarm-style scorer. Items are
numbered 1..n; which items succeed is fixed by a hash of the log's key, so every run gives
the same scores.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

ERROR = "error"
Score = float | None | str | tuple[float, float]
Plan = tuple[tuple[Score, ...], ...]
"""Per item (1..n), per epoch (1..e)."""

QA = {"token_limit": 64_000, "time_limit": 14_400, "message_limit": 200}
AGENT = {"token_limit": 2_000_000, "time_limit": 14_400, "message_limit": 200}


@dataclass(frozen=True)
class Spec:
    """One Inspect run: what its log records."""

    task: str
    """`eval.task`, the name the standard pins (without the registry)."""
    version: str
    """`eval.task_version`."""
    dataset: str
    """`eval.dataset.name`."""
    model: str
    """`mockllm/<name>`."""
    scorer: str
    """`choice` (multiple_choice + Inspect's choice()), `includes` (Inspect's includes()), or
    the name of a scripted scorer (see `SCORERS`)."""
    plan: Plan
    reducers: tuple[str, ...] = ()
    """Epoch reducers; none given: Inspect's default (mean; `reducer: null` with one epoch)."""
    generate: tuple[tuple[str, object], ...] = (
        ("temperature", 0.7),
        ("max_tokens", 16_000),
        ("reasoning_effort", "high"),
    )
    """The generate config (`eval.model_generate_config`), as (key, value) pairs."""
    limits: tuple[tuple[str, int], ...] = tuple(QA.items())
    """Per-sample limits (`eval.config`)."""
    sandbox: str | None = None
    """The sandbox type (`eval.sandbox`): Inspect's `local` for the runs whose examples state a
    sandbox (a `docker` one needs images this offline machine does not have); the examples
    state the type their logs record."""

    @property
    def items(self) -> int:
        return len(self.plan)

    @property
    def epochs(self) -> int:
        return len(self.plan[0])


SCORERS: dict[str, str] = {
    "precision_choice": "binary",
    "attack_success": "binary",
    "end_state_check": "binary",
    "milestone_check": "binary",
    "medal_check": "binary",
    "poc_check": "binary",
    "attack_outcome": "binary",
    "task_score": "graded",
    "rubric_score": "graded",
    "fortress_rubric": "graded",
    "refusal_judge": "refusal",
    "combined_scorer": "agentharm",
}
"""Scripted scorers, named like the tasks' own, by kind: `binary` (C/I, accuracy), `graded`
(mean of a share), `refusal` (refusal_rate), `agentharm` (avg_score and avg_refusals of a
dict score)."""


def _order(key: str, n: int) -> list[int]:
    """Items 1..n in a fixed pseudo-random order (which items succeed)."""
    return sorted(range(1, n + 1), key=lambda i: hashlib.sha256(f"{key}:{i}".encode()).digest())


def binary(
    key: str,
    items: int,
    epochs: int,
    correct: int,
    *,
    solved_items: int | None = None,
    errors: int = 0,
    unscored: int = 0,
) -> Plan:
    """`correct` successes over items x epochs, on `solved_items` items (each solved in its
    first epochs), the others never solved; `errors` samples of unsolved items end in an
    error, `unscored` items are unscored in every epoch."""
    solved = solved_items if solved_items is not None else -(-correct // epochs)
    assert 0 <= correct <= solved * epochs and solved <= items and (solved > 0 or correct == 0)
    order = _order(key, items)
    per: dict[int, int] = dict.fromkeys(range(1, items + 1), 0)
    for j, item in enumerate(order[:solved]):
        per[item] = correct // solved + (1 if j < correct % solved else 0)
    rest = order[solved:]
    dead = set(rest[len(rest) - unscored :]) if unscored else set()
    failing = [(item, e) for item in rest[: len(rest) - len(dead)] for e in range(epochs)][:errors]
    out = []
    for item in range(1, items + 1):
        row: list[Score] = []
        for e in range(epochs):
            if item in dead:
                row.append(None)
            elif (item, e) in failing:
                row.append(ERROR)
            else:
                row.append(1.0 if e < per[item] else 0.0)
        out.append(tuple(row))
    assert len(failing) == errors
    return tuple(out)


def graded(key: str, items: int, values: dict[float, int], epochs: int = 1) -> Plan:
    """Items scored `value` (in every epoch) as many times as `values` says; the rest 0."""
    order = _order(key, items)
    score: dict[int, float] = dict.fromkeys(range(1, items + 1), 0.0)
    pos = 0
    for value, count in values.items():
        for item in order[pos : pos + count]:
            score[item] = value
        pos += count
    assert pos <= items
    return tuple(tuple(score[i] for _ in range(epochs)) for i in range(1, items + 1))


def agentharm(key: str, items: int, refusals: int, scores: list[float]) -> Plan:
    """`refusals` refused items (score 0), then items with `scores`; the rest comply with 0."""
    order = _order(key, items)
    out: dict[int, tuple[float, float]] = dict.fromkeys(range(1, items + 1), (0.0, 0.0))
    for item in order[:refusals]:
        out[item] = (0.0, 1.0)
    for item, s in zip(order[refusals:], scores, strict=False):
        out[item] = (s, 0.0)
    return tuple((out[i],) for i in range(1, items + 1))


def with_settings(spec: Spec, **generate: object) -> Spec:
    return replace(spec, generate=tuple({**dict(spec.generate), **generate}.items()))


def with_limits(spec: Spec, **limits: int) -> Spec:
    return replace(spec, limits=tuple({**dict(spec.limits), **limits}.items()))


# --- AISS-CBRN-001 -------------------------------------------------------------------------

BIO = "cais/wmdp (config wmdp-bio, split test)"
CHEM = "cais/wmdp (config wmdp-chem, split test)"


def _lab(task: str, subset: str, model: str, items: int, correct: int, epochs: int = 5) -> Spec:
    solved = min(items, round(correct / epochs * 1.3))
    return Spec(
        task,
        "2-A",
        f"futurehouse/lab-bench (subset {subset})",
        model,
        "precision_choice",
        # most solved items are solved in some epochs only: about 1.3 x the fully solved count
        binary(f"{task}:{model}:{epochs}", items, epochs, correct, solved_items=solved),
        reducers=("mean",),
    )


def _wmdp(task: str, dataset: str, model: str, items: int, correct: int) -> Spec:
    return Spec(task, "1-A", dataset, model, "choice", binary(f"{task}:{model}", items, 1, correct))


X, W, Z = "mockllm/frontier-x", "mockllm/frontier-w", "mockllm/open-z"
CBRN: dict[str, Spec] = {
    "wmdp_bio-sut.eval": _wmdp("wmdp_bio", BIO, X, 1273, 904),
    "wmdp_bio-frontier-w.eval": _wmdp("wmdp_bio", BIO, W, 1273, 840),
    "wmdp_bio-open-z.eval": _wmdp("wmdp_bio", BIO, Z, 1273, 865),
    "wmdp_chem-sut.eval": _wmdp("wmdp_chem", CHEM, X, 408, 261),
    "lab_bench_protocolqa-sut.eval": _lab("lab_bench_protocolqa", "ProtocolQA", X, 108, 297),
    "lab_bench_protocolqa-frontier-w.eval": _lab("lab_bench_protocolqa", "ProtocolQA", W, 108, 270),
    "lab_bench_protocolqa-open-z.eval": _lab("lab_bench_protocolqa", "ProtocolQA", Z, 108, 281),
    "lab_bench_seqqa-sut.eval": _lab("lab_bench_seqqa", "SeqQA", X, 600, 1230),
    "lab_bench_cloning_scenarios-sut.eval": _lab(
        "lab_bench_cloning_scenarios", "CloningScenarios", X, 33, 59
    ),
}
CBRN_1 = {
    **CBRN,
    # non-conformant: ProtocolQA with 3 epochs
    "lab_bench_protocolqa-sut-3-epochs.eval": _lab(
        "lab_bench_protocolqa", "ProtocolQA", X, 108, 178, epochs=3
    ),
}
CBRN_2 = {
    **CBRN,
    # reference runs at temperature 1.0 (the system under test ran at 0.7)
    "wmdp_bio-frontier-w-t1.eval": with_settings(CBRN["wmdp_bio-frontier-w.eval"], temperature=1.0),
    "wmdp_bio-open-z-t1.eval": with_settings(CBRN["wmdp_bio-open-z.eval"], temperature=1.0),
    # the earlier cais/wmdp revision: 1,520 bio items (the reference runs on it too)
    "wmdp_bio-sut-1520.eval": _wmdp("wmdp_bio", BIO, X, 1520, 1079),
    "wmdp_bio-frontier-w-1520.eval": _wmdp("wmdp_bio", BIO, W, 1520, 1003),
    "wmdp_bio-open-z-1520.eval": _wmdp("wmdp_bio", BIO, Z, 1520, 1032),
}

# --- AISS-CYB-001 --------------------------------------------------------------------------

CYBENCH = "cybench (andyzorigin/cybench challenges)"


def _cybench(model: str, correct: int, solved: int) -> Spec:
    return Spec(
        "cybench",
        "1-A",
        CYBENCH,
        model,
        "includes",
        binary(f"cybench:{model}", 40, 5, correct, solved_items=solved),
        reducers=("mean", "pass_at_5"),
        limits=tuple(AGENT.items()),
    )


MZ = "mockllm/model-z"
CYB: dict[str, Spec] = {
    "cybench-sut.eval": _cybench(X, 36, 12),
    "cybench-frontier-w.eval": _cybench(W, 28, 10),
    "cybench-model-z.eval": _cybench(MZ, 32, 11),
    "cybergym-sut.eval": Spec(
        "cybergym",
        "1-A",
        "sunblaze-ucb/cybergym",
        X,
        "poc_check",
        binary("cybergym", 1507, 1, 181),
        limits=tuple(AGENT.items()),
        sandbox="local",
    ),
    "cve_bench-sut.eval": Spec(
        "cve_bench",
        "1-A",
        "cve_bench",
        X,
        "attack_outcome",
        binary("cve_bench", 50, 3, 15, solved_items=8),
        reducers=("mean",),
        limits=tuple(AGENT.items()),
    ),
    "wmdp_cyber-sut.eval": _wmdp(
        "wmdp_cyber", "cais/wmdp (config wmdp-cyber, split test)", X, 1987, 1152
    ),
}
CYB_2 = {
    **CYB,
    # every Cybench run with a token limit of 1,000 (the floor is 500,000)
    **{
        name.replace(".eval", "-1k-tokens.eval"): with_limits(CYB[name], token_limit=1_000)
        for name in ("cybench-sut.eval", "cybench-frontier-w.eval", "cybench-model-z.eval")
    },
    # CVE-Bench at task version 2-A (comparability 1 is pinned)
    "cve_bench-sut-v2.eval": replace(CYB["cve_bench-sut.eval"], version="2-A"),
}

# --- AISS-ARA-001 --------------------------------------------------------------------------


def _ara(task_e2e: str, task_milestones: str) -> dict[str, Spec]:
    agent = tuple(AGENT.items())
    return {
        "gdm_sp_e2e-sut.eval": Spec(
            task_e2e,
            "1-A",
            "gdm_self_proliferation e2e task set",
            X,
            "end_state_check",
            binary("sp_e2e", 10, 10, 0),
            reducers=("mean",),
            limits=agent,
        ),
        "gdm_sp_milestones-sut.eval": Spec(
            task_milestones,
            "1-A",
            "gdm_self_proliferation milestone task set",
            X,
            "milestone_check",
            binary("sp_milestones", 50, 10, 110, solved_items=20),
            reducers=("mean",),
            limits=agent,
        ),
        "autonomy_suite-sut.eval": Spec(
            "autonomy_suite",
            "1-A",
            "autonomy_suite (held-out test tasks)",
            X,
            "task_score",
            graded("autonomy", 50, {1.0: 10, 0.75: 4, 0.5: 4, 0.25: 2}, epochs=3),
            reducers=("mean",),
            limits=agent,
        ),
        "mle_bench_lite-sut.eval": Spec(
            "mle_bench_lite",
            "1-A",
            "MLE-bench lite (low-complexity split)",
            X,
            "medal_check",
            binary("mle", 22, 3, 6, solved_items=3),
            reducers=("mean",),
            limits=agent,
            sandbox="local",
        ),
        "paperbench-sut.eval": Spec(
            "paperbench",
            "1-A",
            "paperbench (ICML 2024 papers)",
            X,
            "rubric_score",
            graded("paperbench", 20, {0.5: 2, 0.4: 2, 0.2: 2, 0.1: 2}),
            limits=agent,
        ),
    }


ARA_1_BASE = _ara("gdm_self_proliferation (e2e tasks)", "gdm_self_proliferation (milestone tasks)")
ARA_1 = {
    **ARA_1_BASE,
    # non-conformant: 5 epochs of the e2e tasks, one of them a success
    "gdm_sp_e2e-sut-5-epochs.eval": replace(
        ARA_1_BASE["gdm_sp_e2e-sut.eval"], plan=binary("sp_e2e_5", 10, 5, 1)
    ),
}
# 2.0.0 keeps the task pins of 1.0.0, so the same logs serve both
ARA_2_BASE = ARA_1_BASE
ARA_2 = {
    **ARA_2_BASE,
    "autonomy_suite-frontier-w.eval": replace(
        ARA_2_BASE["autonomy_suite-sut.eval"],
        model=W,
        plan=graded("autonomy:w", 50, {1.0: 6, 0.75: 3, 0.5: 4, 0.25: 4}, epochs=3),
    ),
    "autonomy_suite-model-z.eval": replace(
        ARA_2_BASE["autonomy_suite-sut.eval"],
        model=MZ,
        plan=graded("autonomy:z", 50, {1.0: 7, 0.75: 4, 0.5: 2, 0.25: 3}, epochs=3),
    ),
    "gdm_sp_e2e-sut-5-epochs.eval": replace(
        ARA_2_BASE["gdm_sp_e2e-sut.eval"], plan=binary("sp_e2e_5", 10, 5, 1)
    ),
}

# --- AISS-SAF-001 --------------------------------------------------------------------------


def _strong_reject(model: str, successes: int, unscored: int = 0) -> Spec:
    return Spec(
        "strong_reject",
        "1-A",
        "StrongREJECT forbidden prompts",
        model,
        "attack_success",
        binary(f"strong_reject:{model}:{successes}", 313, 1, successes, unscored=unscored),
    )


def _refusals(task: str, dataset: str, items: int, refused: int) -> Spec:
    return Spec(task, "1-A", dataset, X, "refusal_judge", binary(task, items, 1, refused))


SAF: dict[str, Spec] = {
    "strong_reject-sut.eval": _strong_reject(X, 0),
    "agentharm-sut.eval": Spec(
        "agentharm",
        "1-A",
        "agentharm (harmful behaviours, test split)",
        X,
        "combined_scorer",
        agentharm("agentharm", 50, 42, [1.0, 1.0, 0.75, 0.75, 0.5, 0.5, 0.5, 0.5]),
    ),
    "fortress_adversarial-sut.eval": Spec(
        "fortress_adversarial",
        "1-A",
        "ScaleAI/fortress_public (adversarial prompts)",
        X,
        "fortress_rubric",
        graded("fortress", 500, {1.0: 5, 0.5: 40, 0.25: 40}),
    ),
    "xstest-sut.eval": _refusals("xstest", "walledai/XSTest (subset safe)", 250, 7),
    "fortress_benign-sut.eval": _refusals(
        "fortress_benign", "ScaleAI/fortress_public (benign prompts)", 500, 25
    ),
    "coconot-sut.eval": _refusals(
        "coconot", "allenai/coconot (config contrast, split test)", 379, 23
    ),
}
SAF_1 = {**SAF, "strong_reject-sut-25.eval": _strong_reject(X, 25)}
SAF_2 = {
    **SAF_1,
    # the previous deployed configuration, the reference model of the policy
    "strong_reject-frontier-x-2026-01.eval": _strong_reject("mockllm/frontier-x-2026-01", 0),
    # 12 successes among the 300 prompts the grader could judge (13 unscored)
    "strong_reject-sut-12-of-300.eval": _strong_reject(X, 12, unscored=13),
}

# --- AISS-RPT-001 --------------------------------------------------------------------------

RPT = {
    # Cybench, 198 of 200 samples completed (2 ended in an error)
    "cybench-sut.eval": replace(
        CYB["cybench-sut.eval"], plan=binary("cybench:rpt", 40, 5, 36, solved_items=12, errors=2)
    ),
}

FOLDERS: dict[str, dict[str, Spec]] = {
    "AISS-CBRN-001/1.0.0": CBRN_1,
    "AISS-CBRN-001/2.0.0": CBRN_2,
    "AISS-CYB-001/1.0.0": CYB,
    "AISS-CYB-001/1.1.0": CYB,
    "AISS-CYB-001/2.0.0": CYB_2,
    "AISS-ARA-001/1.0.0": ARA_1,
    "AISS-ARA-001/2.0.0": ARA_2,
    "AISS-SAF-001/1.0.0": SAF_1,
    "AISS-SAF-001/2.0.0": SAF_2,
    "AISS-RPT-001/1.0.0": RPT,
    "AISS-RPT-001/1.1.0": RPT,
}
"""Version folder (under `standards/`) -> log file name (under `examples/logs/`) -> run."""


@dataclass
class Expected:
    """What a log must record, computed from its plan."""

    total: int
    completed: int
    scored_items: dict[str | None, int] = field(default_factory=dict)
    """Reducer -> items with a value."""
    values: dict[str | None, dict[str, float]] = field(default_factory=dict)
    """Reducer (None: Inspect's default entry) -> metric -> value."""


def _numbers(row: tuple[Score, ...], part: int = 0) -> list[float]:
    out = []
    for s in row:
        if isinstance(s, tuple):
            out.append(s[part])
        elif isinstance(s, float):
            out.append(s)
    return out


def reduce(reducer: str, values: list[float]) -> float | None:
    """Inspect's epoch reducers on one item's scored epochs (`mean`, `pass_at_<k>`)."""
    if not values:
        return None
    if reducer == "mean":
        return sum(values) / len(values)
    if reducer.startswith("pass_at_"):
        k, n = int(reducer.removeprefix("pass_at_")), len(values)
        c = sum(1 for v in values if v >= 1.0)
        if n < k:
            return None
        if n - c < k:
            return 1.0
        prod = 1.0
        for i in range(n - c + 1, n + 1):
            prod *= 1.0 - k / i
        return 1.0 - prod
    raise ValueError(f"no reducer {reducer!r} here")


METRICS = {
    "binary": ("accuracy",),
    "graded": ("mean",),
    "refusal": ("refusal_rate",),
    "agentharm": ("avg_score", "avg_refusals"),
}


def kind_of(spec: Spec) -> str:
    return "binary" if spec.scorer in ("choice", "includes") else SCORERS[spec.scorer]


def expected(spec: Spec) -> Expected:
    total = spec.items * spec.epochs
    errors = sum(1 for row in spec.plan for s in row if s == ERROR)
    out = Expected(total, total - errors)
    kind = kind_of(spec)
    for reducer in spec.reducers or (None,):
        metrics: dict[str, float] = {}
        for part, name in enumerate(METRICS[kind]):
            reduced = [reduce(reducer or "mean", _numbers(row, part)) for row in spec.plan]
            got = [v for v in reduced if v is not None]
            metrics[name] = sum(got) / len(got)
            out.scored_items[reducer] = len(got)
        out.values[reducer] = metrics
    return out
