"""Logs as evidence: a run's log must exist where the submission says, have the sha256 it
gives, and say what the run says (model, task, version, dataset, sample ids, epochs, status);
no two runs may cite one log. Reading happens in the composition layer (`Evidence.logs`);
this module compares.

A log given as a URL cannot be read here: it is not a contradiction, but nothing rests on it
(`log_valid` does not pass on an unread log)."""

from __future__ import annotations

from aiss.conformance.evidence import LogRead, select_score
from aiss.conformance.outcome import Problem
from aiss.conformance.recompute import VALUE_TOLERANCE
from aiss.conformance.samples import RunSamples, canonical
from aiss.conformance.subject import Subject
from aiss.models.results import Run


def _names(task: str) -> set[str]:
    return {task, task.rsplit("/", 1)[-1]}


def _run_problem(i: int, run: Run, part: tuple[str, ...], code: str, message: str) -> Problem:
    return Problem(
        ("runs", i, *part),
        code,
        f"run {run.id}: {message}",
        procedure=run.procedure,
        run=run.id,
    )


def _shown(score: float | None) -> str:
    return "unscored" if score is None else f"{score:g}"


def _score_differences(
    own: RunSamples, logged: RunSamples
) -> list[tuple[tuple[str, int], float | None, float | None]]:
    """(item, epoch), submitted score, logged score for every record whose score differs."""
    theirs = logged.by_key()
    out = []
    for key, mine in own.by_key().items():
        other = theirs.get(key, mine)
        same = other == mine or (
            mine is not None and other is not None and abs(mine - other) <= 1e-9
        )
        if not same:
            out.append((key, mine, other))
    return sorted(out)


def header_disagreements(run: Run, read: LogRead, s: Subject) -> list[tuple[tuple[str, ...], str]]:
    """(where in the run, what differs) for every field the log's header contradicts."""
    h = read.header
    if h is None:
        return []
    out: list[tuple[tuple[str, ...], str]] = []
    if h.model != run.model:
        out.append((("model",), f"the log's model is {h.model!r}, the run says {run.model!r}"))
    if run.task is not None:
        if not (_names(run.task.name) & (_names(h.task) | _names(h.registry_name or h.task))):
            out.append(
                (("task", "name"), f"the log's task is {h.task!r}, the run says {run.task.name!r}")
            )
        if run.task.version is not None and str(run.task.version) != str(h.task_version):
            out.append(
                (
                    ("task", "version"),
                    f"the log's task version is {h.task_version!r}, the run says {run.task.version!r}",
                )
            )
    if h.epochs != run.epochs:
        out.append((("epochs",), f"the log ran {h.epochs} epoch(s), the run says {run.epochs}"))
    if h.status != run.status:
        out.append((("status",), f"the log's status is {h.status!r}, the run says {run.status!r}"))
    counts = run.counts
    for name, in_log in (
        ("total_samples", h.total_samples),
        ("completed_samples", h.completed_samples),
    ):
        claimed = getattr(counts, name) if counts is not None else None
        if in_log is not None and claimed is not None and in_log != claimed:
            out.append(
                (
                    ("counts", name),
                    f"the log's results have {name} {in_log:,}, the run says {claimed:,}",
                )
            )
    ds = run.dataset
    if (
        ds is not None
        and ds.samples is not None
        and h.dataset_samples is not None
        and ds.samples != h.dataset_samples
    ):
        out.append(
            (
                ("dataset", "samples"),
                f"the log's dataset has {h.dataset_samples:,} items, the run says {ds.samples:,}",
            )
        )
    if h.sample_ids is not None:
        logged = set(h.sample_ids)
        if (
            run.counts is not None
            and run.counts.items is not None
            and run.counts.items != len(logged)
        ):
            out.append(
                (
                    ("counts", "items"),
                    f"the log covers {len(logged):,} items, the run says {run.counts.items:,}",
                )
            )
        own = s.samples.get(run.id)
        if own is not None and own.items() != logged:
            only_file = len(own.items() - logged)
            only_log = len(logged - own.items())
            out.append(
                (
                    ("samples",),
                    f"the sample records are not the log's samples ({only_file:,} only in the "
                    f"submission, {only_log:,} only in the log)",
                )
            )
        if own is not None and read.samples is not None and own.items() == logged:
            differ = _score_differences(own, read.samples)
            if differ:
                (sid, epoch), mine, theirs = differ[0]
                out.append(
                    (
                        ("samples",),
                        f"{len(differ):,} sample score(s) differ from the log's (first: {sid} "
                        f"epoch {epoch} is {_shown(mine)} in the submission, {_shown(theirs)} "
                        "in the log)",
                    )
                )
        if read.samples is not None and read.samples.items() - logged:
            out.append(
                (
                    (),
                    "the log's header lists other sample ids than its samples hold (an edited "
                    "log?)",
                )
            )
    return out


def log_problems(s: Subject) -> list[Problem]:
    """Every way a run's log contradicts the run, or is missing."""
    out: list[Problem] = []
    cited: dict[str, tuple[int, Run]] = {}
    for i, run in enumerate(s.sub.runs):
        if run.log is None:
            continue
        read = s.evidence.logs.get(run.id)
        keys = [run.log.uri] + ([run.log.sha256] if run.log.sha256 else [])
        if read is not None and read.sha256:
            keys.append(read.sha256)
        for key in keys:
            if key in cited and cited[key][1].id != run.id:
                other = cited[key][1]
                out.append(
                    _run_problem(
                        i,
                        run,
                        ("log",),
                        "log-cited-twice",
                        f"cites the log of run {other.id} ({run.log.uri}); every run has a log "
                        "of its own",
                    )
                )
                break
        for key in keys:
            cited.setdefault(key, (i, run))
        if read is None:
            continue
        if read.state == "missing":
            out.append(
                _run_problem(
                    i, run, ("log", "uri"), "log-not-found", f"{read.display}: {read.problem}"
                )
            )
        elif read.state == "unreadable":
            out.append(
                _run_problem(
                    i, run, ("log", "uri"), "log-unreadable", f"{read.display}: {read.problem}"
                )
            )
        if read.verified and read.sha256 and run.log.sha256 and read.sha256 != run.log.sha256:
            out.append(
                _run_problem(
                    i,
                    run,
                    ("log", "sha256"),
                    "log-sha256-mismatch",
                    f"{read.display} has sha256 {read.sha256[:12]}..., the submission says "
                    f"{run.log.sha256[:12]}...",
                )
            )
        for part, message in header_disagreements(run, read, s):
            out.append(_run_problem(i, run, part, "log-disagrees-with-run", message))
    return out


def metric_log_problems(s: Subject) -> list[Problem]:
    """Metric results whose value differs from what Inspect computed in the run's log
    (`results.scores[]`, through the metric's `inspect_mapping`)."""
    out: list[Problem] = []
    for j, mr in enumerate(s.sub.metric_results):
        metric = s.metric(mr.metric)
        found = s.run_by_id(mr.run) if mr.run else None
        if metric is None or metric.inspect_mapping is None or found is None:
            continue
        _, run = found
        read = s.evidence.logs.get(run.id)
        h = read.header if read is not None else None
        if h is None:
            continue
        m = metric.inspect_mapping
        entry = select_score(h.scores, h.epochs, m.scorer, m.reducer)
        logged = entry.metrics.get(m.metric) if entry is not None else None
        if logged is None or logged != logged or mr.value is None:
            continue
        if abs(logged - mr.value) > VALUE_TOLERANCE:
            what = f"{entry.name if entry else m.scorer}/{m.metric}" + (
                f" ({m.reducer})" if m.reducer else ""
            )
            out.append(
                Problem(
                    ("metric_results", j, "value"),
                    "value-disagrees-with-log",
                    f"{metric.id} of run {run.id} is submitted as {mr.value:.6g}; its log's "
                    f"results give {what} = {logged:.6g}",
                    hint="report the value Inspect computed, or cite the log of this run",
                    procedure=run.procedure,
                    run=run.id,
                )
            )
    return out


def canonical_ids(ids: tuple[str | int, ...]) -> tuple[str, ...]:
    return tuple(canonical(x) for x in ids)
