"""One Inspect log -> one run of a result submission: identity, settings, counts, samples."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from aiss.conformance.evidence import select_score
from aiss.conformance.samples import RunSamples, add_records, canonical, ids_sha256
from aiss.importers.inspect_log import InspectLog, SampleScore, ScoreSummary
from aiss.models.common import Tlp
from aiss.models.procedures import Metric, TestProcedure
from aiss.models.results import (
    Counts,
    DatasetIdentity,
    LogRef,
    MetricValue,
    Run,
    RunLimits,
    RunSandbox,
    RunScore,
    SampleRecord,
    SolverStep,
    TaskIdentity,
    TokenUsage,
)


def score_summary(log: InspectLog, scorer: str, reducer: str | None) -> ScoreSummary | None:
    """The `results.scores[]` entry for a scorer (`*`: the first) after an epoch reducer."""
    return select_score(log.scores, log.epochs, scorer, reducer)


def finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def _sample_scorer(log: InspectLog, metrics: list[Metric]) -> str | None:
    for m in metrics:
        if m.inspect_mapping is not None:
            name = m.inspect_mapping.scorer
            return (log.scorers[0] if log.scorers else None) if name == "*" else name
    return None


def _record(s: SampleScore, scorer: str, named: bool) -> dict[str, Any]:
    value = s.scores.get(scorer)
    raw = value.raw if value else None
    score: Any = raw if raw in ("C", "I", "P", "N") else (value.numeric if value else None)
    out: dict[str, Any] = {"id": s.id, "epoch": s.epoch}
    if named:
        out["scorer"] = scorer
    if score is not None:
        out["score"] = score
    if value is not None and value.refusal:
        out["refusal"] = True
    if s.error:
        out["error"] = s.error[:300]
    return out


def _samples(
    log: InspectLog, scorer: str | None, others: Sequence[str] = ()
) -> list[SampleRecord] | None:
    """The sample records of `scorer` (the run's sample scorer) and of each other scorer a
    mapped metric reads (those name their scorer). None when the log holds no samples
    (written with `log_samples=False`, or none finished), as `sample_table` reads it: its
    counts are then its header's, not zero."""
    if not log.samples or scorer is None:
        return None
    out = [SampleRecord(**_record(s, scorer, False)) for s in log.samples]
    for other in others:
        if other != scorer:
            out += [SampleRecord(**_record(s, other, True)) for s in log.samples]
    return out


def sample_table(log: InspectLog, scorer: str | None) -> RunSamples | None:
    """The log's per-sample scores as a table: `scorer`'s (the first scorer when None) and,
    in `others`, every other scorer's; None when the log holds no samples."""
    if not log.samples:  # written with `log_samples=False`, or no sample finished
        return None
    default = scorer or (log.scorers[0] if log.scorers else None)
    if default is None:
        return None
    table = RunSamples(source=str(log.path))
    records = [_record(s, name, name != default) for name in log.scorers for s in log.samples]
    if default not in log.scorers:
        records = [_record(s, default, False) for s in log.samples] + records
    add_records(table, records, default_scorer=default)
    return table


def _counts(log: InspectLog, records: list[SampleRecord] | None) -> Counts:
    """Counts as the log's sample records give them (samples are items x epochs); without
    records, as its header does."""
    own = [r for r in records if r.scorer is None] if records is not None else None
    items = len(set(log.sample_ids)) if log.sample_ids else None
    if own is not None:
        items = len({canonical(r.id) for r in own})
        errored = sum(1 for r in own if r.error)
        scored = sum(1 for r in own if r.score is not None and not r.error)
        return Counts(
            items=items,
            total_samples=len(own),
            completed_samples=len(own) - errored,
            scored_samples=scored,
            unscored_samples=len(own) - errored - scored,
            errored_samples=errored,
            refusals=sum(1 for r in own if r.refusal or r.score == "N"),
        )
    errored_h = None
    if log.total_samples is not None and log.completed_samples is not None:
        errored_h = log.total_samples - log.completed_samples
    return Counts(
        items=items,
        total_samples=log.total_samples,
        completed_samples=log.completed_samples,
        errored_samples=errored_h,
    )


def _usage(table: dict[str, Any]) -> TokenUsage:
    keys = ("input_tokens", "output_tokens", "total_tokens", "reasoning_tokens")
    values: dict[str, Any] = {k: int(table[k]) for k in keys if k in table}
    if "total_cost" in table:
        values["total_cost"] = float(table["total_cost"])
    return TokenUsage(**values)


def log_run(
    run_id: str, proc: TestProcedure, log: InspectLog, uri: str, marking: Tlp, metrics: list[Metric]
) -> Run:
    scorer = _sample_scorer(log, metrics)
    others = [
        m.inspect_mapping.scorer
        for m in metrics
        if m.inspect_mapping is not None and m.inspect_mapping.scorer not in ("*", scorer)
    ]
    records = _samples(log, scorer, list(dict.fromkeys(others)))
    registry = log.task_registry_name.split("/", 1)[0] if log.task_registry_name else None
    if registry == log.task:
        registry = None
    return Run(
        id=run_id,
        procedure=proc.id,
        model=log.model,
        status=log.status,
        error=log.error_message,
        invalidated=log.invalidated,
        log=LogRef(
            format="inspect_eval" if log.format == "eval" else "inspect_json",
            uri=uri,
            sha256=log.sha256,
            eval_id=log.eval_id,
            run_id=log.run_id,
            marking=marking,
        ),
        task=TaskIdentity(
            name=log.task,
            registry=registry,
            version=log.task_version,
            file=log.task_file,
            args=dict(log.task_args),
        ),
        dataset=DatasetIdentity(
            name=log.dataset_name or log.task,
            location=log.dataset_location,
            samples=log.dataset_samples,
            sample_ids_sha256=ids_sha256(log.sample_ids) if log.sample_ids else None,
        ),
        model_roles=dict(log.model_roles),
        generate_config=dict(log.generate_config),
        solver=[SolverStep(solver=name, params=dict(params)) for name, params in log.solver],
        sandbox=RunSandbox(type=log.sandbox[0], config=log.sandbox[1]) if log.sandbox else None,
        limits=RunLimits(**log.limits) if log.limits else None,
        epochs=log.epochs,
        epochs_reducer=list(log.epochs_reducer or []),
        counts=_counts(log, records),
        scores=[
            RunScore(
                name=s.name,
                scorer=s.scorer,
                reducer=s.reducer,
                scored_samples=s.scored_samples,
                unscored_samples=s.unscored_samples,
                metrics={k: MetricValue(value=finite(v)) for k, v in s.metrics.items()},
            )
            for s in log.scores
        ],
        started_at=log.started_at,
        completed_at=log.completed_at,
        token_usage={m: _usage(dict(u)) for m, u in log.model_usage.items()},
        sample_scorer=scorer if records is not None else None,
        samples=records,
    )
