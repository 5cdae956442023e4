"""The conformance report: per-requirement verdicts, overall status, findings, recomputations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from aiss.catalog.contracts import (
    CheckReportOut,
    CheckSummaryOut,
    CoverageOut,
    FailingOut,
    FindingOut,
    LocationOut,
    RecomputedOut,
    ReferenceOut,
    ReportOut,
    RequirementOut,
    TolerancesOut,
    diagnostic_out,
)
from aiss.conformance.findings import Finding
from aiss.conformance.recompute import BOUND_TOLERANCE, VALUE_TOLERANCE
from aiss.diagnostics import Diagnostic, Location
from aiss.models.common import Tlp
from aiss.models.standard import Level
from aiss.models.verdicts import Overall, Verdict
from aiss.settings import VERSION


@dataclass(frozen=True)
class RequirementVerdict:
    """Exactly one verdict for one requirement, with a stable reason code and a sentence."""

    id: str
    level: Level
    title: str
    check: str
    verdict: Verdict
    reason: str
    message: str
    evidence: Location | None = None
    """Where the evidence for the verdict is."""


@dataclass(frozen=True)
class Coverage:
    """MUST / MUST NOT requirements passed, not applicable or waived, out of all of them."""

    must_total: int
    must_satisfied: int

    @property
    def ratio(self) -> float:
        return self.must_satisfied / self.must_total if self.must_total else 1.0


@dataclass(frozen=True)
class RecomputeRow:
    """A metric recomputed from per-sample scores beside the submitted figures."""

    metric: str
    run: str
    model: str | None
    submitted_value: float | None
    value: float
    submitted_lower: float | None
    submitted_upper: float | None
    lower: float | None
    upper: float | None
    method: str | None
    level: float | None
    n_items: int
    n_epochs: int
    n_scored: int
    value_agrees: bool
    bounds_agree: bool | None
    note: str = ""
    refuted: bool = False
    """The run's read log refutes the records these figures were recomputed from
    (`log-disagrees-with-run`): nothing rests on them."""


@dataclass
class ConformanceReport:
    """The outcome of checking one submission against the standard version it claims."""

    path: str
    overall: Overall
    reason: str
    """Why the overall status is what it is (a stable code)."""
    marking: Tlp
    """The most restrictive marking among the submission, its artifacts and the standard."""
    standard: str | None = None
    standard_status: str | None = None
    submission_id: str | None = None
    embargo_until: str | None = None
    coverage: Coverage | None = None
    requirements: list[RequirementVerdict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    recomputed: list[RecomputeRow] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    expected_verdict: str | None = None
    """The verdict an example (test vector) declares, when the file is one."""

    @property
    def conformant(self) -> bool:
        return self.overall.conformant

    def failing(self) -> list[RequirementVerdict]:
        """Requirements that keep the submission from conformance or completeness."""
        return [v for v in self.requirements if v.verdict.failed or v.verdict.undecided]

    def to_out(self) -> ReportOut:
        """The report as its output contract (`schemas/check-report.schema.json`)."""
        cov = self.coverage
        return ReportOut(
            path=self.path,
            standard=self.standard,
            standard_status=self.standard_status,
            submission_id=self.submission_id,
            marking=self.marking.value,
            embargo_until=self.embargo_until,
            overall=self.overall.value,
            reason=self.reason,
            expected_verdict=self.expected_verdict,
            coverage=CoverageOut(
                must_total=cov.must_total,
                must_satisfied=cov.must_satisfied,
                ratio=round(cov.ratio, 6),
            )
            if cov
            else None,
            requirements=[
                RequirementOut(
                    id=r.id,
                    level=r.level.value,
                    title=r.title,
                    check=r.check,
                    verdict=r.verdict.value,
                    reason=r.reason,
                    message=r.message,
                    evidence=LocationOut(**asdict(r.evidence)) if r.evidence else None,
                )
                for r in self.requirements
            ],
            failing=[FailingOut(id=r.id, reason=r.reason) for r in self.failing()],
            findings=[
                FindingOut(
                    **{k: v for k, v in asdict(f).items() if k not in ("candidates", "references")},
                    candidates=list(f.candidates),
                    references=[ReferenceOut(**asdict(x)) for x in f.references],
                )
                for f in self.findings
            ],
            recomputed=[RecomputedOut(**asdict(r)) for r in self.recomputed],
            diagnostics=[diagnostic_out(d) for d in self.diagnostics],
        )

    def to_json(self) -> dict[str, Any]:
        """The report as data; its schema is `schemas/check-report.schema.json`."""
        return self.to_out().model_dump(mode="json")


def combined_marking(reports: list[ConformanceReport]) -> Tlp:
    """The marking of an output that holds several reports: the most restrictive."""
    return Tlp.most_restrictive([r.marking for r in reports])


def check_document(reports: Sequence[ConformanceReport]) -> dict[str, Any]:
    """Reports as one JSON document, the same as `aiss check --format json` prints
    (`schemas/check-report.schema.json`)."""
    listed = list(reports)
    counts = Counter(r.overall for r in listed)
    out = CheckReportOut(
        version=VERSION,
        marking=combined_marking(listed).value,
        tolerances=TolerancesOut(value=VALUE_TOLERANCE, bound=BOUND_TOLERANCE),
        summary=CheckSummaryOut(files=len(listed), **{s.value: counts[s] for s in Overall}),
        reports=[r.to_out() for r in listed],
    )
    data: dict[str, Any] = out.model_dump(mode="json")
    return data
