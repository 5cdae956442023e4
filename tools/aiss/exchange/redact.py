"""A restricted submission -> its public (TLP:CLEAR) summary, which validates and checks like
any submission and names its source by digest.

Kept: the standard claimed, who evaluated, the system under test (its identity and access),
the evaluation window, reference models, each run's pins, settings, counts and score
summaries, and the metric results with their intervals. Generated: a summary of the source's
verdicts and findings (from its check), and a limitation naming the source's sha256.
Removed: per-sample records, logs and their locations, dataset locations, free text in runs
(withheld, below), elicitation details, error texts, safeguard descriptions, attestation statements, limitations and claims not themselves marked
TLP:CLEAR, evidence not marked TLP:CLEAR, and the source's public summary unless it is marked
TLP:CLEAR.

Runs are rebuilt from an allow-list (`_Runs`), never copied and pruned: a field not named
there never reaches the summary. Kept as they are: ids, procedure, model, organisation,
status, numbers (counts, limits, epochs, token usage, scores), times, the task's name and
registry, the dataset's name, size and sample-id digest, the sandbox's egress. Kept when they
have the shape of what they name: task versions, revisions that are commit digests, Inspect
reducer names, enumerated generation settings (`reasoning_effort`, ...), registry-style names
(solver, scorer, metric, sandbox type, parameter keys). Every other string inside a run (a
system prompt in `solver[].params` or `generate_config`, `task.args`, `task.file`,
`model_roles`, `sandbox.config`, a `dataset.revision` that is a name) is replaced by
`[withheld N]`, the same N for the same text: runs that differed in the source still differ,
so a `same_settings` check cannot pass on text the summary no longer carries.
"""

from __future__ import annotations

import re
import uuid

from pydantic import JsonValue

from aiss.conformance.reducers import known as known_reducer
from aiss.conformance.report import ConformanceReport
from aiss.models.common import Tlp
from aiss.models.results import (
    Counts,
    DatasetIdentity,
    MetricValue,
    Run,
    RunLimits,
    RunSandbox,
    RunScore,
    SolverStep,
    TaskIdentity,
    TokenUsage,
)
from aiss.models.submission import (
    DerivedFrom,
    Environment,
    Marking,
    ModelIdentity,
    ReferenceModel,
    ResultSubmission,
    Submitter,
    SystemUnderTest,
)

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:/-]{0,127}$")
"""A registry-style name (solver, scorer, metric, sandbox type, parameter key): no spaces."""
VERSION = re.compile(r"^[0-9]+(?:[.-][A-Za-z0-9]+)*$")
"""A task version: `2`, `1-A`, `0.3.1`."""
DIGEST = re.compile(r"^[0-9a-f]{7,64}$")
"""A commit or content digest."""
GENERATE_ENUMS: dict[str, frozenset[str]] = {
    "reasoning_effort": frozenset({"none", "minimal", "low", "medium", "high", "xhigh"}),
    "reasoning_summary": frozenset({"none", "concise", "detailed", "auto"}),
    "reasoning_history": frozenset({"none", "all", "last", "auto"}),
    "verbosity": frozenset({"low", "medium", "high"}),
    "cache_prompt": frozenset({"auto"}),
}
"""Generation settings whose string values are one of a fixed set (Inspect's
`GenerateConfig`); any other string value of a generation setting is withheld."""
WITHHELD = "[withheld {}]"
"""What a withheld string becomes; equal strings get the same number."""


class _Runs:
    """Rebuilds runs for publication from an allow-list: every field of the result is named
    here; strings that are not of a checked shape are withheld, numbered by first appearance
    so that equal texts stay equal and different texts stay different."""

    def __init__(self, public_models: set[str]) -> None:
        self.public_models = public_models
        self.tokens: dict[str, str] = {}

    def withhold(self, text: str) -> str:
        return self.tokens.setdefault(text, WITHHELD.format(len(self.tokens) + 1))

    def name(self, text: str) -> str:
        return text if NAME.match(text) else self.withhold(text)

    def reducer(self, text: str) -> str:
        return text if known_reducer(text) else self.withhold(text)

    def data(self, value: JsonValue) -> JsonValue:
        """Numbers, booleans and nulls as they are, names as keys, every string withheld."""
        if isinstance(value, str):
            return self.withhold(value)
        if isinstance(value, list):
            return [self.data(v) for v in value]
        if isinstance(value, dict):
            return {self.name(k): self.data(v) for k, v in value.items()}
        return value

    def generate_config(self, config: dict[str, JsonValue]) -> dict[str, JsonValue]:
        out: dict[str, JsonValue] = {}
        for k, v in config.items():
            enum = GENERATE_ENUMS.get(k, frozenset())
            out[self.name(k)] = v if isinstance(v, str) and v in enum else self.data(v)
        return out

    def task(self, t: TaskIdentity) -> TaskIdentity:
        version = t.version
        if isinstance(version, str) and not VERSION.match(version):
            version = self.withhold(version)
        return TaskIdentity(
            name=t.name,
            registry=t.registry,
            version=version,
            file=self.withhold(t.file) if t.file is not None else None,
            args={self.name(k): self.data(v) for k, v in t.args.items()},
        )

    def dataset(self, d: DatasetIdentity) -> DatasetIdentity:
        rev = d.revision
        return DatasetIdentity(
            name=d.name,
            samples=d.samples,
            revision=rev if rev is None or DIGEST.match(rev) else self.withhold(rev),
            sample_ids_sha256=d.sample_ids_sha256,
        )

    def sandbox(self, b: RunSandbox) -> RunSandbox:
        return RunSandbox(
            type=self.name(b.type),
            config=self.withhold(b.config) if b.config is not None else None,
            internet_egress=b.internet_egress,
        )

    def score(self, sc: RunScore) -> RunScore:
        return RunScore(
            name=self.name(sc.name) if sc.name is not None else None,
            scorer=self.name(sc.scorer),
            reducer=self.reducer(sc.reducer) if sc.reducer is not None else None,
            scored_samples=sc.scored_samples,
            unscored_samples=sc.unscored_samples,
            metrics={
                self.name(k): MetricValue(
                    value=m.value,
                    lower=m.lower,
                    upper=m.upper,
                    params={self.name(pk): self.data(pv) for pk, pv in m.params.items()},
                )
                for k, m in sc.metrics.items()
            },
        )

    def run(self, r: Run) -> Run:
        models = self.public_models | {r.model}
        return Run(
            id=r.id,
            procedure=r.procedure,
            model=r.model,
            model_roles={self.name(k): self.withhold(v) for k, v in r.model_roles.items()},
            org=r.org,
            status=r.status,
            invalidated=r.invalidated,
            task=self.task(r.task) if r.task else None,
            dataset=self.dataset(r.dataset) if r.dataset else None,
            generate_config=self.generate_config(r.generate_config),
            solver=[
                SolverStep(
                    solver=self.name(st.solver),
                    params={self.name(k): self.data(v) for k, v in st.params.items()},
                )
                for st in r.solver
            ],
            sandbox=self.sandbox(r.sandbox) if r.sandbox else None,
            limits=RunLimits.model_validate(r.limits.model_dump()) if r.limits else None,
            epochs=r.epochs,
            epochs_reducer=[self.reducer(x) for x in r.epochs_reducer],
            counts=Counts.model_validate(r.counts.model_dump()) if r.counts else None,
            scores=[self.score(sc) for sc in r.scores],
            started_at=r.started_at,
            completed_at=r.completed_at,
            token_usage={
                (k if k in models else self.withhold(k)): TokenUsage.model_validate(u.model_dump())
                for k, u in r.token_usage.items()
            },
        )


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.4g}"


def summary_text(sub: ResultSubmission, report: ConformanceReport, source_sha256: str) -> str:
    """The generated public summary: the source, its overall verdict, each requirement's
    verdict and each finding, in plain sentences (no text copied from the source)."""
    ref = f"{sub.standard.id}@{sub.standard.version}"
    lines = [
        f"Public summary of submission {sub.submission_id or '(no id)'} "
        f"(sha256 {source_sha256}) against {ref}, redacted by aiss.",
        f"Checked against {ref}, the source is {report.overall.value} ({report.reason}).",
    ]
    if report.requirements:
        verdicts = ", ".join(f"{v.id} {v.level} {v.verdict.value}" for v in report.requirements)
        lines.append(f"Requirements: {verdicts}.")
    for f in report.findings:
        iv = f" [{_num(f.lower)}, {_num(f.upper)}]" if f.lower is not None else ""
        level = f" ({f.level:.0%})" if f.level else ""
        lines.append(
            f"Finding: {f.metric} is in band {f.band or 'none'} ({f.status}); value "
            f"{_num(f.value)}{iv}{level}"
            + ("" if f.verified or f.value is None else ", figures not verified")
            + "."
        )
    return "\n".join(lines)


def redact(
    sub: ResultSubmission,
    report: ConformanceReport,
    source_sha256: str,
    source_digest: str | None = None,
) -> ResultSubmission:
    """The TLP:CLEAR public summary of `sub` (whose check is `report`), naming its source by
    the sha256 of its file and its content digest (`derived_from`)."""
    sut = sub.system_under_test
    public_sut = (
        SystemUnderTest(
            developer=sut.developer,
            model=ModelIdentity(
                provider_id=sut.model.provider_id,
                snapshot=sut.model.snapshot,
                checkpoint_sha256=sut.model.checkpoint_sha256,
            ),
            system_type=sut.system_type,
            release_status=sut.release_status,
            access_level=sut.access_level,
            mitigation_state=sut.mitigation_state,
            helpful_only_available=sut.helpful_only_available,
        )
        if sut
        else None
    )
    models = {r.model for r in sub.reference_models}
    if sut:
        models.add(sut.model.provider_id)
    rebuild = _Runs(models)
    runs = [rebuild.run(r) for r in sub.runs]
    withheld = (
        f" {len(rebuild.tokens)} text value(s) of the runs are withheld as `[withheld N]`."
        if rebuild.tokens
        else ""
    )
    claims = []
    for c in sub.claims:
        if c.marking is not Tlp.CLEAR:
            continue
        evidence = [e for e in c.evidence if e.marking is Tlp.CLEAR]
        claims.append(c.model_copy(update={"evidence": evidence}))
    own_summary = (
        sub.public_summary
        if sub.public_summary and sub.marking.public_summary_marking is Tlp.CLEAR
        else None
    )
    text = summary_text(sub, report, source_sha256)
    if own_summary:
        text += "\n\n" + own_summary
    return ResultSubmission(
        schema_version=sub.schema_version,
        kind="ResultSubmission",
        submission_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"aiss:redacted:{source_sha256}")),
        standard=sub.standard,
        submitted=sub.submitted,
        submitter=Submitter(org=sub.submitter.org, role=sub.submitter.role)
        if sub.submitter
        else None,
        evaluating_orgs=sub.evaluating_orgs,
        marking=Marking(
            tlp=Tlp.CLEAR,
            embargo_until=sub.marking.embargo_until,
            public_summary_marking=Tlp.CLEAR,
        ),
        system_under_test=public_sut,
        evaluation_window=sub.evaluation_window,
        reference_models=[
            ReferenceModel(model=r.model, same_settings=r.same_settings)
            for r in sub.reference_models
        ],
        environment=Environment(harness=sub.environment.harness)
        if sub.environment and sub.environment.harness
        else None,
        runs=runs,
        metric_results=sub.metric_results,
        claims=claims,
        limitations=[
            f"Redacted public summary of the submission with sha256 {source_sha256}: per-sample "
            "data, logs, elicitation details and restricted text were removed." + withheld
        ],
        public_summary=text[:20_000],
        derived_from=DerivedFrom(
            sha256=source_sha256, digest=source_digest, submission_id=sub.submission_id
        ),
    )
