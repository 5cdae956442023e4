"""A restricted submission -> its public (TLP:CLEAR) summary, which validates and checks like
any submission and names its source by digest.

Kept: the standard claimed, who evaluated, the system under test (its identity and access),
the evaluation window, reference models, each run's pins, settings, counts and score
summaries, and the metric results with their intervals. Generated: a summary of the source's
verdicts and findings (from its check), and a limitation naming the source's sha256.
Removed: per-sample records, logs and their locations, dataset locations, generation settings
that are text (a system prompt), elicitation details, error texts,
safeguard descriptions, attestation statements, limitations and claims not themselves marked
TLP:CLEAR, evidence not marked TLP:CLEAR, and the source's public summary unless it is marked
TLP:CLEAR.
"""

from __future__ import annotations

import uuid

from aiss.conformance.report import ConformanceReport
from aiss.models.common import Tlp
from aiss.models.submission import (
    DerivedFrom,
    Environment,
    Marking,
    ReferenceModel,
    ResultSubmission,
    SystemUnderTest,
)

RUN_DROPPED = {"log", "samples", "sample_scorer", "error"}
"""Run fields that never reach a public summary: logs, per-sample data, error texts."""


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
            f"{_num(f.value)}{iv}{level}."
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
        SystemUnderTest.model_validate(sut.model_dump(exclude={"safeguards"}, exclude_none=True))
        if sut
        else None
    )
    runs = [
        r.model_copy(
            update={
                **dict.fromkeys(RUN_DROPPED),
                "dataset": r.dataset.model_copy(update={"location": None}) if r.dataset else None,
                "generate_config": {
                    k: v
                    for k, v in r.generate_config.items()
                    if isinstance(v, int | float | bool)  # prompts and other text stay out
                },
            }
        )
        for r in sub.runs
    ]
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
        submitter=sub.submitter.model_copy(update={"contact": None}) if sub.submitter else None,
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
            "data, logs, elicitation details and restricted text were removed."
        ],
        public_summary=text[:20_000],
        derived_from=DerivedFrom(
            sha256=source_sha256, digest=source_digest, submission_id=sub.submission_id
        ),
    )
