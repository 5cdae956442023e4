"""One Inspect log -> one run of a result submission: identity, settings, counts, samples."""

from __future__ import annotations

import hashlib
import math
from typing import Any

from aiss.importers.inspect_log import InspectLog, ScoreSummary
from aiss.models.common import Tlp
from aiss.models.procedures import Metric, TestProcedure
from aiss.models.results import (
    Counts,
    DatasetIdentity,
    LogRef,
    MetricValue,
    Run,
    RunLimits,
    RunScore,
    SampleRecord,
    TaskIdentity,
    TokenUsage,
)


def score_summary(log: InspectLog, scorer: str, reducer: str | None) -> ScoreSummary | None:
    """The `results.scores[]` entry for a scorer (`*`: the first) after an epoch reducer."""
    if scorer == "*":
        if not log.scores:
            return None
        scorer = log.scores[0].name
    named = [s for s in log.scores if scorer in (s.name, s.scorer)]
    exact = [s for s in named if s.reducer == reducer]
    if exact:
        return exact[0]
    # one epoch: Inspect writes no reducer, and any reducer of a single value is that value
    single = named and all(s.reducer is None for s in named)
    return named[0] if named and (reducer is None or single) else None


def finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def _sample_scorer(log: InspectLog, metrics: list[Metric]) -> str | None:
    for m in metrics:
        if m.inspect_mapping is not None:
            name = m.inspect_mapping.scorer
            return (log.scorers[0] if log.scorers else None) if name == "*" else name
    return None


def _samples(log: InspectLog, scorer: str | None) -> list[SampleRecord] | None:
    if log.samples is None or scorer is None:
        return None
    out = []
    for s in log.samples:
        value = s.scores.get(scorer)
        raw = value.raw if value else None
        score: Any = raw if raw in ("C", "I", "P", "N") else (value.numeric if value else None)
        out.append(
            SampleRecord(
                id=s.id,
                epoch=s.epoch,
                score=score,
                refusal=True if value is not None and value.refusal else None,
                error=s.error[:300] if s.error else None,
            )
        )
    return out


def _counts(
    log: InspectLog, records: list[SampleRecord] | None, summary: ScoreSummary | None
) -> Counts:
    items = len(set(log.sample_ids)) if log.sample_ids else None
    if items is None and records is not None:
        items = len({r.id for r in records})
    errored = sum(1 for r in records if r.error) if records is not None else None
    if errored is None and log.total_samples is not None and log.completed_samples is not None:
        errored = log.total_samples - log.completed_samples
    return Counts(
        items=items,
        total_samples=log.total_samples,
        completed_samples=log.completed_samples,
        scored_samples=summary.scored_samples if summary else None,
        unscored_samples=summary.unscored_samples if summary else None,
        errored_samples=errored,
        refusals=sum(1 for r in records if r.refusal) if records is not None else None,
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
    records = _samples(log, scorer)
    mapped = metrics[0].inspect_mapping if metrics and metrics[0].inspect_mapping else None
    summary = score_summary(log, mapped.scorer, mapped.reducer) if mapped else None
    task = proc.implementation.task or log.task
    ids = sorted(str(i) for i in log.sample_ids) if log.sample_ids else None
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
            registry=task.split("/", 1)[0] if "/" in task else None,
            version=log.task_version,
        ),
        dataset=DatasetIdentity(
            name=log.dataset_name or log.task,
            location=log.dataset_location,
            samples=log.dataset_samples,
            sample_ids_sha256=hashlib.sha256("\n".join(ids).encode()).hexdigest() if ids else None,
        ),
        generate_config=dict(log.generate_config),
        limits=RunLimits(**log.limits) if log.limits else None,
        epochs=log.epochs,
        epochs_reducer=list(log.epochs_reducer or []),
        counts=_counts(log, records, summary),
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
