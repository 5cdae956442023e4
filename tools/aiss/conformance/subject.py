"""What a check looks at: one submission, its sample tables, and the standard version claimed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from aiss.conformance.estimates import Estimate, estimate
from aiss.conformance.evidence import Evidence, LogRead
from aiss.conformance.recompute import Recomputed, recompute
from aiss.conformance.samples import RunSamples, record_disagreements
from aiss.models.claims import Claim
from aiss.models.procedures import Metric, TestProcedure
from aiss.models.results import MetricResult, Run
from aiss.models.standard import Standard
from aiss.models.submission import ResultSubmission

Loc = tuple[str | int, ...]
T = TypeVar("T", TestProcedure, Metric)


def _first_by_id(items: list[T]) -> dict[str, T]:
    out: dict[str, T] = {}
    for item in items:
        out.setdefault(item.id, item)
    return out


def refutes(read: LogRead | None, own: RunSamples | None, said: list[str] | None = None) -> bool:
    """Whether the log read for a run refutes the run's own per-sample records, that is
    says that what they record did not happen: where the log holds samples, records other
    than those samples (items, epochs, scores, of any scorer: `logs.header_disagreements`
    says how); where it holds none, a record of an item its dataset does not have or at an
    epoch it did not run (a partial run's records cover fewer items than its header lists:
    that refutes nothing). Refuted records are no evidence: nothing verified or estimated
    rests on them (`Subject.refutes_records`), and a comparison pairs on the log's samples
    instead. `said`: the records' disagreements with the log's samples, when already known
    (`samples.record_disagreements`)."""
    h = read.header if read is not None else None
    if own is None or read is None or h is None:
        return False
    logged = read.samples
    if logged is not None:
        if own.items() != logged.items():
            return True
        return bool(said if said is not None else record_disagreements(own, logged))
    if h.sample_ids is not None and not own.items() <= set(h.sample_ids):
        return True
    return own.beyond(h.epochs)[0] > 0


@dataclass
class Subject:
    """A submission and the standard it claims, with lookups the checks share."""

    sub: ResultSubmission
    std: Standard
    samples: Mapping[str, RunSamples] = field(default_factory=dict)
    """Run id -> the per-sample records the submission carries (inline or samples file)."""
    evidence: Evidence = field(default_factory=Evidence)
    """What reading the logs and verifying attestations gave."""
    findings_bands: dict[str, str | None] = field(default_factory=dict)
    """Metric id -> band label, filled in after the findings, for escalation conditions."""
    findings_verified: dict[str, bool] = field(default_factory=dict)
    """Metric id -> whether its finding was read on verified figures (`Finding.verified`)."""
    _refuted: dict[str, bool] = field(default_factory=dict)
    _disagreements: dict[str, list[str]] = field(default_factory=dict)
    _recomputed: dict[tuple[str, str], tuple[Recomputed, str] | None] = field(default_factory=dict)
    _data: dict[str, Any] | None = None

    def data(self) -> dict[str, Any]:
        """The submission as plain data (sample records left out), for dotted paths."""
        if self._data is None:
            self._data = self.sub.model_dump(
                mode="json", exclude_none=True, exclude={"runs": {"__all__": {"samples"}}}
            )
        return self._data

    # lookups by id, made once a subject (the checks of one submission ask each dozens of
    # times); the first of two with one id is the one found, as a scan finds it
    @cached_property
    def _procedures(self) -> dict[str, TestProcedure]:
        return _first_by_id(self.std.test_procedures)

    @cached_property
    def _metrics(self) -> dict[str, Metric]:
        return _first_by_id(self.std.metrics)

    @cached_property
    def _runs(self) -> dict[str, tuple[int, Run]]:
        out: dict[str, tuple[int, Run]] = {}
        for i, r in enumerate(self.sub.runs):
            out.setdefault(r.id, (i, r))
        return out

    @cached_property
    def _references(self) -> set[str]:
        return self.sub.reference_model_ids()

    @property
    def sut(self) -> str | None:
        return self.sub.sut_model

    @property
    def issuers(self) -> set[str]:
        return set(self.std.issuers)

    def procedure(self, pid: str) -> TestProcedure | None:
        return self._procedures.get(pid)

    def metric(self, mid: str) -> Metric | None:
        return self._metrics.get(mid)

    def is_reference(self, model: str) -> bool:
        return model != self.sut and model in self._references

    def runs(self, pid: str | None = None, *, reference: bool = False) -> list[tuple[int, Run]]:
        """Runs of procedure `pid` (all when None) on the system under test, or on references."""
        return [
            (i, r)
            for i, r in enumerate(self.sub.runs)
            if (pid is None or r.procedure == pid) and self.is_reference(r.model) == reference
        ]

    def table(self, run: Run, scorer: str | None = None) -> RunSamples | None:
        """The per-sample records of `run` for `scorer` (its sample scorer when None): those
        the submission carries, else those of its log, when the checker read it."""
        own = self.samples.get(run.id)
        if own is None:
            read = self.evidence.logs.get(run.id)
            own = read.samples if read is not None else None
        if own is None:
            return None
        if scorer is None or scorer == (run.sample_scorer or scorer):
            return own
        return own.others.get(scorer)

    def run_by_id(self, rid: str) -> tuple[int, Run] | None:
        return self._runs.get(rid)

    def claim(self, rid: str) -> tuple[int, Claim] | None:
        return next(((i, c) for i, c in enumerate(self.sub.claims) if c.requirement == rid), None)

    def result_model(self, mr: MetricResult) -> str | None:
        if mr.model is not None:
            return mr.model
        found = self.run_by_id(mr.run) if mr.run else None
        return found[1].model if found else self.sut

    def metric_result(self, mid: str, model: str | None = None) -> tuple[int, MetricResult] | None:
        """The result for metric `mid` on `model` (the system under test when None)."""
        target = model or self.sut
        for i, mr in enumerate(self.sub.metric_results):
            if mr.metric != mid:
                continue
            owner = self.result_model(mr)
            if owner == target or (model is None and not self.is_reference(owner or "")):
                return i, mr
        return None

    def metric_run(self, metric: Metric, mr: MetricResult | None, model: str | None) -> Run | None:
        """The run a metric's figures come from: the one its result names, else the only run
        of its procedure (by `model`, a reference model's), else None."""
        if mr is not None and mr.run is not None:
            found = self.run_by_id(mr.run)
            return found[1] if found else None
        candidates = [
            r
            for _, r in self.runs(metric.procedure, reference=model is not None)
            if model is None or r.model == model
        ]
        return candidates[0] if len(candidates) == 1 else None

    def recomputed(self, mid: str, model: str | None = None) -> tuple[Recomputed, str] | None:
        """The metric recomputed from per-sample scores, with the run they came from; computed
        once per metric and run, however the run is asked for (by the system under test, by
        the model its records name, or by the metric result's run)."""
        if model == self.sut:
            model = None
        metric = self.metric(mid)
        if metric is None:
            return None
        found = self.metric_result(mid, model)
        run = self.metric_run(metric, found[1] if found else None, model)
        if run is None:
            return None
        key = (mid, run.id)
        if key not in self._recomputed:
            self._recomputed[key] = self._recompute(metric, run)
        return self._recomputed[key]

    def _recompute(self, metric: Metric, run: Run) -> tuple[Recomputed, str] | None:
        mapping = metric.inspect_mapping
        scorer = mapping.scorer if mapping is not None and mapping.scorer != "*" else None
        table = self.table(run, scorer)
        if table is None:
            return None
        rec = recompute(table, metric)
        return (rec, run.id) if rec is not None else None

    def record_disagreements(self, run_id: str) -> list[str]:
        """What the samples of the log read for run `run_id` say against its own records
        (`samples.record_disagreements`), compared once a run; none without both."""
        if run_id not in self._disagreements:
            own, read = self.samples.get(run_id), self.evidence.logs.get(run_id)
            logged = read.samples if read is not None else None
            said = record_disagreements(own, logged) if own and logged else []
            self._disagreements[run_id] = said
        return self._disagreements[run_id]

    def refutes_records(self, run_id: str) -> bool:
        """Whether the log read for run `run_id` refutes its own records (`refutes`), asked
        once a run."""
        if run_id not in self._refuted:
            own, read = self.samples.get(run_id), self.evidence.logs.get(run_id)
            said = self.record_disagreements(run_id) if own is not None else None
            self._refuted[run_id] = refutes(read, own, said)
        return self._refuted[run_id]

    def estimate(self, mid: str, model: str | None = None) -> Estimate:
        metric = self.metric(mid)
        found = self.metric_result(mid, model)
        if metric is None:
            return Estimate(found[1].value if found else None)
        rec = self.recomputed(mid, model)
        if rec is not None and self.refutes_records(rec[1]):
            rec = None  # records its log refutes: the submission's figures, unverified
        return estimate(found[1] if found else None, metric, rec[0] if rec else None)

    def result_loc(self, mid: str, model: str | None = None) -> Loc:
        found = self.metric_result(mid, model)
        return ("metric_results", found[0]) if found else ("metric_results",)
