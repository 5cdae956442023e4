"""`aiss compare`: two or more submissions of the same standard version reconciled, metric by
metric (values, the difference and its interval, consistent or not), item by item (which items
both ran), pin by pin (every setting that differs) and requirement by requirement (each
submission through the one check path, `check_submission`).

The statistics are `aiss.conformance.differences`; this module reads the files and builds the
output contract (`aiss.catalog.contracts.CompareReportOut`) the reporters print.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from pydantic import JsonValue

from aiss.catalog.contracts import (
    CompareDifferenceOut,
    CompareInputOut,
    CompareMetricOut,
    CompareOverlapOut,
    ComparePairOut,
    CompareReportOut,
    CompareRequirementOut,
    CompareSettingOut,
    CompareValueOut,
    SettingSource,
)
from aiss.compose.check import ParsedSubmission, check_with_evidence
from aiss.compose.registries import Trust, registry_trust
from aiss.compose.tables import KINDS
from aiss.conformance import differences as dif
from aiss.conformance.evidence import LogHeader, LogRead
from aiss.conformance.intake import Intake, parse_submission
from aiss.conformance.pipeline import Standards
from aiss.conformance.report import ConformanceReport, RecomputeRow
from aiss.conformance.samples import RunSamples
from aiss.conformance.settings import logged, read_header
from aiss.conformance.subject import refutes
from aiss.diagnostics import Diagnostic
from aiss.errors import UsageError
from aiss.loading import read_file
from aiss.models.checks import SettingName
from aiss.models.common import Tlp
from aiss.models.procedures import Metric
from aiss.models.results import MetricResult, Run
from aiss.models.submission import ResultSubmission
from aiss.settings import VERSION
from aiss.source import DEFAULT_LIMITS, Limits
from aiss.validation.rules.organisations import evaluating_orgs


@dataclass
class Side:
    """One submission read for comparison: the model, its per-sample tables, its report."""

    path: str
    submission: ResultSubmission
    samples: dict[str, RunSamples]
    """Run id -> its per-sample records: the submission's own, else its read log's."""
    report: ConformanceReport
    logs: Mapping[str, LogRead] = field(default_factory=dict)
    """Run id -> what reading its log gave, as the check read it."""


class CompareError(UsageError):
    """A submission cannot be compared (unreadable or invalid): the tool cannot run (exit 2)."""


def _problems(diags: list[Diagnostic]) -> str:
    errors = [d for d in diags if d.is_error][:3]
    return "; ".join(f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}" for d in errors)


def read_side(
    path: Path, standards: Standards, limits: Limits = DEFAULT_LIMITS, trust: Trust | None = None
) -> Side:
    """A submission file with its samples file attached, and its conformance report."""
    rf = read_file(path, max_bytes=limits.max_bytes)
    if rf.raw is None:
        assert rf.problem is not None
        raise CompareError(rf.problem.message)
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    intake: Intake = parse_submission(rf.display, rf.raw, KINDS, fmt=fmt, limits=limits)
    sub = intake.submission
    if sub is None or intake.refused or any(d.is_error for d in intake.diagnostics):
        raise CompareError(
            f"{rf.display} is not a valid submission, so it cannot be compared: "
            f"{_problems(intake.diagnostics) or 'refused'} (run `aiss validate {rf.display}`)"
        )
    # the check path attaches the samples file to this intake: the file is parsed once
    approvals, organisations, keys = trust or registry_trust(standards, limits)
    report, evidence = check_with_evidence(
        ParsedSubmission(intake, path.parent),
        standards,
        limits=limits,
        approvals=approvals,
        organisations=organisations,
        keys=keys,
    )
    samples = dict(intake.samples)
    for rid, read in evidence.logs.items():
        # a run without records of its own, or with records its log refutes: its log's
        if read.state == "read" and read.samples is not None:
            if refutes(read, samples.get(rid)):
                samples[rid] = read.samples
            samples.setdefault(rid, read.samples)
    return Side(rf.display, sub, samples, report, evidence.logs)


def _sut_result(sub: ResultSubmission, metric: str) -> MetricResult | None:
    sut = sub.sut_model
    for mr in sub.metric_results:
        if mr.metric == metric and (mr.model is None or mr.model == sut):
            return mr
    return None


def _run(sub: ResultSubmission, run_id: str | None) -> Run | None:
    return next((r for r in sub.runs if r.id == run_id), None) if run_id else None


def _recomputed(side: Side, mid: str) -> RecomputeRow | None:
    """The check's recomputation of the system under test's `mid`, when it made one."""
    sut = side.submission.sut_model
    return next(
        (
            r
            for r in side.report.recomputed
            if r.metric == mid and r.model == sut and not r.refuted  # records its log refutes
        ),
        None,
    )


def _value(mr: MetricResult, row: RecomputeRow | None) -> CompareValueOut:
    """A side's figures: the check's recomputation where it made one, else the submission's."""
    if row is not None:
        return CompareValueOut(
            value=row.value,
            lower=row.lower,
            upper=row.upper,
            method=row.method,
            n_items=row.n_items,
            n_epochs=row.n_epochs,
            run=row.run,
            source="recomputed",
        )
    ci = mr.ci
    return CompareValueOut(
        value=mr.value,
        lower=ci.lower if ci else None,
        upper=ci.upper if ci else None,
        method=ci.method if ci else None,
        n_items=mr.n_items,
        n_epochs=mr.n_epochs,
        run=mr.run,
    )


def _means(samples: RunSamples | None) -> dict[str, float]:
    return samples.item_means() if samples else {}


def _counts(v: CompareValueOut, mr: MetricResult) -> tuple[int, int] | None:
    """(successes, n) of a single-epoch proportion, when the figures say or imply them."""
    n = v.n_items
    if n is None or n < 1 or (v.n_epochs or 1) != 1 or v.value is None:
        return None
    if v.source == "submitted" and mr.successes is not None:
        return mr.successes, n
    s = v.value * n
    return (round(s), n) if abs(s - round(s)) < 1e-9 else None


def _se(v: CompareValueOut, mr: MetricResult, level: float) -> float | None:
    """The standard error the figures give: the submitted one, else their interval's, of the
    level it was stated at (a recomputed interval is at the metric's `level`)."""
    if v.source == "submitted" and mr.stderr is not None:
        return mr.stderr
    if v.lower is not None and v.upper is not None:
        at = mr.ci.level if v.source == "submitted" and mr.ci else level
        return dif.se_from_interval(v.lower, v.upper, at)
    return None


def _difference(
    a: Side,
    ma: MetricResult,
    va: CompareValueOut,
    b: Side,
    mb: MetricResult,
    vb: CompareValueOut,
    metric: Metric | None,
    level: float,
) -> tuple[dif.Difference | None, str]:
    sa, sb = _means(a.samples.get(ma.run or "")), _means(b.samples.get(mb.run or ""))
    if sa and sb:
        d = dif.paired_means(sa, sb, level)
        if d is not None:
            return d, f"paired on the {d.n_items} items both ran"
    stated = [side for side, v in (("A", va), ("B", vb)) if v.source == "submitted"]
    word = f"; {' and '.join(stated)}'s figures only submitted, not verified" if stated else ""
    proportion = metric is None or metric.unit == "proportion"
    ca, cb = _counts(va, ma), _counts(vb, mb)
    if proportion and ca and cb:
        d = dif.unpaired_proportions(*ca, *cb, level)
        return d, f"unpaired (Newcombe), no shared items{word}"
    se_a, se_b = _se(va, ma, level), _se(vb, mb, level)
    if va.value is not None and vb.value is not None and se_a is not None and se_b is not None:
        return dif.unpaired_normal(va.value, se_a, vb.value, se_b, level), (
            f"unpaired (normal, from the two standard errors){word}"
        )
    return None, "neither per-sample scores, counts nor an interval or standard error"


def _log_digest(side: Side, run: Run) -> str | None:
    """The sha256 of a run's log: of the bytes read, else as the run states it."""
    read = side.logs.get(run.id)
    if read is not None and read.verified and read.sha256:
        return read.sha256
    return run.log.sha256 if run.log else None


def one_evaluation(a: Side, ra: Run, b: Side, rb: Run) -> str | None:
    """What shows that A's run `ra` and B's run `rb` are one evaluation, not two: the same
    log file (its sha256, as read, else as stated), the same Inspect evaluation (the
    `eval_id` of both read logs) or the same sample executions (a sample uuid both read logs
    record); None when nothing does."""
    da, db = _log_digest(a, ra), _log_digest(b, rb)
    if da is not None and da == db:
        return f"the same log, sha256 {da[:12]}..."
    ha, hb = read_header(a.logs, ra), read_header(b.logs, rb)
    if ha is None or hb is None:
        return None
    if ha.eval_id and ha.eval_id == hb.eval_id:
        return f"the same Inspect evaluation, eval_id {ha.eval_id}"
    both = set(ha.sample_uuids) & set(hb.sample_uuids)
    if both:
        return f"the same sample executions ({len(both)} sample uuids in both logs)"
    return None


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def _metric(a: Side, b: Side, mid: str, metric: Metric | None) -> CompareMetricOut | None:
    ma, mb = _sut_result(a.submission, mid), _sut_result(b.submission, mid)
    if ma is None or mb is None:
        return None
    level = metric.uncertainty.level if metric and metric.uncertainty else 0.95
    va, vb = _value(ma, _recomputed(a, mid)), _value(mb, _recomputed(b, mid))
    ra, rb = _run(a.submission, va.run), _run(b.submission, vb.run)
    same = one_evaluation(a, ra, b, rb) if ra is not None and rb is not None else None
    if same is not None:
        assert ra is not None and rb is not None
        return CompareMetricOut(
            metric=mid,
            a=va,
            b=vb,
            difference=None,
            verdict="not_compared",
            reason=f"not compared: A's run {ra.id} and B's run {rb.id} rest on {same}, so "
            "they are one result, not two",
        )
    d, basis = _difference(a, ma, va, b, mb, vb, metric, level)
    if d is None:
        return CompareMetricOut(
            metric=mid,
            a=va,
            b=vb,
            difference=None,
            verdict="not_compared",
            reason=f"not compared: {basis}",
        )
    iv = d.interval
    where = "contains" if d.consistent else "excludes"
    reason = (
        f"A - B = {_fmt(d.value)}, {level:.0%} interval [{_fmt(iv.lower)}, {_fmt(iv.upper)}] "
        f"{basis}; the interval {where} 0"
    )
    return CompareMetricOut(
        metric=mid,
        a=va,
        b=vb,
        difference=CompareDifferenceOut(
            value=d.value,
            lower=iv.lower,
            upper=iv.upper,
            level=level,
            method=d.method,
            n_items=d.n_items,
            a_value=d.a_value,
            b_value=d.b_value,
        ),
        verdict="consistent" if d.consistent else "inconsistent",
        reason=reason,
    )


def _flat(prefix: str, value: Any, out: dict[str, JsonValue]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flat(f"{prefix}.{k}", v, out)
    else:
        out[prefix] = value


RUN_FIELDS = (
    "model",
    "task",
    "dataset",
    "generate_config",
    "limits",
    "epochs",
    "epochs_reducer",
    "solver",
)
"""The pins and settings of a run that make two results comparable."""


def _logged(header: LogHeader, run: Run) -> dict[str, JsonValue]:
    """Flat field -> value of what a run's read log records of the `RUN_FIELDS` (its task's
    name and version, its dataset's size and sample ids, and, as `settings.logged` reads
    them, its generation settings, limits and solver plan) and the tools the model was
    offered: these replace what the run states, which its check compared with them."""
    out: dict[str, JsonValue] = {
        "run.model": header.model,
        "run.task.name": header.task,
        "run.task.version": header.task_version,
        "run.epochs": header.epochs,
    }
    if header.dataset_samples is not None:
        out["run.dataset.samples"] = header.dataset_samples
    if header.sample_ids_sha256 is not None:
        out["run.dataset.sample_ids_sha256"] = header.sample_ids_sha256
    names: tuple[SettingName, ...] = ("generate_config", "limits", "solver")
    plain = orjson.loads(orjson.dumps({n: logged(header, run, n) for n in names}, default=str))
    _flat("run.generate_config", plain["generate_config"] or {}, out)
    _flat("run.limits", plain["limits"] or {}, out)
    if plain["solver"]:
        out["run.solver"] = plain["solver"]
    if header.tools is not None:
        out["elicitation.tools"] = list[JsonValue](sorted(header.tools))
    return out


_REPLACED = ("run.generate_config.", "run.limits.", "run.solver")
"""Stated parts a read log replaces whole (a setting it does not record was not given)."""


def settings_of(
    sub: ResultSubmission, run: Run | None, header: LogHeader | None = None
) -> dict[str, tuple[JsonValue, SettingSource]]:
    """Flat field -> (value, where it comes from): the run's pins and settings (as its read
    log, of `header`, records them where it does), elicitation, harness and sandbox."""
    out: dict[str, JsonValue] = {}
    if run is not None:
        data = run.model_dump(mode="json", include=set(RUN_FIELDS), exclude_none=True)
        for k, v in data.items():
            if k == "solver":
                out["run.solver"] = v
            else:
                _flat(f"run.{k}", v, out)
    el = sub.elicitation.model_dump(mode="json", exclude_none=True) if sub.elicitation else {}
    for k in ("scaffold", "tools", "system_prompt_class", "iterations"):
        if k in el:
            out[f"elicitation.{k}"] = el[k]
    env = sub.environment
    if env is not None and env.harness:
        out["environment.harness"] = env.harness
    if env is not None and env.sandbox is not None:
        _flat("environment.sandbox", env.sandbox.model_dump(mode="json", exclude_none=True), out)
    shown: dict[str, tuple[JsonValue, SettingSource]] = {
        k: (v, "submission") for k, v in out.items()
    }
    if header is not None and run is not None:
        for k in [k for k in shown if k.startswith(_REPLACED)]:
            del shown[k]
        shown |= {k: (v, "log") for k, v in _logged(header, run).items()}
    return shown


def _setting_diffs(
    a: dict[str, tuple[JsonValue, SettingSource]], b: dict[str, tuple[JsonValue, SettingSource]]
) -> list[CompareSettingOut]:
    out = []
    for k in sorted(set(a) | set(b)):
        (va, fa), (vb, fb) = a.get(k, (None, "submission")), b.get(k, (None, "submission"))
        if va != vb:
            out.append(CompareSettingOut(field=k, a=va, b=vb, a_from=fa, b_from=fb))
    return out


def _overlap(a: Side, ra: Run, b: Side, rb: Run) -> CompareOverlapOut | None:
    ta, tb = a.samples.get(ra.id), b.samples.get(rb.id)
    if ta is None or tb is None:
        return None
    ia, ib = {str(i) for i in ta.items()}, {str(i) for i in tb.items()}
    return CompareOverlapOut(
        run_a=ra.id,
        run_b=rb.id,
        shared=len(ia & ib),
        only_a=sorted(ia - ib),
        only_b=sorted(ib - ia),
    )


def _requirements(a: ConformanceReport, b: ConformanceReport) -> list[CompareRequirementOut]:
    va = {v.id: v for v in a.requirements}
    vb = {v.id: v for v in b.requirements}
    out = []
    for rid in list(dict.fromkeys([*va, *vb])):
        x, y = va.get(rid), vb.get(rid)
        either = x or y
        assert either is not None
        level = either.level
        out.append(
            CompareRequirementOut(
                id=rid,
                level=str(level),
                a=x.verdict.value if x else None,
                b=y.verdict.value if y else None,
                agree=(x.verdict if x else None) == (y.verdict if y else None),
            )
        )
    return out


def _pair(a: Side, b: Side, standards: Standards) -> ComparePairOut:
    sa, sb = a.submission, b.submission
    ref_a = f"{sa.standard.id}@{sa.standard.version}"
    ref_b = f"{sb.standard.id}@{sb.standard.version}"
    notes: list[str] = []
    same_standard = ref_a == ref_b
    if not same_standard:
        notes.append(
            f"different standard versions ({ref_a} and {ref_b}): only metrics of the same id are "
            "compared, and their definitions may differ"
        )
    same_model = sa.sut_model == sb.sut_model
    if not same_model:
        notes.append(f"different systems under test ({sa.sut_model} and {sb.sut_model})")
    entry = standards.get(sa.standard.id, sa.standard.version)
    defs = {m.id: m for m in entry.standard.metrics} if entry else {}
    ids = [m.metric for m in sa.metric_results if _sut_result(sb, m.metric) is not None]
    metrics = [m for mid in dict.fromkeys(ids) if (m := _metric(a, b, mid, defs.get(mid)))]
    overlap: list[CompareOverlapOut] = []
    settings: list[CompareSettingOut] = []
    seen: set[tuple[str, str]] = set()
    shared: list[str] = []  # the runs compared that are one evaluation, and what shows it
    for m in metrics:
        ra, rb = _run(sa, m.a.run), _run(sb, m.b.run)
        if ra is None or rb is None or (ra.id, rb.id) in seen:
            continue
        seen.add((ra.id, rb.id))
        same = one_evaluation(a, ra, b, rb)
        if same is not None:
            shared.append(f"A's run {ra.id} and B's run {rb.id} rest on {same}")
        ov = _overlap(a, ra, b, rb)
        overlap += [ov] if ov else []
        settings += _setting_diffs(
            settings_of(sa, ra, read_header(a.logs, ra)),
            settings_of(sb, rb, read_header(b.logs, rb)),
        )
    if not metrics:
        notes.append("no metric is reported by both")
        settings = _setting_diffs(settings_of(sa, None), settings_of(sb, None))
    if shared:
        notes.append(
            f"{'; '.join(shared)}: the two submissions are not independent results, and "
            "their agreement shows nothing"
        )
    not_compared = [m.metric for m in metrics if m.verdict == "not_compared"]
    if not_compared:
        notes.append(f"not compared (see each metric's reason): {', '.join(not_compared)}")
    reqs = _requirements(a.report, b.report)
    consistent = (
        not shared
        and all(m.verdict != "inconsistent" for m in metrics)
        and all(r.agree for r in reqs)
    )
    return ComparePairOut(
        a=a.path,
        b=b.path,
        same_standard=same_standard,
        same_model=same_model,
        notes=notes,
        metrics=metrics,
        overlap=overlap,
        settings=settings,
        requirements=reqs,
        consistent=consistent,
    )


def compare(
    paths: list[Path], standards: Standards, limits: Limits = DEFAULT_LIMITS
) -> CompareReportOut:
    """Every pair of the submissions at `paths` reconciled; CompareError when one cannot be read."""
    if len(paths) < 2:
        raise UsageError("compare needs at least two submissions")
    trust = registry_trust(standards, limits)
    sides = [read_side(p, standards, limits, trust) for p in paths]
    pairs = [
        _pair(sides[i], sides[j], standards)
        for i in range(len(sides))
        for j in range(i + 1, len(sides))
    ]
    inputs = [
        CompareInputOut(
            path=s.path,
            standard=f"{s.submission.standard.id}@{s.submission.standard.version}",
            model=s.submission.sut_model,
            orgs=evaluating_orgs(s.submission),
            marking=s.report.marking.value,
        )
        for s in sides
    ]
    marking = Tlp.most_restrictive([s.report.marking for s in sides])
    return CompareReportOut(
        version=VERSION,
        marking=marking.value,
        submissions=inputs,
        pairs=pairs,
        consistent=all(p.consistent for p in pairs),
    )
