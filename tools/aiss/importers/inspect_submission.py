"""Inspect eval logs -> a result submission for one standard version (no inspect_ai needed).

Each log becomes one run of the procedure whose `implementation.task` names the log's task
(compared with and without the registry prefix, e.g. `inspect_evals/cybench` and `cybench`).
Each metric of that procedure with an `inspect_mapping` becomes a metric result: the value
from `results.scores[]` (scorer name, or the first scorer for `*`; the named epoch reducer),
counts from the log, and the interval the standard declares, computed from the per-sample
scores of the mapped scorer, which the run also carries. Logs whose status is `error`,
`cancelled` or `started` are imported with that status; the check says what they affect.
Fields a log cannot know (submitter, access level, the scaffold and the rest of the
elicitation, claims) are left out, and the checks that need them say so; the tools the model
was offered are what the system under test's logs' model calls record, when they record any.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import cast

from aiss.conformance.recompute import recompute
from aiss.conformance.samples import RunSamples, add_records
from aiss.diagnostics import Diagnostic, Severity, at
from aiss.importers.inspect_log import InspectLog
from aiss.importers.inspect_runs import finite, log_run, score_summary
from aiss.models.common import SCHEMA_VERSION, Tlp
from aiss.models.procedures import Metric, TestProcedure
from aiss.models.results import (
    IntervalMethod,
    IntervalValue,
    MetricResult,
    Run,
)
from aiss.models.standard import Standard
from aiss.models.submission import (
    Elicitation,
    Environment,
    Marking,
    ModelIdentity,
    ReferenceModel,
    ResultSubmission,
    Revision,
    StandardClaim,
    SystemUnderTest,
)


@dataclass
class Imported:
    """The submission built from the logs (None when no log matched) and what was noticed."""

    submission: ResultSubmission | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _names(task: str) -> set[str]:
    return {task, task.rsplit("/", 1)[-1]}


def match_procedure(std: Standard, log: InspectLog) -> TestProcedure | None:
    """The procedure whose pinned task is the log's task."""
    got = _names(log.task) | (_names(log.task_registry_name) if log.task_registry_name else set())
    for proc in std.test_procedures:
        task = proc.implementation.task
        if task and _names(task) & got:
            return proc
    return None


def _metric_result(
    run: Run, metric: Metric, log: InspectLog, display: str
) -> tuple[MetricResult | None, Diagnostic | None]:
    mapping = metric.inspect_mapping
    assert mapping is not None
    summary = score_summary(log, mapping.scorer, mapping.reducer)
    value = finite(summary.metrics.get(mapping.metric)) if summary else None
    if value is None:
        if not log.scores:  # no results at all (an errored run): the run status explains
            return None, None
        what = f"scorer {mapping.scorer!r}" + (
            f" (reducer {mapping.reducer})" if mapping.reducer else ""
        )
        return None, at(
            display,
            0,
            0,
            "metric-not-in-log",
            f"{metric.id}: no metric {mapping.metric!r} of {what} in the log",
            severity=Severity.WARNING,
        )
    ci = None
    n_scored = None
    if run.samples:
        table = RunSamples()
        records = (s.model_dump(exclude_none=True) for s in run.samples)
        add_records(table, records, default_scorer=run.sample_scorer)
        mine = (
            table
            if mapping.scorer in ("*", run.sample_scorer)
            else table.others.get(mapping.scorer)
        )
        if mine is not None:
            n_scored = mine.scored
            rec = recompute(mine, metric)
            if rec is not None and rec.interval is not None:
                iv = rec.interval
                method = cast(IntervalMethod, iv.method)
                ci = IntervalValue(lower=iv.lower, upper=iv.upper, level=iv.level, method=method)
    return (
        MetricResult(
            metric=metric.id,
            run=run.id,
            value=value,
            ci=ci,
            stderr=finite(summary.metrics.get("stderr")) if summary else None,
            n_items=run.counts.items if run.counts else None,
            n_epochs=run.epochs,
            n_scored=n_scored,
            estimand=metric.estimand,
        ),
        None,
    )


def _same_settings(a: Run, b: Run) -> bool:
    return (a.generate_config, a.limits, a.epochs) == (b.generate_config, b.limits, b.epochs)


def build_submission(
    std: Standard,
    logs: list[tuple[str, InspectLog]],
    *,
    standard_sha256: str | None = None,
    marking: Tlp = Tlp.AMBER_STRICT,
    uri: Callable[[str], str] = str,
    system: Mapping[str, str] | None = None,
    org: str | None = None,
) -> Imported:
    """One submission from `logs` (display path, log); the first log's model is the SUT.
    `system` gives what no log records about the system under test (`system_type`,
    `access_level`, `mitigation_state`), as the evaluator states it; `org` the organisation
    that ran the logs (each run's `org`, and the one evaluating organisation)."""
    out = Imported(None)
    runs: list[Run] = []
    used: list[tuple[Run, InspectLog]] = []  # each run with the log it was made from
    results: list[MetricResult] = []
    for display, log in logs:
        proc = match_procedure(std, log)
        if proc is None:
            out.diagnostics.append(
                at(
                    display,
                    0,
                    0,
                    "log-not-matched",
                    f"task {log.task!r} is not the task of any procedure of {std.ref}",
                    severity=Severity.WARNING,
                )
            )
            continue
        taken = {r.id for r in runs}
        run_id = next(
            i
            for n in range(1, len(runs) + 2)
            if (i := proc.id.lower() + ("" if n == 1 else f"-{n}")) not in taken
        )
        metrics = [m for m in std.metrics if m.procedure == proc.id and m.inspect_mapping]
        run = log_run(run_id, proc, log, uri(display), marking, metrics)
        runs.append(run)
        used.append((run, log))
        for metric in metrics:
            mr, problem = _metric_result(run, metric, log, display)
            results += [mr] if mr else []
            out.diagnostics += [problem] if problem else []
    if not runs:
        shown = logs[0][0] if logs else "-"
        out.diagnostics.append(
            at(
                shown,
                0,
                0,
                "no-log-matched",
                f"none of the logs is a run of a procedure of {std.ref}",
            )
        )
        return out
    sut = runs[0].model
    first = {r.procedure: r for r in reversed(runs) if r.model == sut}
    refs: dict[str, bool] = {}
    for r in runs:
        if r.model != sut:
            same = r.procedure in first and _same_settings(r, first[r.procedure])
            refs[r.model] = refs.get(r.model, True) and same
    head = logs[0][1]
    digests = ",".join(sorted(r.log.sha256 for r in runs if r.log and r.log.sha256))
    offered = sorted(
        {t for r, log in used if r.model == sut for x in log.samples or () for t in x.tools or ()}
    )
    out.submission = ResultSubmission(
        schema_version=SCHEMA_VERSION,
        kind="ResultSubmission",
        submission_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"aiss:{std.ref}:{digests}")),
        standard=StandardClaim(id=std.id, version=std.version, sha256=standard_sha256),
        marking=Marking(tlp=marking),
        system_under_test=SystemUnderTest.model_validate(
            {"model": ModelIdentity(provider_id=sut), **(system or {})}
        ),
        reference_models=[ReferenceModel(model=m, same_settings=s) for m, s in refs.items()],
        environment=Environment(
            harness=f"inspect_ai=={head.packages['inspect_ai']}"
            if "inspect_ai" in head.packages
            else None,
            packages=dict(head.packages),
            revision=_revision(head),
        ),
        elicitation=Elicitation(tools=offered) if offered else None,
        runs=[r.model_copy(update={"org": org}) for r in runs] if org else runs,
        evaluating_orgs=[org] if org else [],
        metric_results=results,
    )
    return out


def _revision(log: InspectLog) -> Revision | None:
    rev = log.revision
    if not rev:
        return None
    origin, commit, dirty = rev.get("origin"), rev.get("commit"), rev.get("dirty")
    return Revision(
        type="git" if rev.get("type") == "git" else "other",
        origin=origin if isinstance(origin, str) and origin else None,
        commit=commit if isinstance(commit, str) and commit else None,
        dirty=dirty if isinstance(dirty, bool) else None,
    )
